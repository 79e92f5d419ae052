import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isRecordId, parseRecordId, recordId, suffixFromBytes, SUFFIX_ALPHABET } from '../../src/core/ids.js';
import { loadSchemaFiles } from '../../src/store/read/schemas.js';

const SCHEMA_PATTERN = new RegExp(
  ((loadSchemaFiles()['common.schema.json'].$defs as Record<string, { pattern: string }>).recordId).pattern,
);

describe('record ids', () => {
  it('are date, type word and a six-character suffix, matching the schema', () => {
    expect(recordId('minutes', '2024-03-05', 'k3f9q2')).toBe('2024-03-05-minutes-k3f9q2');
    expect(recordId('note', '2024-02-29', 'aaaaaa')).toBe('2024-02-29-note-aaaaaa');
    expect(recordId('communication', '2024-12-31', '000000')).toBe('2024-12-31-comm-000000');
    expect(() => recordId('minutes', '2023-02-29', 'k3f9q2')).toThrow(RangeError);
    expect(() => recordId('minutes', '2024-03-05', 'K3F9Q2')).toThrow(RangeError);
  });

  it('any bytes give a suffix of [a-z0-9] or ask for more; every id matches the schema pattern', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 24 }), fc.constantFrom('minutes', 'note', 'communication' as const), (bytes, type) => {
        const suffix = suffixFromBytes(bytes);
        if (suffix === undefined) {
          expect(bytes.filter((b) => b < 252).length).toBeLessThan(6);
          return;
        }
        expect(suffix).toMatch(/^[a-z0-9]{6}$/);
        const id = recordId(type, '2024-03-05', suffix);
        expect(id).toMatch(SCHEMA_PATTERN);
        expect(isRecordId(id)).toBe(true);
        expect(parseRecordId(id)).toEqual({ date: '2024-03-05', type, suffix });
      }),
    );
  });

  it('skips the bytes that would bias the suffix towards the first letters', () => {
    expect(suffixFromBytes(Uint8Array.from([252, 253, 254, 255, 0, 1, 2, 3, 4, 35]))).toBe('abcde9');
    // Every byte below 252 maps each character exactly 7 times.
    const counts = new Map<string, number>();
    for (let b = 0; b < 252; b++) {
      const c = suffixFromBytes(Uint8Array.from([b, b, b, b, b, b]))![0];
      counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    expect([...counts.keys()].sort().join('')).toBe([...SUFFIX_ALPHABET].sort().join(''));
    expect(new Set(counts.values())).toEqual(new Set([7]));
  });

  it('parseRecordId refuses anything else, including path tricks and impossible dates', () => {
    for (const bad of ['../../etc/passwd', '2024-03-05-minutes-k3f9q', '2024-02-30-note-aaaaaa', '2024-03-05-letter-aaaaaa', ' 2024-03-05-note-aaaaaa']) {
      expect(parseRecordId(bad), bad).toBeUndefined();
      expect(isRecordId(bad), bad).toBe(false);
    }
  });
});
