// The hardened YAML reader and the portable writer. Reading: YAML 1.2 core schema so an unquoted 2024-03-05 stays a string,
// duplicate keys and aliases refused (an alias bomb is thrown by toJS, not collected),
// every problem with a line and column. Writing: every scalar a YAML 1.1 reader could take
// for a date, number or boolean is quoted, so any YAML reader reads the same values.

import { CST, Document, isAlias, isMap, isSeq, Lexer, LineCounter, parseDocument, type Node, type Scalar } from 'yaml';
import { problem, type Problem } from './problems.js';

export const MAX_RECORD_BYTES = 1024 * 1024;

export type ParsedYaml =
  | { ok: true; value: unknown; locate: (path: (string | number)[]) => { line: number; col: number } }
  | {
      ok: false;
      problems: Problem[];
      /**
       * When the only problems are duplicate keys: the file read on (each key's last value),
       * so its other problems can be shown in the same run. Never a usable value.
       */
      recovered?: { value: unknown; locate: (path: (string | number)[]) => { line: number; col: number } };
    };

/**
 * The deepest nesting of mappings and lists accepted. A record is a few levels deep; a
 * "nesting bomb" (thousands of [ or of `- - -`) is refused with this problem instead of
 * overflowing the stack of the parser or of anything that walks the value afterwards.
 */
const MAX_YAML_DEPTH = 64;

/** Keys that would reach an object's prototype in a reader less careful than this one. */
const PROTOTYPE_KEYS = new Set(['__proto__']);

const tooDeep = (file: string, at?: { line: number; col: number }) =>
  problem(file, 'yaml-too-deep', `The YAML is nested too deeply (more than ${MAX_YAML_DEPTH} levels of mappings and lists); records are only a few levels deep. Remove the extra nesting.`, at);

export function parseYaml(file: string, text: string): ParsedYaml {
  const deepAt = flowNestingPastLimit(text);
  if (deepAt !== undefined) return { ok: false, problems: [tooDeep(file, lineAndColumn(text, deepAt))] };
  try {
    return parseWith(file, text, true);
  } catch (error) {
    // The parser itself recursing past the stack: only a nesting bomb does that.
    if (error instanceof RangeError) return { ok: false, problems: [tooDeep(file)] };
    throw error;
  }
}

/**
 * Where flow collections ([ and {) first open deeper than MAX_YAML_DEPTH, or undefined.
 * Asked before parsing: the parser builds a node for every level of a bomb of 20,000 [
 * (~60 ms of CPU, and the garbage it leaves), while the lexer yields its tokens one at a time
 * and is left at the 65th. Its tokens are exact: a [ inside a quoted or block scalar or a
 * comment is part of that token, not an indicator. A file with too few brackets to be that
 * deep is not lexed at all.
 */
function flowNestingPastLimit(text: string): number | undefined {
  let brackets = 0;
  for (let i = 0; i < text.length && brackets <= MAX_YAML_DEPTH; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) brackets++; // [ {
  }
  if (brackets <= MAX_YAML_DEPTH) return undefined;
  let depth = 0;
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === '[' || token === '{') {
      if (++depth > MAX_YAML_DEPTH) return offset;
    } else if (token === ']' || token === '}') depth = 0 < depth ? depth - 1 : 0;
    else if (token === CST.FLOW_END) depth = 0; // the lexer closing every open collection at once (a syntax error)
    // The lexer's own markers (document start, flow end, scalar start) are not in the text.
    if (token !== CST.DOCUMENT && token !== CST.FLOW_END && token !== CST.SCALAR) offset += token.length;
  }
  return undefined;
}

function lineAndColumn(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, col: offset - start + 1 };
}

