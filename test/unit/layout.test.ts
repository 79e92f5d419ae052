// core/layout.ts: where case folders live in each layout, and how paths of either layout read.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseDirIn, caseFileOf, caseFolderInLayout, casePathIn, inLayout, isPlaced, layoutOf, logicalKey, misplacedMessage, parseCasePath, shardOf } from '../../src/core/layout.js';
import { caseFile, recordFile, repositoryLayout } from '../../src/store/paths.js';
import { configWithLayout } from '../../src/store/write/migrate.js';
import { serializeRecord } from '../../src/core/serialize.js';
import { isLayoutMigration, type HistoryFile } from '../../src/store/git/history.js';

describe('layout: building paths', () => {
  it('the shard is the first two hex digits of SHA-1 of the reference', () => {
    expect(shardOf('C0042')).toBe(createHash('sha1').update('C0042').digest('hex').slice(0, 2));
    expect(shardOf('C0042')).toMatch(/^[0-9a-f]{2}$/);
  });

  it('flat and sharded folders, case files and record files', () => {
    const s = shardOf('C0042');
    expect(caseDirIn('C0042', 'flat')).toBe('cases/C0042');
    expect(caseDirIn('C0042', 'sharded')).toBe(`cases/${s}/C0042`);
    expect(caseFile('C0042', 'flat')).toBe('cases/C0042/case.yaml');
    expect(caseFile('C0042', 'sharded')).toBe(`cases/${s}/C0042/case.yaml`);
    expect(recordFile('C0042', '2024-03-05-note-abc123', 'sharded')).toBe(`cases/${s}/C0042/2024-03-05-note-abc123.yaml`);
    expect(casePathIn('C0042', 'x.yaml', 'flat')).toBe('cases/C0042/x.yaml');
  });

  it('the schema comment climbs one folder more in the sharded layout', () => {
    const value = { schema: 'note/v1', id: '2024-03-05-note-abc123', case: 'C0042', status: 'final' };
    expect(serializeRecord(value)).toContain('$schema=../../schemas/note.schema.json');
    expect(serializeRecord(value, 'sharded')).toContain('$schema=../../../schemas/note.schema.json');
  });

  it('the layout a config asks for: sharded only when it says so', () => {
    expect(layoutOf({ layout: 'sharded' })).toBe('sharded');
    expect(layoutOf({ layout: 'flat' })).toBe('flat');
    expect(layoutOf({})).toBe('flat');
    expect(layoutOf(undefined)).toBe('flat');
    expect(layoutOf({ layout: 'other' })).toBe('flat');
  });

  it("a repository's layout from its config: the plain line without a YAML parse, any other form parsed, a missing or unreadable config flat", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ehcp-layout-'));
    const config = (text: string) => fs.writeFileSync(path.join(dir, 'ehcp.config.yaml'), text);
    expect(repositoryLayout(dir)).toBe('flat'); // no config
    const base = 'authority: Synthetic Test Council\n';
    config(base);
    expect(repositoryLayout(dir)).toBe('flat');
    for (const line of ['layout: sharded', 'layout: "sharded"', "layout: 'sharded'  # thousands of cases", 'layout:\tsharded']) {
      config(`${base}${line}\n`);
      expect(repositoryLayout(dir), line).toBe('sharded');
    }
    config(`${base}layout: flat\n`);
    expect(repositoryLayout(dir)).toBe('flat');
    // Forms the plain line does not cover go through the YAML parser.
    config(`${base}layout: !!str sharded\n`);
    expect(repositoryLayout(dir)).toBe('sharded');
    config(`${base}layout: >-\n  sharded\n`);
    expect(repositoryLayout(dir)).toBe('sharded');
    // A key given twice is not valid YAML: not guessed.
    config(`${base}layout: sharded\nlayout: flat\n`);
    expect(repositoryLayout(dir)).toBe('flat');
    // Not a regular file (a FIFO would hang a plain read): flat, at once.
    fs.rmSync(path.join(dir, 'ehcp.config.yaml'));
    fs.mkdirSync(path.join(dir, 'ehcp.config.yaml'));
    expect(repositoryLayout(dir)).toBe('flat');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('layout: reading paths', () => {
  const s = shardOf('C0042');
  it('parses both forms by depth, and nothing else', () => {
    expect(parseCasePath('cases/C0042/case.yaml')).toEqual({ ref: 'C0042', name: 'case.yaml' });
    expect(parseCasePath(`cases/${s}/C0042/case.yaml`)).toEqual({ ref: 'C0042', name: 'case.yaml', shard: s });
    // A two-digit case reference in the flat layout is still a case folder.
    expect(parseCasePath('cases/12/case.yaml')).toEqual({ ref: '12', name: 'case.yaml' });
    expect(parseCasePath('cases/C0042')).toBeUndefined();
    expect(parseCasePath('cases/C0042/')).toBeUndefined();
    expect(parseCasePath('cases/ZZ/C0042/case.yaml')).toBeUndefined(); // not a shard name
    expect(parseCasePath(`cases/${s}/C0042/sub/x.yaml`)).toBeUndefined();
    expect(parseCasePath('schemas/note.schema.json')).toBeUndefined();
    expect(parseCasePath('ehcp.config.yaml')).toBeUndefined();
  });

  it('the logical key is the same in both layouts; inLayout converts', () => {
    expect(logicalKey('cases/C0042/x.yaml')).toBe('C0042/x.yaml');
    expect(logicalKey(`cases/${s}/C0042/x.yaml`)).toBe('C0042/x.yaml');
    expect(logicalKey('README.md')).toBe('README.md');
    expect(inLayout('cases/C0042/x.yaml', 'sharded')).toBe(`cases/${s}/C0042/x.yaml`);
    expect(inLayout(`cases/${s}/C0042/x.yaml`, 'flat')).toBe('cases/C0042/x.yaml');
    expect(inLayout('README.md', 'sharded')).toBe('README.md');
  });

  it('placement: the right form, and the right shard', () => {
    const other = s === '00' ? '01' : '00';
    expect(isPlaced(parseCasePath('cases/C0042/x.yaml')!, 'flat')).toBe(true);
    expect(isPlaced(parseCasePath('cases/C0042/x.yaml')!, 'sharded')).toBe(false);
    expect(isPlaced(parseCasePath(`cases/${s}/C0042/x.yaml`)!, 'sharded')).toBe(true);
    expect(isPlaced(parseCasePath(`cases/${other}/C0042/x.yaml`)!, 'sharded')).toBe(false);
    expect(misplacedMessage(parseCasePath(`cases/${other}/C0042/x.yaml`)!, 'sharded')).toContain(`wrong shard: it belongs at cases/${s}/C0042/`);
    expect(misplacedMessage(parseCasePath('cases/C0042/x.yaml')!, 'sharded')).toContain('not directly under cases/');
    expect(misplacedMessage(parseCasePath(`cases/${s}/C0042/x.yaml`)!, 'flat')).toContain('belongs at cases/C0042/');
  });

  it('a typed cases/<REF> names the case folder in a sharded repository', () => {
    expect(caseFolderInLayout('cases/C0042', 'sharded')).toBe(`cases/${s}/C0042`);
    expect(caseFolderInLayout('cases/C0042/x.yaml', 'sharded')).toBe(`cases/${s}/C0042/x.yaml`);
    expect(caseFolderInLayout('cases/C0042', 'flat')).toBe('cases/C0042');
    expect(caseFolderInLayout(`cases/${s}`, 'sharded')).toBe(`cases/${s}`);
  });
});

describe('layout: the config edit and the migration commit', () => {
  const config = '# yaml-language-server: $schema=./schemas/config.schema.json\n# comment kept\nschema: config/v1\nauthority: Synthetic Council\nclosures: []\n';
  it('sets and removes layout by one line, keeping comments', () => {
    const sharded = configWithLayout(config, 'sharded');
    expect(sharded).toBe(config.replace('authority: Synthetic Council\n', 'authority: Synthetic Council\nlayout: sharded\n'));
    expect(configWithLayout(sharded, 'flat')).toBe(config);
    expect(configWithLayout(config, 'flat')).toBe(config);
  });

  const s = shardOf('C0042');
  const oid = 'a'.repeat(40);
  const move = (from: string, to: string, after = oid): HistoryFile => ({ status: 'R', path: to, oldPath: from, beforeOid: oid, afterOid: after });
  const configChange: HistoryFile = { status: 'M', path: 'ehcp.config.yaml', beforeOid: 'b'.repeat(40), afterOid: 'c'.repeat(40) };
  it('recognises exactly what ehcp migrate commits', () => {
    expect(isLayoutMigration([configChange, move('cases/C0042/x.yaml', `cases/${s}/C0042/x.yaml`)])).toBe(true);
    expect(isLayoutMigration([configChange, move(`cases/${s}/C0042/x.yaml`, 'cases/C0042/x.yaml')])).toBe(true);
    expect(isLayoutMigration([configChange])).toBe(true); // an empty repository
    // Not: without the config, with an edit, to another case or name, to the wrong shard, or both directions at once.
    expect(isLayoutMigration([move('cases/C0042/x.yaml', `cases/${s}/C0042/x.yaml`)])).toBe(false);
    expect(isLayoutMigration([configChange, move('cases/C0042/x.yaml', `cases/${s}/C0042/x.yaml`, 'd'.repeat(40))])).toBe(false);
    expect(isLayoutMigration([configChange, move('cases/C0042/x.yaml', `cases/${shardOf('C0043')}/C0043/x.yaml`)])).toBe(false);
    expect(isLayoutMigration([configChange, move('cases/C0042/x.yaml', `cases/${s}/C0042/y.yaml`)])).toBe(false);
    expect(isLayoutMigration([configChange, move('cases/C0042/x.yaml', `cases/${s === '00' ? '01' : '00'}/C0042/x.yaml`)])).toBe(false);
    expect(isLayoutMigration([configChange, move('cases/C0042/x.yaml', `cases/${s}/C0042/x.yaml`), move(`cases/${shardOf('C0043')}/C0043/x.yaml`, 'cases/C0043/x.yaml')])).toBe(false);
    expect(isLayoutMigration([configChange, { status: 'A', path: 'cases/C0042/z.yaml', afterOid: oid }])).toBe(false);
  });
});

describe('caseFileOf', () => {
  it('reads case and id from a .yaml file of a case folder in either layout, and nothing else', () => {
    expect(caseFileOf('cases/C0042/2024-03-05-note-abc123.yaml')).toEqual({ ref: 'C0042', id: '2024-03-05-note-abc123' });
    expect(caseFileOf(`cases/${shardOf('C0042')}/C0042/case.yaml`)).toEqual({ ref: 'C0042', id: 'case' });
    for (const other of ['cases/C0042/notes.txt', 'cases/C0042', 'ehcp.config.yaml', 'cases/a/b/c/d.yaml']) expect(caseFileOf(other), other).toBeUndefined();
  });
});
