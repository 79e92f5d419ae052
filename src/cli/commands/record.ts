// `ehcp record show|amend|void ID`: read a record, correct it with a new record that
// `amends` it (the original is never touched), or withdraw it (`status: void` with a
// reason, the one in-place change allowed to a final record). Also the helpers every
// record-writing command shares: --set, --from, and printing what was written.

import path from 'node:path';
import { Option, type Command } from 'commander';
import type { Definer } from '../program.js';
import { caseRefInput, collect, emit, requireFlags, say, today, type Context } from '../context.js';
import { UsageError } from '../../core/errors.js';
import type { RecordType } from '../../core/records.js';
import type { WriteOutcome } from '../../store/records.js';
import type { EditCheck } from '../prompts/editor.js';

export interface RecordShowOptions {
  format: 'yaml' | 'json';
  case?: string;
}

export interface RecordAmendOptions {
  set?: string[];
  from?: string;
  edit?: boolean;
  final?: boolean;
  commit?: boolean;
  json?: boolean;
  case?: string;
}

export interface RecordVoidOptions {
  reason?: string;
  json?: boolean;
  case?: string;
}

export const defineRecord: Definer = (program: Command, context) => {
  const record = program.command('record').description('show, correct (amend) or withdraw (void) a record by its id');
  record
    .command('show')
    .description('print a record')
    .argument('<id>', 'record id, e.g. 2024-03-05-minutes-k3f9q2')
    .addOption(new Option('--format <format>', 'output format').choices(['yaml', 'json']).default('yaml'))
    .option('--case <ref>', 'the case it belongs to (found from the id when not given)')
    .addHelpText('after', '\nExamples:\n  ehcp record show 2024-03-05-minutes-k3f9q2\n  ehcp record show 2024-03-05-comm-p2x8r1 --format json')
    .action(async (id: string, opts: RecordShowOptions) => {
      process.exitCode = await runRecordShow(context(), id, opts);
    });
  record
    .command('amend')
    .description('correct a final record: writes a NEW record with `amends: ID`; the original is never changed')
    .argument('<id>', 'the record to correct')
    .option('--set <path=value>', 'change a field (repeatable), e.g. --set summary="..." --set attendees[1].role=Chair', collect)
    .option('--from <file>', 'a YAML file of fields to change (flags win)')
    .option('--edit', 'edit the corrected record in $VISUAL/$EDITOR')
    .option('--final', 'minutes: save the correction as final (approved now by you) rather than a draft')
    .option('--no-commit', 'write the file but do not commit it')
    .option('--json', 'print {"id","path","commit"} instead of the path')
    .option('--case <ref>', 'the case it belongs to (found from the id when not given)')
    .addHelpText(
      'after',
      '\nExamples:\n  ehcp record amend 2024-03-07-comm-p2x8r1 --set date=2024-03-08\n  ehcp record amend 2024-03-05-minutes-k3f9q2 --edit',
    )
    .action(async (id: string, opts: RecordAmendOptions) => {
      process.exitCode = await runRecordAmend(context(), id, opts);
    });
  record
    .command('void')
    .description('withdraw a record: sets `status: void` and the reason, in one commit')
    .argument('<id>', 'the record to withdraw')
    .option('--reason <text>', 'why it is withdrawn (required)')
    .option('--json', 'print {"id","path","commit"} instead of the path')
    .option('--case <ref>', 'the case it belongs to (found from the id when not given)')
    .addHelpText('after', '\nExamples:\n  ehcp record void 2024-03-07-comm-p2x8r1 --reason "Logged against the wrong case"')
    .action(async (id: string, opts: RecordVoidOptions) => {
      process.exitCode = await runRecordVoid(context(), id, opts);
    });
};

export async function runRecordShow(ctx: Context, id: string, options: RecordShowOptions): Promise<number> {
  const root = await repositoryRoot(ctx);
  const { locateRecord, loadFile } = await import('../../store/records.js');
  const located = locateRecord(root, id.trim(), caseRefInput(options.case));
  const { doc, text } = loadFile(root, located.file);
  if (options.format === 'yaml') {
    // The file as it is, but a control character (never valid in YAML: the file is
    // reported invalid anyway) is shown as a visible escape, not sent to the terminal.
    // eslint-disable-next-line no-control-regex
    emit(ctx, text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]|\r(?!\n)/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`));
  } else {
    if (!doc.value) {
      const { EhcpError } = await import('../../core/errors.js');
      throw new EhcpError(`${located.file} could not be read as YAML.`, `Run \`ehcp validate ${located.file}\` to see why.`, 1);
    }
    emit(ctx, JSON.stringify(doc.value, null, 2));
  }
  if (!doc.valid) say(ctx, `warning: ${located.file} is not valid; run \`ehcp validate ${located.file}\`.`);
  return 0;
}

/** Fields a correction does not copy: they belong to the original record or its approval. */
const NOT_COPIED = ['schema', 'id', 'case', 'status', 'void_reason', 'amends', 'recorded_by', 'approved_by', 'approved_on'];

