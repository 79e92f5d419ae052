// The write path for records and cases (docs/writing-records.md): make the id, build the record,
// serialise it, validate the exact text that will be written, write it atomically (never
// over an existing file), then commit only that file. A write touches only the files it
// names: it stats the case and the records it refers to, and never reads the repository.

import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadDocument, type LoadedDocument } from '../../core/document.js';
import { EhcpError, UsageError } from '../../core/errors.js';
import { isRecordId, parseRecordId, recordId, suffixFromBytes } from '../../core/ids.js';
import type { Problem } from '../../core/problems.js';
import { SCHEMA_IDS, asFields, type CaseFile, type DocumentType, type RecordType } from '../../core/records.js';
import { serializeRecord } from '../../core/serialize.js';
import { referenceDiscloses } from '../../core/refPrivacy.js';
import { isIsoDate } from '../../core/calendar/isoDate.js';
import { isSupportedDate, SUPPORTED_RANGE_TEXT } from '../../core/calendar/range.js';
import type { RecordStatus } from '../../core/vocabulary.js';
import { commitFiles, requireIdentity } from './commit.js';
import { caseFile, listCaseRefs, recordFile, repositoryLayout, TEMP_DIR, type Layout } from '../paths.js';
import { layoutOfPath } from '../../core/layout.js';
import { getSchemaValidator } from '../read/schemas.js';
import { writeFileAtomic } from './write.js';
import { assertCaseRef } from '../read/documents.js';

export interface WriteOutcome {
  id: string;
  /** Repository-relative path, forward slashes. */
  file: string;
  abs: string;
  /** The commit made, or undefined with --no-commit. */
  commit?: string;
}

/** A record that would not be valid: each problem names the field and what to add. */
export class RecordProblemsError extends EhcpError {
  constructor(
    readonly problems: Problem[],
    what: string,
    hint: string,
    withLines = false,
  ) {
    const list = problems.map((p) => (withLines ? `${p.file}:${p.line}: ${p.message}` : p.message)).join('\n  ');
    super(`${what}:\n  ${list}`, hint, 1);
    this.name = 'RecordProblemsError';
  }
}

function caseExists(root: string, ref: string, layout: Layout): boolean {
  try {
    return fs.lstatSync(path.join(root, caseFile(ref, layout))).isFile();
  } catch {
    return false;
  }
}

/** `layout`: the repository's, when the caller has it already (else ehcp.config.yaml is read for it). */
export function requireCase(root: string, ref: string, layout: Layout = repositoryLayout(root)): void {
  assertCaseRef(ref);
  if (!caseExists(root, ref, layout)) {
    throw new EhcpError(`There is no case ${ref} in this repository.`, `Check the reference (\`ehcp case list\`), or open the case with \`ehcp case new --ref ${ref}\`.`);
  }
}

/** Check that `id` names a record file in the same case folder (one stat, nothing read). */
function requireRecordInCase(root: string, ref: string, id: string, field: string, layout: Layout): void {
  if (!isRecordId(id)) throw new UsageError(`${field} must be a record id such as 2024-03-05-minutes-k3f9q2.`);
  if (!fs.existsSync(path.join(root, recordFile(ref, id, layout)))) {
    throw new EhcpError(`${field} names ${id}, which is not a record of case ${ref}.`, `A record may only refer to records of its own case; see them with \`ehcp case show ${ref}\`.`);
  }
}

function newRecordId(type: RecordType, date: string): string {
  let suffix: string | undefined;
  while (!suffix) suffix = suffixFromBytes(randomBytes(16));
  return recordId(type, date, suffix);
}

