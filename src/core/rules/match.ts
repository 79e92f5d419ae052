// Evaluating a rule's record matchers. Matching is the audit's inner loop, so a matcher is
// compiled once into a function (paths split, lists turned into sets), and each matcher
// names the index keys its records are filed under (`communication:final-plan`,
// `minutes:annual-review`, `communication:*`): the audit looks candidates up by key
// instead of testing every record of a case against every rule.

import type { FieldTest, MatchableType, RecordMatcher } from './types.js';

/**
 * A record (or case file) as the matchers see it. The fields every matcher reads are
 * copied out of the record once: records of many shapes make property reads on them
 * slow (megamorphic), and matching runs hundreds of thousands of times per audit.
 */
export interface Matchable {
  type: MatchableType;
  value: Record<string, unknown>;
  status: unknown;
  purpose: unknown;
  kind: unknown;
  direction: unknown;
}

export function toMatchable(type: MatchableType, value: Record<string, unknown>): Matchable {
  return {
    type,
    value,
    status: type === 'case' ? 'final' : value.status,
    purpose: value.purpose,
    kind: value.kind,
    direction: value.direction,
  };
}

/** A dotted path split once: `phase_transfer.year` → ['phase_transfer', 'year']. */
export function splitPath(path: string): readonly string[] {
  return path.split('.');
}

/** The value at a split path, or undefined. */
export function valueAt(value: unknown, parts: readonly string[]): unknown {
  let current: unknown = value;
  for (let i = 0; i < parts.length; i++) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[parts[i]];
  }
  return current;
}

type Test = (actual: unknown) => boolean;

function compileTest(test: FieldTest): Test {
  if (Array.isArray(test)) {
    const allowed = new Set<unknown>(test);
    return (actual) => allowed.has(actual);
  }
  if (test === null || typeof test !== 'object') return (actual) => actual === test;
  if ('exists' in test) return (actual) => (actual !== undefined && actual !== null) === test.exists;
  if ('not' in test) {
    const refused = new Set<unknown>(Array.isArray(test.not) ? test.not : [test.not]);
    return (actual) => !refused.has(actual);
  }
  if ('some' in test) {
    const tests = compileFields(test.some);
    return (actual) => Array.isArray(actual) && actual.some((element) => tests(element));
  }
  return () => false;
}

function compileFields(fields: Record<string, FieldTest>): (value: unknown) => boolean {
  const checks = Object.entries(fields).map(([path, test]) => ({ parts: splitPath(path), test: compileTest(test) }));
  return (value) => {
    for (const c of checks) if (!c.test(valueAt(value, c.parts))) return false;
    return true;
  };
}

const oneOf = (expected: string | string[] | undefined): ((actual: unknown) => boolean) | undefined => {
  if (expected === undefined) return undefined;
  if (!Array.isArray(expected)) return (actual) => actual === expected;
  const set = new Set<unknown>(expected);
  return (actual) => set.has(actual);
};

function compile(matcher: RecordMatcher): (record: Matchable) => boolean {
  const status = oneOf(matcher.status);
  const purpose = oneOf(matcher.purpose);
  const kind = oneOf(matcher.kind);
  const fields = matcher.fields ? compileFields(matcher.fields) : undefined;
  const { type, direction } = matcher;
  return (record) => {
    if (record.type !== type || record.status === 'void') return false;
    if (status && !status(record.status)) return false;
    if (purpose && !purpose(record.purpose)) return false;
    if (kind && !kind(record.kind)) return false;
    if (direction !== undefined && record.direction !== direction) return false;
    return fields === undefined || fields(record.value);
  };
}

const compiled = new WeakMap<RecordMatcher, (record: Matchable) => boolean>();

/** True when the record passes every condition of the matcher. A void record never matches. */
export function matches(matcher: RecordMatcher, record: Matchable): boolean {
  let fn = compiled.get(matcher);
  if (!fn) {
    fn = compile(matcher);
    compiled.set(matcher, fn);
  }
  return fn(record);
}

/** One field test on its own (exported for tests and for rule authors' tooling). */
export function passes(test: FieldTest, actual: unknown): boolean {
  return compileTest(test)(actual);
}

// Index keys are interned: the same string (and the same key list) for every record with
// that type and purpose or kind, so filing 150,000 records allocates nothing.
const keyCache = new Map<string, Map<string, string>>();
function key(type: string, sub: string): string {
  let byType = keyCache.get(type);
  if (!byType) keyCache.set(type, (byType = new Map()));
  let k = byType.get(sub);
  if (k === undefined) byType.set(sub, (k = `${type}:${sub}`));
  return k;
}
const keyLists = new Map<string, readonly string[]>();
function keyList(type: string, sub: string | undefined): readonly string[] {
  const k = sub === undefined ? key(type, '*') : key(type, sub);
  let list = keyLists.get(k);
  if (!list) keyLists.set(k, (list = sub === undefined ? [k] : [key(type, '*'), k]));
  return list;
}

/** Index keys a record is filed under (see matcherKeys). */
export function recordKeys(record: Matchable): readonly string[] {
  if (record.type === 'communication' && typeof record.purpose === 'string') return keyList('communication', record.purpose);
  if ((record.type === 'minutes' || record.type === 'note') && typeof record.kind === 'string') return keyList(record.type, record.kind);
  return keyList(record.type, undefined);
}

/** The index keys under which every record this matcher can match is filed. */
export function matcherKeys(matcher: RecordMatcher): string[] {
  const list = (x: string | string[]) => (Array.isArray(x) ? x : [x]);
  if (matcher.type === 'communication' && matcher.purpose !== undefined) return list(matcher.purpose).map((p) => key('communication', p));
  if ((matcher.type === 'minutes' || matcher.type === 'note') && matcher.kind !== undefined) return list(matcher.kind).map((k) => key(matcher.type, k));
  return [key(matcher.type, '*')];
}
