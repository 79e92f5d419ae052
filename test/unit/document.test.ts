// The loaded document is a union by record type: a valid one carries its typed value, an
// invalid one only the parsed fields. These tests load real files through the schema
// validator and check what the narrowing helpers hand back.

import { describe, expect, it } from 'vitest';
import { fieldsOf, loadDocument, validAs, validValues, type LoadedDocument } from '../../src/core/document.js';
import { getSchemaValidator } from '../../src/store/read/schemas.js';
import { CASE_YAML, COMM_YAML, MINUTES_YAML, NOTE_YAML } from '../fixtures/records.js';

const load = (file: string, text: string, expected?: Parameters<typeof loadDocument>[3]): LoadedDocument =>
  loadDocument(file, Buffer.from(text), getSchemaValidator(), expected);

describe('LoadedDocument by record type', () => {
  it('a valid file carries the type its schema names, and narrowing on it gives the typed value', () => {
    const doc = load('cases/T0001/case.yaml', CASE_YAML, ['case']);
    expect(doc.valid).toBe(true);
    if (!doc.valid || doc.type !== 'case') throw new Error('expected a valid case');
    // Typed: `ref` and `status` are CaseFile fields, read without a cast.
    expect(doc.value.ref).toBe('T0001');
    expect(doc.value.status).toBe('open');
  });

  it('validAs narrows to the types asked for and refuses others and invalid files', () => {
    const minutes = load('cases/T0001/m.yaml', MINUTES_YAML);
    expect(validAs(minutes, 'minutes')?.value.kind).toBe('appeal-hearing');
    expect(validAs(minutes, 'note', 'communication')).toBeUndefined();
    const broken = load('cases/T0001/n.yaml', NOTE_YAML.replace(/^summary:.*$/m, 'summary: 12'));
    expect(broken.valid).toBe(false);
    expect(validAs(broken, 'note')).toBeUndefined();
    // The fields of an invalid file stay readable one by one.
    expect(fieldsOf(broken)?.summary).toBe(12);
  });

  it('validValues keeps the valid documents of the asked types, in order', () => {
    const docs = [
      load('cases/T0001/case.yaml', CASE_YAML, ['case']),
      load('cases/T0001/c.yaml', COMM_YAML),
      load('cases/T0001/x.yaml', 'schema: note/v1\n'),
      load('cases/T0001/n.yaml', NOTE_YAML),
    ];
    expect(validValues(docs, 'case').map((c) => c.ref)).toEqual(['T0001']);
    expect(validValues(docs, 'minutes', 'note', 'communication').map((r) => r.schema)).toEqual(['communication/v1', 'note/v1']);
  });

  it('a file that is not a mapping has neither value nor fields', () => {
    const doc = load('cases/T0001/l.yaml', '- a\n- b\n');
    expect(doc.valid).toBe(false);
    expect(doc.value).toBeUndefined();
    expect(fieldsOf(doc)).toBeUndefined();
  });
});