export async function runRecordAmend(ctx: Context, id: string, options: RecordAmendOptions): Promise<number> {
  const root = await repositoryRoot(ctx);
  const { locateRecord, loadFile, createRecord } = await import('../../store/records.js');
  const { EhcpError } = await import('../../core/errors.js');
  const located = locateRecord(root, id.trim(), caseRefInput(options.case));
  const { doc } = loadFile(root, located.file);
  if (!doc.valid || !doc.value) {
    throw new EhcpError(`${located.file} is not a valid record, so it cannot be amended.`, `Run \`ehcp validate ${located.file}\` and correct it first.`, 1);
  }
  const original = doc.value;
  if (original.status === 'void') throw new EhcpError(`${located.id} is void; there is nothing to correct.`, 'Record what happened as a new record instead.');
  if (original.status === 'draft') {
    throw new EhcpError(
      `${located.id} is a draft: drafts are edited in place, not amended.`,
      `Open ${path.relative(ctx.cwd, located.abs)} in your editor, then finalise it with \`ehcp minutes finalise ${located.id}\`.`,
    );
  }
  const sets = options.set ?? [];
  if (sets.length === 0 && !options.from && !options.edit) {
    // In a terminal, the natural way to correct a record is to edit it.
    if (ctx.interactive) options = { ...options, edit: true };
    else throw new UsageError('record amend needs the corrected values: give --set PATH=VALUE, --from FILE or --edit.', `e.g. \`ehcp record amend ${located.id} --set summary="..."\``);
  }
  let fields: Record<string, unknown> = structuredClone(Object.fromEntries(Object.entries(original).filter(([k]) => !NOT_COPIED.includes(k))));
  if (options.from) fields = mergeFields(fields, takeCase(await readFieldsFile(ctx, options.from), located.case, options.from));
  await applySets(fields, sets, located.type, today(ctx));
  const isMinutes = located.type === 'minutes';
  let status: 'draft' | 'final' = isMinutes && !options.final ? 'draft' : 'final';
  if (isMinutes && status === 'final') await applyApprovalDefaults(root, fields);
  if (options.edit) {
    const finalDefaults = isMinutes ? await approvalDefaults(root) : undefined;
    const edited = await editRecord(ctx, root, { type: located.type, caseRef: located.case, fields, status, amends: located.id, finalDefaults });
    fields = edited.fields;
    status = edited.status;
  }
  if (sameFields(fields, original)) {
    throw new EhcpError('The correction changes nothing, so no record was written.', 'Give the corrected values with --set, --from or --edit.');
  }
  const annotate = isMinutes && status === 'draft' ? await minutesAnnotator(root, fields.kind) : undefined;
  const outcome = await createRecord(
    root,
    { type: located.type, case: located.case, status, fields: { ...fields, amends: located.id }, annotate },
    { commit: options.commit !== false, action: 'amend', invalidMessage: 'The correction was not saved' },
  );
  say(ctx, `Wrote ${outcome.id}, which amends ${located.id} (the original is unchanged)${committedNote(outcome)}.`);
  await sayNextStep(ctx, { type: located.type, id: outcome.id, case: located.case, value: { ...fields, status } });
  reportWritten(ctx, outcome, options.json);
  return 0;
}

export async function runRecordVoid(ctx: Context, id: string, options: RecordVoidOptions): Promise<number> {
  const root = await repositoryRoot(ctx);
  const { locateRecord, loadFile, rewriteRecord } = await import('../../store/records.js');
  const { EhcpError } = await import('../../core/errors.js');
  const located = locateRecord(root, id.trim(), caseRefInput(options.case));
  const { doc } = loadFile(root, located.file);
  if (!doc.value) throw new EhcpError(`${located.file} could not be read as YAML, so it cannot be voided.`, `Run \`ehcp validate ${located.file}\`.`, 1);
  if (doc.value.status === 'void') {
    // Asking for what is already so is not an error: say it and change nothing.
    say(ctx, `${located.id} is already void; nothing was changed.`);
    return 0;
  }
  let reason = options.reason?.trim();
  if (!reason) {
    if (ctx.interactive) {
      const { inquirerPrompter } = await import('../prompts/prompter.js');
      const { isRequiredText } = await import('../prompts/checks.js');
      reason = (await (await inquirerPrompter(ctx)).input({ message: 'Why is this record withdrawn?', validate: isRequiredText })).trim();
    } else {
      requireFlags(ctx, 'record void', { '--reason TEXT': true });
    }
  }
  const { checkShortText } = await import('../../core/writeInput.js');
  const problem = checkShortText(reason!);
  if (problem) throw new UsageError(`--reason ${problem}.`);
  const value = { ...doc.value, status: 'void', void_reason: reason };
  const outcome = await rewriteRecord(root, located, value, 'void');
  say(ctx, `${located.id} is now void${committedNote(outcome)}.`);
  reportWritten(ctx, outcome, options.json);
  return 0;
}

// ---------------------------------------------------------------------------------------
// Shared by the record-writing commands.

export async function repositoryRoot(ctx: Context): Promise<string> {
  const { findRepositoryRoot } = await import('../../store/root.js');
  return findRepositoryRoot(ctx.cwd, ctx.repo);
}