/** Validate the exact text about to be written, and prove it reads back as `value`. */
function checkRecordText(file: string, text: string, value: Record<string, unknown>, expected: DocumentType): LoadedDocument {
  const loaded = loadDocument(file, Buffer.from(text, 'utf8'), getSchemaValidator(), [expected]);
  if (loaded.valid && canonical(loaded.value) !== canonical(value)) {
    // Only possible through a bug in the writer: refuse rather than write something else.
    throw new EhcpError(`Internal check failed: ${file} would not read back as written.`, 'Nothing was written. Please report this with --debug output.');
  }
  return loaded;
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export interface NewRecord {
  type: RecordType;
  case: string;
  status: RecordStatus;
  /** The record's own fields (date, kind, purpose, ...), without schema, id, case or status. */
  fields: Record<string, unknown>;
  /** Adds comment lines to the serialised text (a minutes draft's guidance). */
  annotate?: (text: string) => string;
}

export interface WriteOptions {
  commit: boolean;
  action?: 'create' | 'amend';
  /** What the refusal says when the record would be invalid. */
  invalidMessage?: string;
  invalidHint?: string;
}

/** Create a new record file and commit it. */
export async function createRecord(root: string, input: NewRecord, options: WriteOptions): Promise<WriteOutcome> {
  const layout = repositoryLayout(root);
  requireCase(root, input.case, layout);
  const date = input.fields.date;
  if (typeof date !== 'string' || !isIsoDate(date)) {
    throw new UsageError('The record needs a real date written YYYY-MM-DD.', 'Give it with --date YYYY-MM-DD.');
  }
  if (!isSupportedDate(date)) {
    throw new UsageError(`The record's date ${date} is outside the dates ehcp supports (${SUPPORTED_RANGE_TEXT}).`, 'Give it with --date YYYY-MM-DD.');
  }
  for (const field of ['responds_to', 'amends'] as const) {
    const target = input.fields[field];
    if (target !== undefined) requireRecordInCase(root, input.case, String(target), field === 'amends' ? 'amends' : '--responds-to', layout);
  }
  const identity = await requireIdentity(root);
  for (let attempt = 0; ; attempt++) {
    const id = newRecordId(input.type, date);
    const file = recordFile(input.case, id, layout);
    const abs = path.join(root, file);
    const value: Record<string, unknown> = {
      schema: SCHEMA_IDS[input.type],
      id,
      case: input.case,
      status: input.status,
      ...stripUndefined(input.fields),
      recorded_by: (input.fields.recorded_by as string | undefined) ?? identity.name,
    };
    let text = serializeRecord(value, layout);
    if (input.annotate) text = input.annotate(text);
    const loaded = checkRecordText(file, text, value, input.type);
    if (!loaded.valid) {
      throw new RecordProblemsError(
        loaded.problems,
        options.invalidMessage ?? `The ${input.type === 'communication' ? 'communication' : input.type} was not saved`,
        options.invalidHint ?? 'Nothing was written. Correct the values named above and run the command again.',
      );
    }
    if (fs.existsSync(abs) && attempt < 5) continue; // a random collision: draw another id
    writeFileAtomic(abs, text, { exclusive: true, keep: file, tempDir: tempDirOf(root) });
    const outcome: WriteOutcome = { id, file, abs };
    if (options.commit) {
      const action = options.action ?? 'create';
      outcome.commit = await commitFiles(root, {
        files: [file],
        subject: `${input.case} ${input.type} ${id} ${action}`,
        trailers: { case: input.case, record: id, action },
      });
    }
    return outcome;
  }
}

export interface LocatedRecord {
  id: string;
  case: string;
  type: RecordType;
  file: string;
  abs: string;
}

/** The cases whose folder holds `<id>.yaml` (one stat a case folder, the layout read once); `caseHint` narrows them to one. */
export function casesHoldingRecord(root: string, id: string, caseHint?: string, layout: Layout = repositoryLayout(root)): string[] {
  const folders = caseHint !== undefined ? [caseHint] : listCaseRefs(root, layout);
  return folders.filter((ref) => fs.existsSync(path.join(root, recordFile(ref, id, layout))));
}

/**
 * Find the file of record `id`. The id does not say its case, so each case folder is
 * checked with one stat (never a read); `caseHint` narrows it to one.
 */
export function locateRecord(root: string, id: string, caseHint?: string): LocatedRecord {
  const parsed = parseRecordId(id);
  if (!parsed) throw new UsageError('ID must be a record id such as 2024-03-05-minutes-k3f9q2.', 'See the ids of a case with `ehcp case show REF`.');
  const layout = repositoryLayout(root);
  if (caseHint) assertCaseRef(caseHint);
  const found = casesHoldingRecord(root, id, caseHint, layout);
  if (found.length === 0) {
    throw new EhcpError(`There is no record ${id} in this repository.`, 'Check the id with `ehcp case show REF`.');
  }
  if (found.length > 1) {
    throw new EhcpError(`Record id ${id} is used in more than one case (${found.join(', ')}).`, 'Run `ehcp validate` and give one of them a new id.');
  }
  const file = recordFile(found[0], id, layout);
  return { id, case: found[0], type: parsed.type, file, abs: path.join(root, file) };
}

/**
 * Replace a record in place: `minutes finalise` (draft → final), `record void` (the one
 * in-place change allowed to a final record), and `minutes edit` / `action done` on a
 * draft (`edit`: drafts are edited in place, never final records).
 */
export async function rewriteRecord(
  root: string,
  located: LocatedRecord,
  value: Record<string, unknown>,
  action: 'finalise' | 'void' | 'edit',
  options: { commit?: boolean; annotate?: (text: string) => string } = {},
): Promise<WriteOutcome> {
  await requireIdentity(root);
  let text = serializeRecord(value, layoutOfPath(located.file));
  if (options.annotate) text = options.annotate(text);
  const loaded = checkRecordText(located.file, text, value, located.type);
  if (!loaded.valid) {
    throw new RecordProblemsError(loaded.problems, `${located.file} was not changed: the result would not be valid`, 'Run `ehcp validate` on the file and correct it first.');
  }
  writeFileAtomic(located.abs, text, { keep: located.file, tempDir: tempDirOf(root) });
  const outcome: WriteOutcome = { id: located.id, file: located.file, abs: located.abs };
  if (options.commit !== false) {
    outcome.commit = await commitFiles(root, {
      files: [located.file],
      subject: `${located.case} ${located.type} ${located.id} ${action}`,
      trailers: { case: located.case, record: located.id, action },
    });
  }
  return outcome;
}

/** Open a case: cases/<REF>/case.yaml, one commit. */
export async function createCase(root: string, value: CaseFile): Promise<WriteOutcome> {
  assertCaseRef(value.ref, '--ref');
  // The reference is in every path, commit subject and trailer of the case: it must not
  // identify the child. The message names neither the reference nor the name.
  const disclosed = referenceDiscloses(value.ref, value);
  if (disclosed) {
    throw new UsageError(
      `The case reference contains ${disclosed === 'name' ? "part of the child's name" : "the child's date of birth"}; a reference goes into every commit and log, so it must not identify the child.`,
      'Choose a reference with neither the name nor the date of birth in it, e.g. C0042 (the next number in your series).',
    );
  }
  const layout = repositoryLayout(root);
  const file = caseFile(value.ref, layout);
  const abs = path.join(root, file);
  if (fs.existsSync(abs)) {
    throw new EhcpError(`Case ${value.ref} already exists.`, `See it with \`ehcp case show ${value.ref}\`; a case is opened once.`);
  }
  const identity = await requireIdentity(root);
  const full = { ...stripUndefined(asFields(value)), recorded_by: value.recorded_by ?? identity.name };
  const text = serializeRecord(full, layout);
  const loaded = checkRecordText(file, text, full, 'case');
  if (!loaded.valid) {
    throw new RecordProblemsError(loaded.problems, 'The case was not opened', 'Nothing was written. Correct the values named above.');
  }
  writeFileAtomic(abs, text, { exclusive: true, keep: file, tempDir: tempDirOf(root) });
  const commit = await commitFiles(root, {
    files: [file],
    subject: `${value.ref} case create`,
    trailers: { case: value.ref, action: 'create' },
  });
  return { id: value.ref, file, abs, commit };
}

/** Temporary files of record writes: git-ignored, swept of leftovers by the next write (store/write/write.ts). */
function tempDirOf(root: string): string {
  return path.join(root, TEMP_DIR);
}

function stripUndefined(value: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
