import { describe, expect, it } from 'vitest';
import { loadDocument } from '../../src/core/document.js';
import { parseYaml } from '../../src/core/yaml.js';
import { getSchemaValidator } from '../../src/store/read/schemas.js';

describe('a file with a duplicate key', () => {
  const text = [
    'schema: note/v1',
    'id: 2024-03-06-note-abc123',
    'case: T0042',
    'status: final',
    'date: "2024-03-06"',
    'kind: phone',
    'kind: visit',
    'summary: ""',
    'colour: blue',
    '',
  ].join('\n');

  it('is still refused, and its other problems are shown in the same run', () => {
    const doc = loadDocument('cases/T0042/2024-03-06-note-abc123.yaml', new TextEncoder().encode(text), getSchemaValidator());
    expect(doc.valid).toBe(false);
    expect(doc.value).toBeUndefined(); // never used as a record
    const rules = doc.problems.map((p) => `${p.line} ${p.rule}`);
    expect(rules[0]).toBe('7 yaml-duplicate-key');
    expect(doc.problems.length).toBeGreaterThan(1);
    expect(doc.problems.some((p) => p.message.includes('colour'))).toBe(true);
  });

  it('parseYaml alone still says no (callers that need a value get none)', () => {
    const parsed = parseYaml('x.yaml', text);
    expect(parsed.ok).toBe(false);
  });

  it('a syntax error is not read on', () => {
    const parsed = parseYaml('x.yaml', 'a: [1,\nb: 2\na: 3\n');
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.recovered).toBeFalsy();
  });
});