/** stdout: the new record's path (relative to where the command ran), or JSON. */
export function reportWritten(ctx: Context, outcome: WriteOutcome, json?: boolean): void {
  const shown = path.relative(ctx.cwd, outcome.abs).split(path.sep).join('/') || outcome.file;
  if (json) emit(ctx, JSON.stringify({ id: outcome.id, path: shown, commit: outcome.commit ?? null }));
  else emit(ctx, shown);
}

/** The next step after a write, in one line on stderr (src/cli/nextStep.ts). */
export async function sayNextStep(ctx: Context, written: import('../nextStep.js').Written): Promise<void> {
  const line = (await import('../nextStep.js')).nextStep(written);
  if (line) say(ctx, line);
}

export function committedNote(outcome: WriteOutcome): string {
  return outcome.commit ? `; committed ${outcome.commit.slice(0, 7)}` : '; not committed (--no-commit): commit it with git when ready';
}

/** Fields ehcp sets itself: --set and --from may not change them. */
export const MANAGED_FIELDS = ['schema', 'id', 'case', 'status', 'void_reason', 'amends'];

/** Apply `--set path=value` flags to `fields` (mutated), typed by the record's schema. */
export async function applySets(fields: Record<string, unknown>, sets: string[], type: RecordType, today?: string): Promise<void> {
  if (sets.length === 0) return;
  const { parseAssignment, setPath, schemaTypeAt, coerceValue, SetPathError, formatPath } = await import('../../core/setPath.js');
  const { loadSchemaFiles } = await import('../../store/schemas.js');
  const { SCHEMA_IDS } = await import('../../core/records.js');
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
        const { parseDateInput, isoDay } = await import('../../core/dateInput.js');
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
  const { parseYaml, MAX_RECORD_BYTES } = await import('../../core/yaml.js');
  const { readBoundedText } = await import('../../store/readFile.js');
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

/** True when a correction's fields say the same as the original (approval aside). */
function sameFields(fields: Record<string, unknown>, original: Record<string, unknown>): boolean {
  const content = (r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).filter(([k, v]) => !NOT_COPIED.includes(k) && v !== undefined));
  const norm = (v: unknown) =>
    JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1))) : x));
  return norm(content(fields)) === norm(content(original));
}

/** Remove `case` from fields read with --from, refusing one that names another case. */
export function takeCase(fields: Record<string, unknown>, expected: string | undefined, file: string): Record<string, unknown> {
  const { case: named, ...rest } = fields;
  if (named !== undefined && expected !== undefined && String(named).trim().toUpperCase() !== expected) {
    throw new UsageError(`--from ${file} is for another case than ${expected}.`, 'Use a file of fields for this case, or leave `case:` out of it.');
  }
  return rest;
}


/** Final minutes carry who approved them and when: by default the officer, today. */
export async function approvalDefaults(root: string): Promise<{ approved_by: string; approved_on: string }> {
  const { requireIdentity } = await import('../../store/commit.js');
  const { isoDay } = await import('../../core/dateInput.js');
  return { approved_by: (await requireIdentity(root)).name, approved_on: isoDay(new Date()) };
}

export async function applyApprovalDefaults(root: string, fields: Record<string, unknown>): Promise<void> {
  if (fields.approved_by !== undefined && fields.approved_on !== undefined) return;
  const defaults = await approvalDefaults(root);
  fields.approved_by ??= defaults.approved_by;
  fields.approved_on ??= defaults.approved_on;
}

/** The guidance comments a minutes draft carries, from its kind's template. */
export async function minutesAnnotator(root: string, kind: unknown): Promise<((text: string) => string) | undefined> {
  const { MEETING_KINDS } = await import('../../core/vocabulary.js');
  if (!MEETING_KINDS.includes(kind as (typeof MEETING_KINDS)[number])) return undefined;
  const { loadTemplate } = await import('../../store/templates.js');
  const { annotateWithTemplate } = await import('../../core/writeScaffold.js');
  const { template } = loadTemplate(root, kind as (typeof MEETING_KINDS)[number]);
  return (text) => annotateWithTemplate(text, template);
}

export interface EditRecordRequest {
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
export async function editRecord(ctx: Context, root: string, request: EditRecordRequest): Promise<{ fields: Record<string, unknown>; status: 'draft' | 'final' }> {
  const { serializeRecord } = await import('../../core/serialize.js');
  const { SCHEMA_IDS } = await import('../../core/records.js');
  const { editUntilValid } = await import('../prompts/editor.js');
  const { DRAFTS_DIR } = await import('../../store/paths.js');
  const { parseYaml } = await import('../../core/yaml.js');
  const { getSchemaValidator } = await import('../../store/schemas.js');
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
  const check = (body: string): EditCheck => {
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
  const result = await editUntilValid(ctx, { initialText: text, workDir: path.join(root, DRAFTS_DIR), label: request.caseRef, check });
  return result as unknown as { fields: Record<string, unknown>; status: 'draft' | 'final' };
}
