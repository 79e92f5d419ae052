// The fields of a record as an officer gives them on the command line: `--set path=value`
// (typed by the record's schema) and `--from FILE` (a YAML mapping), merged onto a base.

import path from 'node:path';
import type { Context } from '../context.js';
import { UsageError } from '../../core/errors.js';
import type { RecordType } from '../../core/records.js';
import { parseAssignment, setPath, schemaTypeAt, coerceValue, SetPathError, formatPath } from '../../core/setPath.js';
import { loadSchemaFiles } from '../../store/read/schemas.js';
import { SCHEMA_IDS } from '../../core/records.js';
import { parseDateInput, isoDay } from '../../core/dateInput.js';
import { parseYaml, MAX_RECORD_BYTES } from '../../core/yaml.js';
import { readBoundedText } from '../../store/read/readFile.js';

/** Fields ehcp sets itself: --set and --from may not change them. */
const MANAGED_FIELDS = ['schema', 'id', 'case', 'status', 'void_reason', 'amends'];

/** Apply `--set path=value` flags to `fields` (mutated), typed by the record's schema. */
export async function applySets(fields: Record<string, unknown>, sets: string[], type: RecordType, today?: string): Promise<void> {
  if (sets.length === 0) return;
  const schemas = Object.values(loadSchemaFiles());
  const rootId = `https://ehcp.invalid/schemas/${SCHEMA_IDS[type]}.json`;
  for (const text of sets) {
    try {
      const { path: where, raw } = parseAssignment(text);
      if (MANAGED_FIELDS.includes(String(where[0]))) {
        throw new SetPathError(`\`${formatPath(where)}\` is set by ehcp and cannot be given with --set.`);
      }
      const last = where[where.length - 1];
      let value = raw;
      if (typeof last === 'string' && dateFieldNames(schemas).has(last)) {
        // A date field: typed as officers write dates (05/03/2024, today), stored as ISO.
        const parsed = parseDateInput(raw, today ?? isoDay(new Date()));
        if (!parsed.ok) throw new UsageError(`--set ${formatPath(where)} ${parsed.problem}.`);
        value = parsed.date;
      }
      setPath(fields, where, coerceValue(value, schemaTypeAt(schemas, rootId, where), where));
    } catch (error) {
      if (error instanceof SetPathError) throw new UsageError(`--set: ${error.message}`, 'Write --set path=value, e.g. --set attendees[0].name="Test Person" --set decisions[0].reasons="..."');
      throw error;
    }
  }
}

/** Names of the fields the schemas define as dates (`$ref` to the common date). */
function dateFieldNames(schemas: object[]): Set<string> {
  const names = new Set<string>();
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    const props = (node as { properties?: Record<string, { $ref?: string }> }).properties;
    if (props) for (const [name, def] of Object.entries(props)) if (typeof def?.$ref === 'string' && def.$ref.endsWith('$defs/date')) names.add(name);
    Object.values(node).forEach(walk);
  };
  walk(schemas);
  return names;
}

/**
 * Read `--from FILE`: a YAML mapping of fields (for instance the output of `ehcp record
 * show`). Fields ehcp manages (schema, id, status, ...) are ignored; `case` is returned
 * separately so the caller can check it.
 */
export async function readFieldsFile(ctx: Context, file: string): Promise<Record<string, unknown>> {
  const abs = path.resolve(ctx.cwd, file);
  // Bounded and type-checked: --from /dev/zero or a FIFO is refused, not read forever.
  const text = readBoundedText(abs, { maxBytes: MAX_RECORD_BYTES, label: `--from ${file}` });
  const parsed = parseYaml(file, text);
  if (!parsed.ok) {
    throw new UsageError(`--from ${file} is not valid YAML:\n  ${parsed.problems.map((p) => `${file}:${p.line}:${p.col} ${p.message}`).join('\n  ')}`);
  }
  const value = parsed.value ?? {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new UsageError(`--from ${file} must be a YAML mapping of field: value lines.`);
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([k]) => !MANAGED_FIELDS.includes(k) || k === 'case'));
}

/** `over` merged onto `base`: mappings merged key by key, anything else replaced. */
export function mergeFields(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = Object.hasOwn(out, key) ? out[key] : undefined;
    const isMap = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);
    // defineProperty: a key such as "__proto__" from a YAML file stays an (invalid) field.
    Object.defineProperty(out, key, { value: isMap(current) && isMap(value) ? mergeFields(current, value) : value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Remove `case` from fields read with --from, refusing one that names another case. */
export function takeCase(fields: Record<string, unknown>, expected: string | undefined, file: string): Record<string, unknown> {
  const { case: named, ...rest } = fields;
  if (named !== undefined && expected !== undefined && String(named).trim().toUpperCase() !== expected) {
    throw new UsageError(`--from ${file} is for another case than ${expected}.`, 'Use a file of fields for this case, or leave `case:` out of it.');
  }
  return rest;
}

