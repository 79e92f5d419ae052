// Turning one file's bytes into a checked document: the unit the read path caches.
// Pure: the store hands in bytes and gets back a plain, serialisable object.

import { MAX_RECORD_BYTES, parseYaml } from './yaml.js';
import { problem, type Problem } from './problems.js';
import { asFields, type CaseFile, type Communication, type Config, type DocumentType, type Minutes, type Note } from './records.js';
import type { SchemaValidator } from './schemaValidator.js';

/** The value of a valid document of each type (its schema is the authority, records.ts the shape). */
export interface DocumentValues {
  case: CaseFile;
  minutes: Minutes;
  note: Note;
  communication: Communication;
  config: Config;
}

interface DocumentCommon {
  /** Repository-relative path with forward slashes. */
  file: string;
  problems: Problem[];
  /** Line of each top-level key, so cross-record checks can point at `case:` or `amends:`. */
  keyLines: Record<string, number>;
}

/**
 * A document that parsed and is valid against its schema: `type` says which, and narrowing
 * on it (`doc.valid && doc.type === 'case'`) types `value` as that record, no cast needed.
 */
export type ValidDocument<T extends DocumentType = DocumentType> = {
  [K in T]: DocumentCommon & { valid: true; type: K; value: DocumentValues[K] };
}[T];

/** A document that failed: unreadable, not YAML, or against its schema. */
interface InvalidDocument extends DocumentCommon {
  valid: false;
  /** The record type its `schema` names, when it names a known one. */
  type?: DocumentType;
  /** The parsed value, when the file parsed as a YAML mapping (schema-invalid, so untyped). */
  value?: Record<string, unknown>;
}

export type LoadedDocument = ValidDocument | InvalidDocument;

/**
 * The one place a parsed value becomes a typed record: the schema validator has just found
 * no problem with it, and the schema (not TypeScript) is what a file is checked against.
 */
export function checkedDocument(
  file: string,
  type: DocumentType | undefined,
  value: unknown,
  problems: Problem[],
  keyLines: Record<string, number>,
): LoadedDocument {
  const mapping = isMapping(value) ? value : undefined;
  if (problems.length === 0 && type && mapping) return { file, type, value: value as DocumentValues[typeof type], valid: true, problems, keyLines } as ValidDocument;
  return { file, type, value: mapping, valid: false, problems, keyLines };
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return Boolean(value) && typeof value === 'object' && !Array.isArray(value);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function loadDocument(
  file: string,
  bytes: Uint8Array,
  validator: SchemaValidator,
  expected?: DocumentType[],
): LoadedDocument {
  const fail = (p: Problem): LoadedDocument => ({ file, valid: false, problems: [p], keyLines: {} });
  if (bytes.length > MAX_RECORD_BYTES) {
    return fail(tooLargeProblem(file, bytes.length));
  }
  if (bytes.includes(0)) {
    return fail(problem(file, 'file-not-text', 'The file is binary, not YAML text. Remove it from cases/ (records are .yaml text files).'));
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    const at = firstInvalidUtf8Line(bytes);
    return fail(problem(file, 'file-not-text', 'The file is not valid UTF-8 text. Re-save it as UTF-8 in your editor.', { line: at }));
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const parsed = parseYaml(file, text);
  if (!parsed.ok) {
    if (!parsed.recovered) return { file, valid: false, problems: parsed.problems, keyLines: {} };
    // Duplicate keys only: show the file's other problems too, so one edit fixes them all.
    const rest = validator.validate(file, parsed.recovered.value, parsed.recovered.locate, expected);
    return { file, type: rest.type, valid: false, problems: [...parsed.problems, ...rest.problems], keyLines: {} };
  }
  const { type, problems } = validator.validate(file, parsed.value, parsed.locate, expected);
  const keyLines: Record<string, number> = {};
  if (isMapping(parsed.value)) for (const key of Object.keys(parsed.value)) keyLines[key] = parsed.locate([key]).line;
  return checkedDocument(file, type, parsed.value, problems, keyLines);
}

export function tooLargeProblem(file: string, size: number): Problem {
  return problem(
    file,
    'file-too-large',
    `The file is ${Math.round(size / 1024)} KiB; a record may be at most ${MAX_RECORD_BYTES / 1024} KiB. Keep attachments out of the records repository and the record short.`,
  );
}

function firstInvalidUtf8Line(bytes: Uint8Array): number {
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        utf8.decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      line++;
      start = i + 1;
    }
  }
  return 1;
}

/** The document when it is valid and one of the given types (narrowed to them), else undefined. */
export function validAs<T extends DocumentType>(doc: LoadedDocument, ...types: T[]): ValidDocument<T> | undefined {
  return doc.valid && (types as DocumentType[]).includes(doc.type) ? (doc as ValidDocument<T>) : undefined;
}

/**
 * The parsed fields of any document, valid or not, for code that checks them one by one
 * (cross-record checks, the case picker, commands that refuse an invalid file by field).
 */
export function fieldsOf(doc: LoadedDocument): Readonly<Record<string, unknown>> | undefined {
  return doc.value ? asFields(doc.value) : undefined;
}

/** The values of the valid documents of the given types, in order. */
export function validValues<T extends DocumentType>(documents: readonly LoadedDocument[], ...types: T[]): DocumentValues[T][] {
  const out: DocumentValues[T][] = [];
  for (const doc of documents) {
    const valid = validAs(doc, ...types);
    if (valid) out.push(valid.value);
  }
  return out;
}
