// The read path's fast lane: a well-formed, valid record read with js-yaml (about ten
// times faster than the `yaml` package here), giving exactly the LoadedDocument that the
// precise loader (core/document.ts, `yaml` with positions) would give. It only ever
// answers for a file that is plainly written and valid; anything else, or anything it is
// not sure of, returns undefined and the precise loader reads the file, so every error is
// still reported by the precise parser with its line and column.
//
// Why the answers agree (test/unit/parser.test.ts proves it with fast-check):
// - js-yaml is given the YAML 1.2 core schema exactly as the `yaml` package resolves it
//   (the same regular expressions and conversions for null, booleans, integers, floats),
//   on top of js-yaml's failsafe schema; no timestamps, no merge keys, no other tags.
// - A file with anything a plain record never needs (anchors, aliases, tags, directives,
//   flow collections, document markers, tabs, CR, control characters, explicit keys) is
//   not eligible: those are where YAML readers differ in what they accept.
// - Only a file that is valid against its schema is answered. Every record schema is
//   closed (additionalProperties: false at every level), so every key is a known field
//   name and both readers read it the same way.
// - Duplicate keys make js-yaml throw, so they fall through to the precise reader.
// - keyLines (the line of each top-level field's value, as `locate` gives it) come from a
//   scan of the lines; any top-level line that is not a plain `field:` falls through.

import { FAILSAFE_SCHEMA, load, Type } from 'js-yaml';
import { checkedDocument, type LoadedDocument } from '../../core/document.js';
import type { DocumentType } from '../../core/records.js';
import type { SchemaValidator } from '../../core/schemaValidator.js';
import { MAX_RECORD_BYTES } from '../../core/yaml.js';

// The YAML 1.2 core schema, as the `yaml` package (v2) defines it (src/schema/core/*): the
// same tests in the same order (null, bool, int octal/decimal/hex, float nan/exp/plain), and
// the same conversions. js-yaml keeps one type per tag, so each tag's variants are one type.
const INT: [RegExp, (s: string) => number][] = [
  [/^0o[0-7]+$/, (s) => parseInt(s.substring(2), 8)],
  [/^[-+]?[0-9]+$/, (s) => parseInt(s, 10)],
  [/^0x[0-9a-fA-F]+$/, (s) => parseInt(s.substring(2), 16)],
];
const FLOAT: [RegExp, (s: string) => number][] = [
  [/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/, (s) => (s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY)],
  [/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, (s) => parseFloat(s)],
  [/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, (s) => parseFloat(s)],
];
// Every plain scalar is tried against each type in turn; a first-character check skips the
// regular expressions for the many that cannot be a number (most text starts with a letter).
const NUMERIC_START = /^[-+0-9.]/;
const variants = (tag: string, forms: [RegExp, (s: string) => number][]) =>
  new Type(`tag:yaml.org,2002:${tag}`, {
    kind: 'scalar',
    resolve: (s: string | null) => s !== null && NUMERIC_START.test(s) && forms.some(([test]) => test.test(s)),
    construct: (s: string) => forms.find(([test]) => test.test(s))![1](s),
  });
const CORE_1_2 = FAILSAFE_SCHEMA.extend({
  implicit: [
    new Type('tag:yaml.org,2002:null', { kind: 'scalar', resolve: (s: string | null) => s === null || s.length <= 4 && /^(?:~|[Nn]ull|NULL)?$/.test(s), construct: () => null }),
    new Type('tag:yaml.org,2002:bool', {
      kind: 'scalar',
      resolve: (s: string | null) => s !== null && (s.length === 4 || s.length === 5) && /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(s),
      construct: (s: string) => s[0] === 't' || s[0] === 'T',
    }),
    variants('int', INT),
    variants('float', FLOAT),
  ],
});

