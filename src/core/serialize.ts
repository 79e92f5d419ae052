// How a record is written to disk: fields in schema order (so every file reads the same
// way and diffs stay small), with the editor's schema comment on the first line.

import type { Layout } from './layout.js';
import {
  CASE_FIELDS,
  COMMUNICATION_FIELDS,
  CONFIG_FIELDS,
  MINUTES_FIELDS,
  NOTE_FIELDS,
  documentTypeOf,
  type DocumentType,
} from './records.js';
import { stringifyRecord } from './yaml.js';

const FIELD_ORDER: Record<DocumentType, readonly string[]> = {
  case: CASE_FIELDS,
  minutes: MINUTES_FIELDS,
  note: NOTE_FIELDS,
  communication: COMMUNICATION_FIELDS,
  config: CONFIG_FIELDS,
};

const SCHEMA_FILE: Record<DocumentType, string> = {
  case: 'case.schema.json',
  minutes: 'minutes.schema.json',
  note: 'note.schema.json',
  communication: 'communication.schema.json',
  config: 'config.schema.json',
};

/** Top-level fields in schema order; unknown fields last (validation will name them). */
function orderFields(value: Record<string, unknown>): Record<string, unknown> {
  const type = documentTypeOf(value.schema);
  const order = type ? FIELD_ORDER[type] : [];
  const out: Record<string, unknown> = {};
  for (const key of order) if (value[key] !== undefined) out[key] = value[key];
  for (const key of Object.keys(value)) if (!(key in out) && value[key] !== undefined) out[key] = value[key];
  return out;
}

/**
 * The text of a record file in its case folder: the schema comment points at the bundled
 * schema where `ehcp init` puts it, two folders up (cases/<REF>/) or three in the sharded
 * layout (cases/<xx>/<REF>/).
 */
export function serializeRecord(value: Record<string, unknown>, layout: Layout = 'flat'): string {
  const type = documentTypeOf(value.schema);
  const up = layout === 'sharded' ? '../../../' : '../../';
  const schemaPath = type ? `${up}schemas/${SCHEMA_FILE[type]}` : `${up}schemas/`;
  return stringifyRecord(orderFields(value), schemaPath);
}
