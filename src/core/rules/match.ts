// Evaluating a rule's record matchers. Matching is the audit's inner loop, so each matcher
// also names the index keys its records can be found under (`communication:final-plan`,
// `minutes:annual-review`, `communication:*`): the audit looks candidates up by key
// instead of testing every record of a case against every rule.

import type { FieldTest, MatchableType, RecordMatcher } from './types.js';

/** A record (or case file) as the matchers see it. */
export interface Matchable {
  type: MatchableType;
  value: Record<string, unknown>;
}

/** The value at a dotted path (`phase_transfer.year`), or undefined. */
export function getPath(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

const oneOf = (expected: string | string[] | undefined, actual: unknown): boolean =>
  expected === undefined || (Array.isArray(expected) ? expected.includes(actual as string) : expected === actual);

export function matches(matcher: RecordMatcher, record: Matchable): boolean {
  if (matcher.type !== record.type) return false;
  const v = record.value;
  const status = (v.status as string | undefined) ?? (record.type === 'case' ? 'final' : undefined);
  if (status === 'void') return false;
  if (matcher.status !== undefined && !oneOf(matcher.status, status)) return false;
  if (!oneOf(matcher.purpose, v.purpose)) return false;
  if (!oneOf(matcher.kind, v.kind)) return false;
  if (matcher.direction !== undefined && v.direction !== matcher.direction) return false;
  if (matcher.fields) {
    for (const [path, test] of Object.entries(matcher.fields)) {
      if (!passes(test, getPath(v, path))) return false;
    }
  }
  return true;
}

export function passes(test: FieldTest, actual: unknown): boolean {
  if (Array.isArray(test)) return test.includes(actual as string);
  if (test === null || typeof test !== 'object') return actual === test;
  if ('exists' in test) return (actual !== undefined && actual !== null) === test.exists;
  if ('not' in test) return Array.isArray(test.not) ? !test.not.includes(actual as string) : actual !== test.not;
  if ('some' in test) {
    if (!Array.isArray(actual)) return false;
    const tests = Object.entries(test.some);
    return actual.some((element) => tests.every(([path, t]) => passes(t, getPath(element, path))));
  }
  return false;
}

/** Index keys a record is filed under (see matcherKeys). */
export function recordKeys(record: Matchable): string[] {
  const v = record.value;
  const keys = [`${record.type}:*`];
  if (record.type === 'communication' && typeof v.purpose === 'string') keys.push(`communication:${v.purpose}`);
  if ((record.type === 'minutes' || record.type === 'note') && typeof v.kind === 'string') keys.push(`${record.type}:${v.kind}`);
  return keys;
}

/** The index keys under which every record this matcher can match is filed. */
export function matcherKeys(matcher: RecordMatcher): string[] {
  const list = (x: string | string[]) => (Array.isArray(x) ? x : [x]);
  if (matcher.type === 'communication' && matcher.purpose !== undefined) return list(matcher.purpose).map((p) => `communication:${p}`);
  if ((matcher.type === 'minutes' || matcher.type === 'note') && matcher.kind !== undefined) return list(matcher.kind).map((k) => `${matcher.type}:${k}`);
  return [`${matcher.type}:*`];
}