/**
 * What makes a file ineligible. Anywhere: tabs, CR, control characters, Unicode line and
 * paragraph separators, NEL, a BOM past the start, merge keys (<<) and "keep" block
 * scalars (|+, >+: the readers count trailing blank lines at the end of a file
 * differently). Checked line by line in `lexRecord`: lines of spaces only (a block
 * scalar's more-indented empty lines are an error to one reader only); where a node starts
 * (a line's first character after its indentation and any "- ", or the first after a
 * ": "), a tag (!), an anchor or alias (& or * before a name), a reserved indicator (@ `)
 * or a flow collection ([ ] { }); a quoted string that runs onto another line or is
 * followed by anything but a comment; and at the start of a line a directive (%), a
 * document marker (--- ...), an explicit key (?), a quoted key or a bare ":". So "Speech
 * & language", "a*b", "Great!", an e-mail address or "[redacted]" inside a sentence keep a
 * file in the fast lane; a node that starts with one of them does not.
 */
const INELIGIBLE_ANYWHERE = /[\t\r\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufeff]|<<|[|>][1-9]?\+/;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const NO_LOCATION = () => ({ line: 1, col: 1 });

/** The checked document when the fast lane can answer for it, else undefined. */
export function fastLoadDocument(file: string, bytes: Uint8Array, validator: SchemaValidator, expected?: DocumentType[]): LoadedDocument | undefined {
  if (bytes.length === 0 || bytes.length > MAX_RECORD_BYTES) return undefined;
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return undefined;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (INELIGIBLE_ANYWHERE.test(text)) return undefined;
  const lines = lexRecord(text);
  if (!lines) return undefined;
  let value: unknown;
  try {
    value = load(text, { schema: CORE_1_2, filename: file });
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const { type, problems } = validator.validate(file, value, NO_LOCATION, expected);
  if (problems.length > 0 || !type) return undefined;
  const keyLines = keyLinesFor(lines, Object.keys(value));
  if (!keyLines) return undefined;
  return checkedDocument(file, type, value, [], keyLines);
}

const SPACE = 0x20;
const HASH = 0x23;
const DASH = 0x2d;
const COLON = 0x3a;
const isKeyStart = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
const isKeyChar = (c: number) => isKeyStart(c) || (c >= 0x30 && c <= 0x39) || c === DASH;
/** ! @ ` [ ] { } */
const isNodeStartIndicator = (c: number) => c === 0x21 || c === 0x40 || c === 0x60 || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d;

/**
 * One pass over a record's lines: undefined when a line makes the file ineligible (see
 * above) or a top-level line is not a plain `field:`; else the line each top-level field's
 * value starts on, as the precise reader's `locate([key])` gives it: the key's own line
 * when the value follows on it (a scalar, a quoted string, a block scalar header), else
 * the first line of the nested block below it; a field with no value (null) is its own line.
 */
function lexRecord(text: string): Map<string, number> | undefined {
  const found = new Map<string, number>();
  let pending: string | undefined; // a top-level key whose value may start on a later line
  let line = 0;
  const n = text.length;
  for (let a = 0; a <= n; ) {
    line++;
    let e = text.indexOf('\n', a);
    if (e === -1) e = n;
    if (a === e) {
      a = e + 1;
      continue; // an empty line
    }
    const c0 = text.charCodeAt(a);
    // At the start of a line: a directive, an explicit key, a bare ":", a quoted key, a document marker.
    if (c0 === 0x25 || c0 === 0x3f || c0 === COLON || c0 === 0x22 || c0 === 0x27) return undefined;
    if (text.startsWith('---', a) || text.startsWith('...', a)) return undefined;
    let i = a;
    while (i < e && text.charCodeAt(i) === SPACE) i++;
    if (i === e) return undefined; // spaces only
    if (text.charCodeAt(i) === HASH) {
      a = e + 1;
      continue; // a comment line
    }
    const indented = i > a;
    if (pending !== undefined) {
      // The first content line after a top-level `field:` with nothing after it.
      const c = text.charCodeAt(a);
      if (indented || (c === DASH && (a + 1 === e || text.charCodeAt(a + 1) === SPACE))) found.set(pending, line);
      pending = undefined;
    }
    while (text.charCodeAt(i) === DASH && i + 1 < e && text.charCodeAt(i + 1) === SPACE) {
      i++;
      while (i < e && text.charCodeAt(i) === SPACE) i++;
    }
    // A node starts here: no tag, anchor, alias, reserved indicator or flow collection.
    if (!nodeStartOk(text, i, e)) return undefined;
    // A `field:` (the key of a mapping entry).
    let k = i;
    if (isKeyStart(text.charCodeAt(k))) {
      k++;
      while (k < e && isKeyChar(text.charCodeAt(k))) k++;
    }
    let j = k;
    while (j < e && text.charCodeAt(j) === SPACE) j++;
    const isKey = k > i && j < e && text.charCodeAt(j) === COLON && (j + 1 === e || text.charCodeAt(j + 1) === SPACE);
    if (i === a && !indented) {
      // A top-level line must be a plain `field:`.
      if (!isKey) return undefined;
      const key = text.slice(i, k);
      let v = j + 1;
      while (v < e && text.charCodeAt(v) === SPACE) v++;
      found.set(key, line);
      if (v === e || text.charCodeAt(v) === HASH) pending = key;
    }
    let valueAt = i;
    if (isKey && j + 1 < e) {
      valueAt = j + 1;
      while (valueAt < e && text.charCodeAt(valueAt) === SPACE) valueAt++;
    }
    const q = text.charCodeAt(valueAt);
    if ((q === 0x22 || q === 0x27) && !quoteClosed(text, valueAt, e)) return undefined;
    // After every ": " another node may start.
    for (let c = text.indexOf(':', i); c !== -1 && c < e; c = text.indexOf(':', c + 1)) {
      if (c + 1 < e && text.charCodeAt(c + 1) === SPACE) {
        let s = c + 1;
        while (s < e && text.charCodeAt(s) === SPACE) s++;
        if (!nodeStartOk(text, s, e)) return undefined;
      }
    }
    a = e + 1;
  }
  return found;
}

/** No tag, anchor, alias, reserved indicator or flow collection starts at i. */
function nodeStartOk(text: string, i: number, e: number): boolean {
  if (i >= e) return true;
  const c = text.charCodeAt(i);
  if (isNodeStartIndicator(c)) return false;
  if (c === 0x26 || c === 0x2a) {
    // & or * before a name is an anchor or alias; alone (followed by a space) it is text.
    return i + 1 < e && text.charCodeAt(i + 1) === SPACE;
  }
  return true;
}

/**
 * A quoted string starting at `start` closes on this line, followed by nothing but spaces
 * and a comment. The readers disagree on how far a continuation line must be indented, and
 * on text after the closing quote, so anything else takes the precise lane; the writer
 * never produces either (multi-line text is written as a block scalar).
 */
function quoteClosed(text: string, start: number, e: number): boolean {
  const quote = text.charCodeAt(start);
  let i = start + 1;
  for (;;) {
    if (i >= e) return false;
    const c = text.charCodeAt(i);
    if (quote === 0x22 && c === 0x5c) i += 2;
    else if (c === quote) {
      if (quote === 0x27 && text.charCodeAt(i + 1) === 0x27) i += 2;
      else break;
    } else i++;
  }
  let k = i + 1;
  while (k < e && text.charCodeAt(k) === SPACE) k++;
  return k === e || (k > i + 1 && text.charCodeAt(k) === HASH);
}

/** The key lines of a document's top-level fields, when the lexer saw exactly those fields. */
function keyLinesFor(lines: Map<string, number>, keys: string[]): Record<string, number> | undefined {
  if (lines.size !== keys.length) return undefined;
  const out: Record<string, number> = {};
  for (const key of keys) {
    const at = lines.get(key);
    if (at === undefined) return undefined;
    out[key] = at;
  }
  return out;
}

/** The key lines of a text's top-level fields (for tests): undefined when ineligible or not exactly `keys`. */
export function scanKeyLines(text: string, keys: string[]): Record<string, number> | undefined {
  const lines = lexRecord(text);
  return lines && keyLinesFor(lines, keys);
}
