import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadDocument } from '../../src/core/document.js';
import { parseYaml, stringifyRecord } from '../../src/core/yaml.js';
import { getSchemaValidator } from '../../src/store/read/schemas.js';

const parse = (text: string) => parseYaml('f.yaml', text);

describe('hardened YAML reader', () => {
  it('keeps unquoted dates, times and YAML 1.1 booleans as the strings a reader sees', () => {
    const r = parse('a: 2024-03-05\nb: yes\nc: on\nd: 12\n');
    expect(r.ok && r.value).toEqual({ a: '2024-03-05', b: 'yes', c: 'on', d: 12 });
  });

  it('refuses duplicate keys with the line of the repeat', () => {
    const r = parse('a: 1\nb: 2\na: 3\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toMatchObject({ rule: 'yaml-duplicate-key', line: 3 });
  });

  it('refuses anchors and aliases, so an alias bomb never expands', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`)].join('\n');
    const r = parse(bomb);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toMatchObject({ rule: 'yaml-alias', line: 1 });
  });

  it('gives a line and column for a syntax error', () => {
    const r = parse('a: 1\nb: [1, 2\nc: 3\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0].line).toBeGreaterThanOrEqual(2);
  });

  it('refuses flow collections nested past 64 levels before parsing, at the 65th bracket', () => {
    for (const open of ['[', '{"a": ']) {
      const r = parse(`schema: note/v1\nsummary: ${open.repeat(20_000)}x\n`);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.problems).toEqual([expect.objectContaining({ rule: 'yaml-too-deep', line: 2, col: 10 + 64 * open.length })]);
    }
    // 64 levels is allowed; the count runs over lines, and a bracket closed no longer counts.
    const deepest = `a: ${'['.repeat(63)}1${']'.repeat(63)}\n`;
    expect(parse(deepest).ok).toBe(true);
    const across = `a:\n${Array.from({ length: 70 }, (_, i) => `${' '.repeat(i + 1)}[`).join('\n')} 1${']'.repeat(70)}\n`;
    expect(parse(across)).toMatchObject({ ok: false, problems: [{ rule: 'yaml-too-deep', line: 66 }] });
  });

  it('counts only real brackets: in quoted and block scalars and comments they are text', () => {
    const many = '['.repeat(200);
    const text = `a: "${many}"\nb: '${many}'\nc: |\n  ${many}\n# ${many}\nd: [${Array.from({ length: 100 }, () => '[1]').join(', ')}]\n`;
    const r = parse(text);
    expect(r.ok && r.value).toEqual({ a: many, b: many, c: `${many}\n`, d: Array.from({ length: 100 }, () => [1]) });
  });

  it('locates a nested path, falling back to the nearest existing parent', () => {
    const r = parse('a:\n  b:\n    - x: 1\n    - y: 2\n');
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.locate(['a', 'b', 1, 'y'])).toEqual({ line: 4, col: 10 });
      expect(r.locate(['a', 'b', 1, 'missing']).line).toBe(4);
    }
  });
});

describe('portable writer', () => {
  it('quotes everything a YAML 1.1 reader would take for a date, number, time or boolean', () => {
    const text = stringifyRecord({ d: '2024-03-05', t: '10:30', y: 'yes', n: 'no', o: 'off', z: '0123', e: '', f: '1e3', plain: 'hello world' }, 'x.json');
    expect(text).toContain('d: "2024-03-05"');
    expect(text).toContain('t: "10:30"');
    expect(text).toContain('y: "yes"');
    expect(text).toContain('n: "no"');
    expect(text).toContain('o: "off"');
    expect(text).toContain('z: "0123"');
    expect(text).toContain('f: "1e3"');
    expect(text).toContain('plain: hello world');
    expect(text.startsWith('# yaml-language-server: $schema=x.json\n')).toBe(true);
  });

  it('round-trips any record-like value exactly (property)', () => {
    const scalar = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constantFrom('2024-02-29', 'yes', 'No', '~', 'null', '0x1F', '.inf', '12:30', '- x', '#c', 'a: b', '"q"', "'s'"));
    const value = fc.dictionary(
      // `__proto__` is refused on purpose (a prototype key is never a record field): not a round trip.
      fc.string({ minLength: 1 }).filter((k) => k.trim() === k && k !== '__proto__' && !/[\u0000-\u001f\u007f-\u009f\ufeff\ud800-\udfff]/.test(k)),
      fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.dictionary(fc.constantFrom('a', 'b', 'c'), scalar)),
    );
    fc.assert(
      fc.property(value, (v) => {
        const r = parse(stringifyRecord(v, 'x.json'));
        expect(r.ok).toBe(true);
        if (r.ok) expect(r.value).toEqual(v);
      }),
      { numRuns: 300 },
    );
  });
});

describe('loadDocument never throws', () => {
  const validator = getSchemaValidator();
  it('gives a result or a clear problem for any text (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        const doc = loadDocument('cases/T0001/x.yaml', new TextEncoder().encode(text), validator);
        expect(doc.valid || doc.problems.length > 0).toBe(true);
        for (const p of doc.problems) {
          expect(p.line).toBeGreaterThanOrEqual(1);
          expect(p.message.length).toBeGreaterThan(10);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('gives a result or a clear problem for any bytes (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const doc = loadDocument('cases/T0001/x.yaml', bytes, validator);
        expect(doc.valid || doc.problems.length > 0).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('gives a result for YAML-shaped noise (property)', () => {
    const token = fc.constantFrom('schema: minutes/v1\n', 'id: x\n', '  - ', ': ', '&a ', '*a', '[', ']', '{', '}', '"', "'", '\n', '  ', 'date: 2024-02-30\n', '? ', '!!binary ', '%YAML 1.1\n', '---\n', '|\n', '>-\n');
    fc.assert(
      fc.property(fc.array(token, { maxLength: 40 }), (parts) => {
        const doc = loadDocument('cases/T0001/x.yaml', new TextEncoder().encode(parts.join('')), validator);
        expect(doc.valid || doc.problems.length > 0).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
