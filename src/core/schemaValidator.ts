// JSON Schema validation of parsed documents, with errors turned into sentences that say
// what to do. Messages name fields and allowed values, never the record's own text, which
// may be personal data.

import { createRequire } from 'node:module';
import type { Ajv2020 as Ajv2020Class, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import type addFormatsModule from 'ajv-formats';
import { documentTypeOf, SCHEMA_IDS, type DocumentType } from './records.js';
import { problem, type Problem } from './problems.js';
import { SUPPORTED_RANGE_TEXT } from './calendar/range.js';

// ajv itself is loaded only to compile schemas at run time (createSchemaValidator), which a
// built ehcp never does: it runs the validators compiled at build time. Loading it anyway
// cost every validate and audit ~20 ms. ajv-formats is CommonJS; its plugin is `.default`.
function loadAjv(): { Ajv2020: typeof Ajv2020Class; addFormats: typeof addFormatsModule.default } {
  const require = createRequire(import.meta.url);
  const { Ajv2020 } = require('ajv/dist/2020.js') as { Ajv2020: typeof Ajv2020Class };
  const addFormats = (require('ajv-formats') as typeof addFormatsModule).default;
  return { Ajv2020, addFormats };
}

type Locate = (path: (string | number)[]) => { line: number; col: number };

export interface SchemaValidator {
  /** Validate a parsed document; `expected` restricts which schema it may name. */
  validate(file: string, value: unknown, locate: Locate, expected?: DocumentType[]): { type?: DocumentType; problems: Problem[] };
}

/** Compile `schemas` (the parsed JSON files of schemas/, each with its $id) at run time. */
export function createSchemaValidator(schemas: object[]): SchemaValidator {
  // Strict mode stays on (never strict: false), except strictRequired: the if/then rules
  // for final records name fields that the outer schema defines, which that check can't see.
  // allErrors so every problem is reported. scripts/build-validators.mjs uses the same options.
  const { Ajv2020, addFormats } = loadAjv();
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
  addFormats(ajv, { mode: 'full' }); // full: fast mode accepts 2024-02-30
  for (const schema of schemas) ajv.addSchema(schema);
  const compiled = {} as Record<DocumentType, ValidateFunction>;
  // Compile every record schema now, so a schema mistake fails at once, not on first use.
  for (const type of Object.keys(SCHEMA_IDS) as DocumentType[]) {
    const id = `https://ehcp.invalid/schemas/${SCHEMA_IDS[type]}.json`;
    const fn = ajv.getSchema(id);
    if (!fn) throw new Error(`schema ${id} is not loaded`);
    compiled[type] = fn;
  }
  return validatorFrom(compiled);
}

/** Wrap validation functions, compiled at run time or generated at build time. */
export function validatorFrom(compiled: Record<DocumentType, ValidateFunction>): SchemaValidator {
  const get = (type: DocumentType) => compiled[type];
  return {
    validate(file, value, locate, expected) {
      if (!value || typeof value !== 'object' || Array.isArray(value)) {
        return { problems: [problem(file, 'unknown-schema', 'The file must be a YAML mapping of field: value lines, starting with `schema:`.')] };
      }
      const schemaField = (value as Record<string, unknown>).schema;
      const type = documentTypeOf(schemaField);
      const allowed = expected ?? (['minutes', 'note', 'communication'] as DocumentType[]);
      if (!type || !allowed.includes(type)) {
        const names = allowed.map((t) => SCHEMA_IDS[t]).join(', ');
        return {
          problems: [
            problem(
              file,
              'unknown-schema',
              typeof schemaField === 'string' || schemaField === undefined
                ? `\`schema\` must name one of ${names} here; this file names ${schemaField === undefined ? 'none' : 'another'}.`
                : `\`schema\` must be a string naming one of ${names}.`,
              locate(['schema']),
            ),
          ],
        };
      }
      const fn = get(type);
      if (fn(value)) return { type, problems: [] };
      return { type, problems: explain(file, fn.errors ?? [], locate) };
    },
  };
}

function explain(file: string, errors: ErrorObject[], locate: Locate): Problem[] {
  const seen = new Set<string>();
  const out: Problem[] = [];
  for (const error of errors) {
    // `if` only says which branch failed; the branch's own errors say why.
    if (error.keyword === 'if') continue;
    const path = pointerToPath(error.instancePath);
    const message = describe(error, path);
    const key = `${error.instancePath}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    // An unknown field is best shown at its own line, not at the mapping that holds it.
    const at = error.keyword === 'additionalProperties' ? [...path, String(error.params.additionalProperty)] : path;
    out.push(problem(file, 'schema', message, locate(at)));
  }
  return out;
}

function pointerToPath(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function fieldName(path: (string | number)[]): string {
  if (path.length === 0) return 'the record';
  return '`' + path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('') + '`';
}

function describe(error: ErrorObject, path: (string | number)[]): string {
  const field = fieldName(path);
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': {
      const missing = `${path.length ? field.slice(0, -1) + '.' : '`'}${String(p.missingProperty)}\``;
      return `${missing} is required here; add it.`;
    }
    case 'additionalProperties':
      return `${path.length ? 'In ' + field + ', the' : 'The'} field \`${String(p.additionalProperty)}\` is not part of this record type; remove it or check its spelling.`;
    case 'enum':
      return `${field} must be one of: ${(p.allowedValues as unknown[]).join(', ')}.`;
    case 'const':
      return `${field} must be ${JSON.stringify(p.allowedValue)}.`;
    case 'type': {
      const t = String(p.type);
      const hint = t === 'string' ? ' (put it in double quotes)' : '';
      return `${field} must be ${t === 'array' ? 'a list' : t === 'object' ? 'a mapping' : `a ${t}`}${hint}.`;
    }
    case 'format':
      return p.format === 'date'
        ? `${field} must be a real calendar date written YYYY-MM-DD (in quotes).`
        : `${field} is not a valid ${String(p.format)}.`;
    case 'pattern':
      // The date definition's year range (schemas/common.schema.json; core/calendar/range.ts).
      if (String(p.pattern).startsWith('^(19[0-9]{2}|2[01][0-9]{2})-'))
        return `${field} must be a date ${SUPPORTED_RANGE_TEXT} (the dates ehcp supports).`;
      if (path[path.length - 1] === 'case' || path[path.length - 1] === 'ref')
        return `${field} must be a case reference: capitals, digits, - and _, 2 to 32 characters (never a name).`;
      if (['id', 'amends', 'responds_to'].includes(String(path[path.length - 1])))
        return `${field} must be a record id such as 2024-03-05-minutes-k3f9q2.`;
      if (path[path.length - 1] === 'time') return `${field} must be a 24-hour time HH:MM.`;
      return `${field} is not in the expected form.`;
    case 'minItems':
      return `${field} needs at least ${String(p.limit)} entr${p.limit === 1 ? 'y' : 'ies'} before the record can be final.`;
    case 'minLength':
      return `${field} must not be empty.`;
    case 'maxLength':
      return `${field} is longer than ${String(p.limit)} characters; shorten it.`;
    case 'minimum':
    case 'maximum':
      return `${field} must be ${error.keyword === 'minimum' ? 'at least' : 'at most'} ${String(p.limit)}.`;
    case 'uniqueItems':
      return `${field} lists the same value twice; remove the repeat.`;
    default:
      return `${field}: ${error.message ?? 'is not valid'}.`;
  }
}
