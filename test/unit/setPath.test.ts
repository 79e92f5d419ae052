import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { coerceValue, formatPath, parseAssignment, parsePath, schemaTypeAt, setPath, SetPathError } from '../../src/core/setPath.js';
import { loadSchemaFiles } from '../../src/store/read/schemas.js';

const schemas = Object.values(loadSchemaFiles());
const id = (name: string) => `https://ehcp.invalid/schemas/${name}/v1.json`;

describe('--set paths', () => {
  it('parse dotted names and list indexes', () => {
    expect(parsePath('venue')).toEqual(['venue']);
    expect(parsePath('attendees[0].name')).toEqual(['attendees', 0, 'name']);
    expect(parsePath('outcome.orders[2]')).toEqual(['outcome', 'orders', 2]);
    expect(parseAssignment('decisions[1].reasons=a=b, c')).toEqual({ path: ['decisions', 1, 'reasons'], raw: 'a=b, c' });
    expect(parseAssignment('summary=')).toEqual({ path: ['summary'], raw: '' });
    for (const bad of ['', '.a', 'a.', 'a..b', '[0]', 'a[0]b', 'a[x]', 'a b', 'a[0', '__proto__x.y-z']) {
      expect(() => parsePath(bad), bad).toThrow(SetPathError);
    }
    expect(() => parseAssignment('=x')).toThrow(SetPathError);
    expect(() => parseAssignment('novalue')).toThrow(/path=value/);
  });

  it('round-trip through formatPath for any valid path', () => {
    const name = fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/);
    const path = fc.tuple(name, fc.array(fc.oneof(name, fc.nat({ max: 50 })), { maxLength: 5 })).map(([h, t]) => [h, ...t]);
    fc.assert(
      fc.property(path, (p) => {
        expect(parsePath(formatPath(p))).toEqual(p);
      }),
    );
  });

  it('set values, creating mappings and lists, appending at most one past the end', () => {
    const target: Record<string, unknown> = {};
    setPath(target, ['attendees', 0, 'name'], 'Test Person');
    setPath(target, ['attendees', 0, 'role'], 'Parent');
    setPath(target, ['attendees', 1, 'name'], 'Officer Test');
    setPath(target, ['outcome', 'orders', 0], 'amend-plan');
    expect(target).toEqual({ attendees: [{ name: 'Test Person', role: 'Parent' }, { name: 'Officer Test' }], outcome: { orders: ['amend-plan'] } });
    expect(() => setPath(target, ['attendees', 5, 'name'], 'x')).toThrow(/set \[2\] next/);
    expect(() => setPath(target, ['attendees', 'name'], 'x')).toThrow(/not a mapping/);
    expect(() => setPath(target, ['outcome', 0], 'x')).toThrow(/not a list/);
    // Names that reach the prototype are refused, by the parser and by setPath itself.
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      expect(() => parsePath(`${key}.polluted`)).toThrow(SetPathError);
      expect(() => setPath({}, [key, 'polluted'], 'x')).toThrow(SetPathError);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('types come from the schema: strings unless it says integer or boolean', () => {
    expect(schemaTypeAt(schemas, id('minutes'), ['time'])).toBe('string');
    expect(schemaTypeAt(schemas, id('minutes'), ['attendees', 0, 'name'])).toBe('string');
    expect(schemaTypeAt(schemas, id('minutes'), ['actions', 0, 'due'])).toBe('string'); // via common's $defs
    expect(schemaTypeAt(schemas, id('minutes'), ['kind'])).toBeUndefined(); // an enum
    expect(schemaTypeAt(schemas, id('minutes'), ['attendees'])).toBe('array');
    expect(schemaTypeAt(schemas, id('case'), ['phase_transfer', 'year'])).toBe('integer');
    expect(schemaTypeAt(schemas, id('case'), ['retention', 'hold'])).toBe('boolean');
    expect(schemaTypeAt(schemas, id('minutes'), ['nonsense'])).toBeUndefined();
    expect(coerceValue('10:00', 'string', ['time'])).toBe('10:00');
    expect(coerceValue('yes', undefined, ['discussion'])).toBe('yes');
    expect(coerceValue('2027', 'integer', ['year'])).toBe(2027);
    expect(coerceValue('true', 'boolean', ['hold'])).toBe(true);
    expect(coerceValue('no', 'boolean', ['hold'])).toBe(false);
    expect(() => coerceValue('2027a', 'integer', ['year'])).toThrow(/whole number/);
    expect(() => coerceValue('maybe', 'boolean', ['hold'])).toThrow(/true or false/);
    expect(() => coerceValue('x', 'array', ['attendees'])).toThrow(/set its items/);
  });
});