function parseWith(file: string, text: string, uniqueKeys: boolean): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    schema: 'core',
    version: '1.2',
    uniqueKeys,
    stringKeys: true,
    resolveKnownTags: false,
    prettyErrors: false,
    lineCounter,
    merge: false,
  });
  const at = (offset: number) => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, col: p.col };
  };
  const overflow = doc.errors.find((e) => /call stack/i.test(e.message));
  if (overflow) return { ok: false, problems: [tooDeep(file, at(overflow.pos[0]))] };
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const duplicate = e.code === 'DUPLICATE_KEY';
        const rule = duplicate ? 'yaml-duplicate-key' : 'yaml-syntax';
        const what = duplicate
          ? 'A key appears twice in the same mapping; keep one of them.'
          : `YAML syntax error: ${firstLine(e.message)}. Fix the line shown (check indentation and quoting).`;
        return problem(file, rule, what, at(e.pos[0]));
      }),
      ...(doc.errors.every((e) => e.code === 'DUPLICATE_KEY') ? recover(file, text) : {}),
    };
  }
  const found = inspectTree(doc.contents);
  if (found?.kind === 'deep') return { ok: false, problems: [tooDeep(file, at(found.offset))] };
  if (found?.kind === 'anchor') {
    return {
      ok: false,
      problems: [
        problem(file, 'yaml-alias', 'YAML anchors and aliases (& and *) are not allowed in records; write the value out in full.', at(found.offset)),
      ],
    };
  }
  if (found?.kind === 'proto') {
    return { ok: false, problems: [problem(file, 'yaml-forbidden-key', 'The key `__proto__` is not allowed (it is not a field of any record); remove it.', at(found.offset))] };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 0 });
  } catch (error) {
    return { ok: false, problems: [problem(file, 'yaml-alias', `The YAML could not be read: ${firstLine(String((error as Error).message))}.`)] };
  }
  return {
    ok: true,
    value,
    locate(path) {
      // Walk as deep as the path exists, so an error on a missing child points at its parent.
      for (let depth = path.length; depth >= 0; depth--) {
        const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
        const range = (node as Node | undefined)?.range;
        if (range) return at(range[0]);
      }
      return { line: 1, col: 1 };
    },
  };
}

function recover(file: string, text: string): { recovered?: { value: unknown; locate: (path: (string | number)[]) => { line: number; col: number } } } {
  const again = parseWith(file, text, false);
  return again.ok ? { recovered: { value: again.value, locate: again.locate } } : {};
}

function firstLine(s: string): string {
  return s.split('\n')[0].replace(/\s+at line \d+, column \d+:?$/, '').replace(/\.$/, '');
}

/**
 * The first thing in the tree a record may not hold: nesting deeper than MAX_YAML_DEPTH,
 * an anchor or alias, or a `__proto__` key; with its offset. Iterative (an explicit
 * stack), so a deep tree cannot overflow the call stack here.
 */
function inspectTree(root: unknown): { kind: 'deep' | 'anchor' | 'proto'; offset: number } | undefined {
  const stack: { node: unknown; depth: number }[] = [{ node: root, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (!node || typeof node !== 'object') continue;
    const n = node as Node;
    const offset = n.range?.[0] ?? 0;
    if (isAlias(n) || n.anchor) return { kind: 'anchor', offset };
    if (!isMap(n) && !isSeq(n)) continue;
    if (depth >= MAX_YAML_DEPTH) return { kind: 'deep', offset };
    // Pushed last item first, so items are looked at in document order.
    const items = n.items as unknown[];
    for (let i = items.length - 1; i >= 0; i--) {
      const item = items[i];
      if (isMap(n)) {
        const pair = item as { key: unknown; value: unknown };
        const key = pair.key as Scalar | undefined;
        if (key && typeof key === 'object' && PROTOTYPE_KEYS.has(String(key.value))) return { kind: 'proto', offset: key.range?.[0] ?? offset };
        stack.push({ node: pair.value, depth: depth + 1 }, { node: pair.key, depth: depth + 1 });
      } else {
        stack.push({ node: item, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

// Plain scalars that some YAML reader (1.1 or 1.2) would not read back as the same string.
const AMBIGUOUS =
  /^(?:[-+]?[0-9][0-9_:.,eExXoObB+-]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~|=|<<|)$/;

/**
 * Serialise a record: the schema comment first, then the fields in the given order.
 * Strings that look like anything else are double-quoted; multi-line text uses block style.
 */
export function stringifyRecord(value: object, schemaComment: string): string {
  const doc = new Document(value, { version: '1.2' });
  quoteAmbiguous(doc.contents);
  const body = doc.toString({ lineWidth: 0, minContentWidth: 0, indentSeq: true, defaultKeyType: 'PLAIN' });
  return `# yaml-language-server: $schema=${schemaComment}\n${body}`;
}

function quoteAmbiguous(node: unknown): void {
  if (isMap(node) || isSeq(node)) {
    for (const item of node.items as unknown[]) {
      if (isMap(node)) quoteAmbiguous((item as { value: unknown }).value);
      else quoteAmbiguous(item);
    }
    return;
  }
  const scalar = node as Scalar | undefined;
  if (scalar && typeof scalar.value === 'string') {
    const s = scalar.value;
    if (s.includes('\n')) scalar.type = 'BLOCK_LITERAL';
    else if (AMBIGUOUS.test(s) || /^[\s]|[\s]$/.test(s)) scalar.type = 'QUOTE_DOUBLE';
  }
}
