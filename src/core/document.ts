// Turning one file's bytes into a checked document: the unit the read path caches.
// Pure: the store hands in bytes and gets back a plain, serialisable object.

import { MAX_RECORD_BYTES, parseYaml } from './yaml.js';
import { problem, type Problem } from './problems.js';
import type { DocumentType } from './records.js';
import type { SchemaValidator } from './schemaValidator.js';

export interface LoadedDocument {
  /** Repository-relative path with forward slashes. */
  file: string;
  /** The record type its `schema` names, when it names a known one. */
  type?: DocumentType;
  /** The parsed value, when the file parsed as a YAML mapping (even if schema-invalid). */
  value?: Record<string, unknown>;
  /** Parsed and valid against its schema. */
  valid: boolean;
  problems: Problem[];
  /** Line of each top-level key, so cross-record checks can point at `case:` or `amends:`. */
  keyLines: Record<string, number>;
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
  const value = parsed.value && typeof parsed.value === 'object' && !Array.isArray(parsed.value) ? (parsed.value as Record<string, unknown>) : undefined;
  const keyLines: Record<string, number> = {};
  if (value) for (const key of Object.keys(value)) keyLines[key] = parsed.locate([key]).line;
  return { file, type, value, valid: problems.length === 0, problems, keyLines };
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
