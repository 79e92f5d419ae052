// Editing a whole record in the officer's editor until it is valid: `minutes new --edit`,
// `record amend --edit`.

import path from 'node:path';
import type { Context } from '../context.js';
import type { RecordType } from '../../core/records.js';
import type { EditCheck } from '../prompts/editor.js';
import { minutesAnnotator } from './approval.js';
import { serializeRecord } from '../../core/serialize.js';
import { SCHEMA_IDS } from '../../core/records.js';
import { editUntilValid } from '../prompts/editor.js';
import { DRAFTS_DIR } from '../../store/paths.js';
import { parseYaml } from '../../core/yaml.js';
import { getSchemaValidator } from '../../store/read/schemas.js';

interface EditRecordRequest {
  type: RecordType;
  caseRef: string;
  fields: Record<string, unknown>;
  status: 'draft' | 'final';
  amends?: string;
  /** Filled in when the officer saves final minutes without them (approved by/on). */
  finalDefaults?: Record<string, unknown>;
}

/**
 * Open the record (as it would be written, with a minutes template's guidance) in the
 * editor until it is valid. The officer may change any field but schema, id, case and
 * amends; minutes may be saved as draft or final, other records are final.
 */
/** The record's own fields as edited, and the status the officer chose. */
export interface EditedRecord {
  fields: Record<string, unknown>;
  status: 'draft' | 'final';
}

export async function editRecord(ctx: Context, root: string, request: EditRecordRequest): Promise<EditedRecord> {
  const shown: Record<string, unknown> = {
    schema: SCHEMA_IDS[request.type],
    case: request.caseRef,
    status: request.status,
    ...request.fields,
    ...(request.amends ? { amends: request.amends } : {}),
  };
  let text = serializeRecord(shown);
  if (request.type === 'minutes') {
    const annotate = await minutesAnnotator(root, request.fields.kind);
    if (annotate) text = annotate(text);
  }
  const header =
    `# ehcp: ${request.amends ? `a correction of ${request.amends}` : `new ${request.type}`} for case ${request.caseRef}. Save and close to write it;\n` +
    '# save an empty file to give up. The id is chosen when it is written.\n';
  const lines = text.split('\n');
  text = [lines[0], ...header.trimEnd().split('\n'), ...lines.slice(1)].join('\n');
  const validator = getSchemaValidator();
  const check = (body: string): EditCheck<EditedRecord> => {
    const parsed = parseYaml('the edited record', body);
    if (!parsed.ok) return { problems: parsed.problems };
    const value = parsed.value;
    if (!value || typeof value !== 'object' || Array.isArray(value)) return { problems: [{ line: 1, message: 'The record must be a YAML mapping of field: value lines.' }] };
    const v = { ...(value as Record<string, unknown>) };
    const fixed: { line: number; message: string }[] = [];
    const keep = (field: string, expected: unknown) => {
      if (v[field] !== undefined && v[field] !== expected) fixed.push({ line: parsed.locate([field]).line, message: `\`${field}\` must stay ${String(expected)}.` });
    };
    keep('schema', SCHEMA_IDS[request.type]);
    keep('case', request.caseRef);
    keep('amends', request.amends);
    const allowedStatus = request.type === 'minutes' ? ['draft', 'final'] : ['final'];
    if (v.status !== undefined && !allowedStatus.includes(String(v.status))) {
      fixed.push({ line: parsed.locate(['status']).line, message: `\`status\` must be ${allowedStatus.join(' or ')} here (void a record with \`ehcp record void\`).` });
    }
    const status = (v.status ?? request.status) as 'draft' | 'final';
    if (status === 'final' && request.finalDefaults) {
      for (const [key, value] of Object.entries(request.finalDefaults)) if (v[key] === undefined) v[key] = value;
    }
    const date = typeof v.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v.date) ? v.date : '2000-01-01';
    const word = request.type === 'communication' ? 'comm' : request.type;
    const candidate = { ...v, schema: SCHEMA_IDS[request.type], id: `${date}-${word}-aaaaaa`, case: request.caseRef, status, ...(request.amends ? { amends: request.amends } : {}), recorded_by: v.recorded_by ?? 'x' };
    const { problems } = validator.validate('the edited record', candidate, parsed.locate, [request.type]);
    const all = [...fixed, ...problems.map((p) => ({ line: p.line, message: p.message }))];
    if (all.length > 0) return { problems: all };
    const fields = Object.fromEntries(Object.entries(v).filter(([k]) => !['schema', 'id', 'case', 'status', 'amends', 'void_reason'].includes(k)));
    return { problems: [], value: { fields, status } };
  };
  return editUntilValid<EditedRecord>(ctx, { initialText: text, workDir: path.join(root, DRAFTS_DIR), label: request.caseRef, check });
}
