// Loading the shipped JSON Schemas, and bundling each into a self-contained file for the
// records repository (so an editor validates a record without resolving remote $refs).

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import { createSchemaValidator, validatorFrom, type SchemaValidator } from '../../core/schemaValidator.js';
import { PACKAGE_ROOT, PACKAGE_SCHEMAS } from '../paths.js';

export const SCHEMA_FILES = ['common', 'case', 'minutes', 'note', 'communication', 'config'].map((n) => `${n}.schema.json`);

let loaded: Record<string, Record<string, unknown>> | undefined;
export function loadSchemaFiles(): Record<string, Record<string, unknown>> {
  loaded ??= Object.fromEntries(SCHEMA_FILES.map((f) => [f, JSON.parse(fs.readFileSync(path.join(PACKAGE_SCHEMAS, f), 'utf8'))]));
  return loaded;
}

let validator: SchemaValidator | undefined;
/**
 * The validator: the code generated at build time (dist/generated/validators.cjs) when
 * present, which saves compiling the schemas on every run; otherwise compiled now.
 */
export function getSchemaValidator(): SchemaValidator {
  validator ??= loadGeneratedValidator() ?? createSchemaValidator(Object.values(loadSchemaFiles()));
  return validator;
}

export function loadGeneratedValidator(): SchemaValidator | undefined {
  const file = path.join(PACKAGE_ROOT, 'dist', 'generated', 'validators.cjs');
  if (!fs.existsSync(file)) return undefined;
  const generated = createRequire(import.meta.url)(file) as Record<string, ValidateFunction>;
  return validatorFrom({
    case: generated.caseValidator,
    minutes: generated.minutesValidator,
    note: generated.noteValidator,
    communication: generated.communicationValidator,
    config: generated.configValidator,
  });
}

/** A copy of `file` with common $defs inlined and refs made local. */
export function bundledSchema(file: string): Record<string, unknown> {
  const schemas = loadSchemaFiles();
  const common = schemas['common.schema.json'].$defs as Record<string, unknown>;
  const text = JSON.stringify(schemas[file]).replaceAll('"../common/v1.json#/$defs/', '"#/$defs/');
  const bundled = JSON.parse(text) as Record<string, unknown>;
  bundled.$defs = { ...common, ...((bundled.$defs as Record<string, unknown>) ?? {}) };
  return bundled;
}
