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
import type { LoadedDocument } from '../core/document.js';
import type { DocumentType } from '../core/records.js';
import type { SchemaValidator } from '../core/schemaValidator.js';
import { MAX_RECORD_BYTES } from '../core/yaml.js';

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
const variants = (tag: string, forms: [RegExp, (s: string) => number][]) =>
  new Type(`tag:yaml.org,2002:${tag}`, {
    kind: 'scalar',
    resolve: (s: string | null) => s !== null && forms.some(([test]) => test.test(s)),
    construct: (s: string) => forms.find(([test]) => test.test(s))![1](s),
  });
const CORE_1_2 = FAILSAFE_SCHEMA.extend({
  implicit: [
    new Type('tag:yaml.org,2002:null', { kind: 'scalar', resolve: (s: string | null) => s === null || /^(?:~|[Nn]ull|NULL)?$/.test(s), construct: () => null }),
    new Type('tag:yaml.org,2002:bool', {
      kind: 'scalar',
      resolve: (s: string | null) => s !== null && /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(s),
      construct: (s: string) => s[0] === 't' || s[0] === 'T',
    }),
    variants('int', INT),
    variants('float', FLOAT),
  ],
});

/**
 * What makes a file ineligible. Anywhere: tabs, CR, control characters, Unicode line and
 * paragraph separators, NEL, a BOM past the start, merge keys (<<), "keep" block scalars
 * (|+, >+: the readers count trailing blank lines at the end of a file differently) and
 * lines of spaces only (a block scalar's more-indented empty lines are an error to one
 * reader only). Where a node starts (a line's first character after its indentation and
 * any "- ", or the first after a key's ": "): a tag (!), an anchor or alias (& or * before
 * a name), a reserved indicator (@ `) or a flow collection ([ ] { }). At the start of a line: a directive (%), a
 * document marker (--- ...), an explicit key (?), a quoted key or a bare ":". So "Speech
 * & language", "a*b", "Great!", an e-mail address or "[redacted]" inside a sentence keep a
 * file in the fast lane; a node that starts with one of them does not.
 */
const INELIGIBLE =
  /[\t\r\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufeff]|(?:^ *(?:- +)*|: +)(?:[!@`[\]{}]|[&*](?!\s|$))|<<|[|>][1-9]?\+|^ +$|^(?:%|---|\.\.\.|\?|:|["'])/m;

/** A top-level `field:` line: the field name and what follows the colon. */
const TOP_LEVEL_KEY = /([A-Za-z_][A-Za-z0-9_-]*) *:(?: +([^\n]*))?/y;
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
  if (INELIGIBLE.test(text) || hasMultiLineQuote(text)) return undefined;
  let value: unknown;
  try {
    value = load(text, { schema: CORE_1_2, filename: file });
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const { type, problems } = validator.validate(file, value, NO_LOCATION, expected);
  if (problems.length > 0 || !type) return undefined;
  const keyLines = scanKeyLines(text, Object.keys(value));
  if (!keyLines) return undefined;
  return { file, type, value: value as Record<string, unknown>, valid: true, problems: [], keyLines };
}

/** A line's value: after its indentation, any "- " sequence markers and a `field:` key. */
const VALUE_START = /^ *(?:- +)*(?:[A-Za-z_][A-Za-z0-9_-]* *: +)?/;

/**
 * True when a quoted string runs onto another line, or is followed by anything but a
 * comment. The readers disagree on how far such a continuation must be indented, so those
 * files take the precise lane; the writer never produces them (multi-line text is written
 * as a block scalar).
 */
export function hasMultiLineQuote(text: string): boolean {
  let from = 0;
  while (from < text.length) {
    let end = text.indexOf('\n', from);
    if (end === -1) end = text.length;
    if (text.includes('"', from) || text.includes("'", from)) {
      const line = text.slice(from, end);
      const start = VALUE_START.exec(line)![0].length;
      const quote = line[start];
      if (quote === '"' || quote === "'") {
        let i = start + 1;
        let closed = false;
        while (i < line.length) {
          const c = line[i];
          if (quote === '"' && c === '\\') i += 2;
          else if (c === quote) {
            if (quote === "'" && line[i + 1] === "'") i += 2;
            else {
              closed = true;
              break;
            }
          } else i++;
        }
        // After the closing quote only spaces and a comment may follow (`"x"#y` and `"x" y`
        // are errors to one reader only).
        if (!closed || !/^(?: *| +#.*)$/.test(line.slice(i + 1))) return true;
      }
    } else {
      return false; // no quote anywhere in the rest of the text
    }
    from = end + 1;
  }
  return false;
}

/**
 * The line each top-level field's value starts on, as the precise reader's `locate([key])`
 * gives it: the key's own line when the value follows on it (a scalar, a quoted string, a
 * block scalar header), else the first line of the nested block below it; a field with
 * no value (null) is its own line. Undefined when a top-level line is not a plain field.
 */
export function scanKeyLines(text: string, keys: string[]): Record<string, number> | undefined {
  // Walks line starts with indexOf rather than splitting: no array of lines to allocate.
  const found: Record<string, number> = {};
  let count = 0;
  let line = 0;
  for (let at = 0; at <= text.length; ) {
    line++;
    let end = text.indexOf('\n', at);
    if (end === -1) end = text.length;
    const c = text[at];
    if (at < end && c !== ' ' && c !== '#') {
      TOP_LEVEL_KEY.lastIndex = at;
      const m = TOP_LEVEL_KEY.exec(text);
      if (!m || m.index + m[0].length !== end) return undefined;
      const rest = m[2] ?? '';
      let valueLine = line;
      if (rest === '' || rest[0] === '#') {
        // The value is the next content line if it is nested (indented, or a "- " item).
        let n = line;
        for (let from = end + 1; from <= text.length; ) {
          n++;
          let stop = text.indexOf('\n', from);
          if (stop === -1) stop = text.length;
          const next = text.slice(from, stop);
          if (next.trim() !== '' && !/^ *#/.test(next)) {
            if (next[0] === ' ' || next === '-' || next.startsWith('- ')) valueLine = n;
            break;
          }
          from = stop + 1;
        }
      }
      if (!(m[1] in found)) count++;
      found[m[1]] = valueLine;
    }
    at = end + 1;
  }
  if (count !== keys.length) return undefined;
  const out: Record<string, number> = {};
  for (const key of keys) {
    if (!(key in found)) return undefined;
    out[key] = found[key];
  }
  return out;
}
