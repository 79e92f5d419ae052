// The schemas are the authority; the TypeScript field lists and vocabularies must agree.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CASE_FIELDS,
  COMMUNICATION_FIELDS,
  CONFIG_FIELDS,
  MINUTES_FIELDS,
  NOTE_FIELDS,
} from '../../src/core/records.js';
import * as V from '../../src/core/vocabulary.js';
import { PROJECT_ROOT } from '../helpers/cli.js';

const schema = (name: string) => JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'schemas', `${name}.schema.json`), 'utf8'));
const common = schema('common');
const deref = (s: Record<string, unknown>, root: Record<string, unknown>): Record<string, unknown> => {
  const ref = s.$ref as string | undefined;
  if (!ref) return s;
  const [file, pointer] = ref.split('#');
  const base = file ? common : root;
  return pointer.split('/').filter(Boolean).reduce((o: any, k) => o[k], base);
};
const enumOf = (name: string, ...pathParts: string[]) => {
  const root = schema(name);
  let node: Record<string, unknown> = root;
  for (const part of pathParts) node = deref((node as any)[part], root);
  return deref(node, root).enum as string[];
};

describe('TypeScript types agree with the JSON Schemas', () => {
  it.each([
    ['case', CASE_FIELDS],
    ['minutes', MINUTES_FIELDS],
    ['note', NOTE_FIELDS],
    ['communication', COMMUNICATION_FIELDS],
    ['config', CONFIG_FIELDS],
  ])('%s: the field list equals the schema properties', (name, fields) => {
    expect([...fields].sort()).toEqual(Object.keys(schema(name).properties).sort());
  });

  it('vocabularies equal the schema enums', () => {
    expect(enumOf('minutes', 'properties', 'kind')).toEqual([...V.MEETING_KINDS]);
    expect(enumOf('communication', 'properties', 'meeting_kind')).toEqual([...V.MEETING_KINDS]);
    expect(enumOf('communication', 'properties', 'purpose')).toEqual(V.PURPOSES);
    expect(enumOf('communication', 'properties', 'order')).toEqual([...V.ORDERS]);
    expect(enumOf('communication', 'properties', 'outcome')).toEqual([...V.OUTCOMES]);
    expect(enumOf('communication', 'properties', 'channel')).toEqual([...V.CHANNELS]);
    expect(enumOf('communication', 'properties', 'direction')).toEqual([...V.DIRECTIONS]);
    expect(enumOf('communication', 'properties', 'party')).toEqual([...V.PARTIES]);
    expect(schema('communication').properties.exception.properties.ground.enum).toEqual([...V.EXCEPTION_GROUNDS]);
    expect(enumOf('note', 'properties', 'kind')).toEqual([...V.NOTE_KINDS]);
    expect(enumOf('case', 'properties', 'status')).toEqual([...V.CASE_STATUSES]);
    expect(schema('case').properties.phase_transfer.properties.phase.enum).toEqual([...V.PHASES]);
    expect(common.$defs.status.enum).toEqual([...V.RECORD_STATUSES]);
    expect(schema('minutes').properties.outcome.properties.result.enum).toEqual([...V.HEARING_RESULTS]);
    expect(schema('minutes').properties.format.enum).toEqual([...V.MEETING_FORMATS]);
    expect(schema('minutes').properties.shared_with_family.properties.method.enum).toEqual([...V.SHARE_METHODS]);
  });

  it('every purpose with a fixed direction is enforced by the schema', () => {
    const rules = schema('communication').allOf as any[];
    for (const [purpose, direction] of Object.entries(V.PURPOSE_DIRECTION)) {
      const rule = rules.find((r) => r.if.properties.purpose?.enum?.includes(purpose));
      if (direction === null) expect(rule).toBeUndefined();
      else expect(rule.then.properties.direction.const).toBe(direction);
    }
  });

  it('every schema has a versioned $id and declares draft 2020-12', () => {
    for (const name of ['common', 'case', 'minutes', 'note', 'communication', 'config']) {
      const s = schema(name);
      expect(s.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(s.$id).toMatch(/\/v\d+\.json$/);
    }
  });
});
