// The sharded layout end to end (cases/<xx>/<REF>/, core/layout.ts), and `ehcp migrate`
// between layouts: real git in temporary folders, commands run in-process.

import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gitSync, initRepo, tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inProcess.js';
import { shardOf } from '../../src/core/layout.js';
import { buildProgram } from '../../src/cli/program.js';
import { candidates } from '../../src/cli/commands/completion.js';

const runEhcp = runInProcess;

interface JsonFinding {
  case: string;
  rule: string;
  message: string;
  file?: string;
}

const at = (day: string) => ({ GIT_AUTHOR_DATE: `${day}T12:00:00+00:00`, GIT_COMMITTER_DATE: `${day}T12:00:00+00:00` });

async function ok(root: string, args: string[], day = '2024-03-05') {
  const r = await runEhcp(args, { cwd: root, env: at(day) });
  if (r.code !== 0) throw new Error(`ehcp ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r;
}

async function written(root: string, args: string[], day: string): Promise<string> {
  const r = await ok(root, [...args, '--json', '--no-input'], day);
  return (JSON.parse(r.stdout) as { path: string }).path;
}

async function findings(root: string): Promise<JsonFinding[]> {
  const r = await runEhcp(['audit', '--format', 'json', '--as-of', '2024-06-28'], { cwd: root });
  expect(r.stdout, r.stderr).not.toBe('');
  return (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings;
}

/** A small repository written through ehcp: two cases, final and draft records, one recorded late. */
async function fill(root: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const ref of ['C0001', 'C0002']) await ok(root, ['case', 'new', '--ref', ref, '--officer', 'Test Officer Alpha', '--opened', '2024-01-02', '--no-input'], '2024-01-02');
  files.request = await written(root, ['comm', 'new', '--case', 'C0001', '--purpose', 'assessment-request', '--date', '2024-03-05', '--party', 'parent'], '2024-03-05');
  files.call = await written(root, ['comm', 'new', '--case', 'C0001', '--purpose', 'enquiry', '--date', '2024-03-06', '--party', 'parent', '--channel', 'phone', '--summary', 'Synthetic call'], '2024-03-06');
  // Committed three weeks after its date: a late-record finding, which needs the first-added day.
  files.late = await written(root, ['note', 'new', '--case', 'C0002', '--date', '2024-03-01', '--summary', 'Synthetic note'], '2024-03-22');
  files.draft = await written(
    root,
    [
      'minutes', 'new', '--case', 'C0002', '--kind', 'case-discussion', '--date', '2024-03-12',
      '--set', 'attendees[0].name=Test Officer Alpha', '--set', 'attendees[0].party=local-authority', '--set', 'attendees[0].attendance=present',
      '--set', 'decisions[0].decision=Synthetic decision', '--set', 'decisions[0].reasons=Synthetic reasons',
    ],
    '2024-03-12',
  );
  await ok(root, ['minutes', 'finalise', path.basename(files.draft, '.yaml')], '2024-03-13');
  return files;
}

const flatPath = (p: string | undefined) => p?.replace(/^cases\/[0-9a-f]{2}\//, 'cases/');
/** Findings with every path in the flat form, and commit ids left out (they differ between layouts). */
const comparable = (list: JsonFinding[]) =>
  list.map((f) => ({ ...f, file: flatPath(f.file), message: f.message.replace(/cases\/[0-9a-f]{2}\//g, 'cases/').replace(/\b[0-9a-f]{7}\b/g, 'SHA') }));

describe('a sharded repository, end to end', () => {
  let root: string;
  let files: Record<string, string>;
  beforeAll(async () => {
    root = path.join(tempDir(), 'records');
    await ok(path.dirname(root), ['init', root, '--authority', 'Synthetic Test Council', '--ci', 'none', '--layout', 'sharded']);
    files = await fill(root);
  }, 120_000);

  it('writes case folders under their shard, and the config says so', () => {
    expect(fs.readFileSync(path.join(root, 'ehcp.config.yaml'), 'utf8')).toMatch(/^layout: sharded$/m);
    expect(fs.existsSync(path.join(root, 'cases', shardOf('C0001'), 'C0001', 'case.yaml'))).toBe(true);
    expect(files.call.startsWith(`cases/${shardOf('C0001')}/C0001/`)).toBe(true);
    expect(fs.readFileSync(path.join(root, files.call), 'utf8')).toContain('$schema=../../../schemas/communication.schema.json');
    expect(fs.existsSync(path.join(root, 'cases', 'C0001'))).toBe(false);
  });

  it('validate, audit, history, case show and export work on it', async () => {
    const v = await runEhcp(['validate'], { cwd: root });
    expect(v.code, v.stdout + v.stderr).toBe(0);
    const list = await findings(root);
    const late = list.find((f) => f.rule === 'late-record');
    expect(late?.file).toBe(files.late);
    expect(list.filter((f) => f.file !== undefined).every((f) => f.file!.startsWith(`cases/${shardOf(f.case)}/${f.case}/`))).toBe(true);
    expect(list.some((f) => f.rule === 'record-moved' || f.rule === 'final-record-changed')).toBe(false);

    const h = await runEhcp(['history', 'C0001', '--format', 'json'], { cwd: root });
    const commits = (JSON.parse(h.stdout) as { commits: { action?: string; outsideEhcp: boolean }[] }).commits;
    expect(commits.map((c) => [c.action, c.outsideEhcp])).toEqual([['create', false], ['create', false], ['create', false]]);
    const rh = await runEhcp(['history', path.basename(files.draft, '.yaml'), '--format', 'json'], { cwd: root });
    expect((JSON.parse(rh.stdout) as { commits: { action?: string; outsideEhcp: boolean }[] }).commits.map((c) => [c.action, c.outsideEhcp])).toEqual([['create', false], ['finalise', false]]);

    const show = await runEhcp(['case', 'show', 'C0002'], { cwd: root });
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain(path.basename(files.late, '.yaml'));
    const list2 = await runEhcp(['case', 'list'], { cwd: root });
    expect(list2.stdout).toContain('C0001');
    expect(list2.stdout).toContain('C0002');
    const out = path.join(tempDir(), 'C0001.md');
    const e = await runEhcp(['export', '--case', 'C0001', '--format', 'md', '--out', out], { cwd: root });
    expect(e.code, e.stderr).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toContain('Synthetic call');
    // A record found by id alone (no --case): the shard is searched.
    const rec = await runEhcp(['record', 'show', path.basename(files.call, '.yaml')], { cwd: root });
    expect(rec.code, rec.stderr).toBe(0);
    // GitHub annotations name files where they are (a finding without a file: its case.yaml).
    const gh = await runEhcp(['audit', '--format', 'github', '--as-of', '2024-06-28', '--include-history'], { cwd: root });
    expect(gh.stdout).toMatch(/file=cases\/[0-9a-f]{2}\/C000[12]\//);
    expect(gh.stdout).not.toMatch(/file=cases\/C000/);
    // Completion lists case references and record ids from the shard folders.
    const program = await buildProgram();
    const complete = (line: string) => candidates(program, line.split(' '), line.split(' ').length - 1, root);
    expect(complete('ehcp case show C000')).toEqual(['C0001', 'C0002']);
    expect(complete('ehcp record show --case C0001 2024-03-06')).toEqual([path.basename(files.call, '.yaml')]);
    // `ehcp validate cases/<REF>` still names the case's folder.
    const scoped = await runEhcp(['validate', 'cases/C0001', '--format', 'json'], { cwd: root });
    expect(scoped.code).toBe(0);
    expect((JSON.parse(scoped.stdout) as { files: number }).files).toBe(3);
  });

  it('validate reports a case folder in the wrong shard, and one left in the flat place', async () => {
    const wrong = shardOf('C0002') === '00' ? '01' : '00';
    fs.mkdirSync(path.join(root, 'cases', wrong), { recursive: true });
    fs.renameSync(path.join(root, 'cases', shardOf('C0002'), 'C0002'), path.join(root, 'cases', wrong, 'C0002'));
    const layoutProblems = async () => {
      const r = await runEhcp(['validate', '--format', 'json'], { cwd: root });
      expect(r.code).toBe(1);
      return (JSON.parse(r.stdout) as { problems: { file: string; rule: string; message: string }[] }).problems.filter((p) => p.rule === 'case-layout');
    };
    const inWrongShard = await layoutProblems();
    expect(inWrongShard).toHaveLength(1);
    expect(inWrongShard[0].file.startsWith(`cases/${wrong}/C0002/`)).toBe(true);
    expect(inWrongShard[0].message).toContain(`wrong shard: it belongs at cases/${shardOf('C0002')}/C0002/`);
    fs.renameSync(path.join(root, 'cases', wrong, 'C0002'), path.join(root, 'cases', 'C0002'));
    const flat = await layoutProblems();
    expect(flat).toHaveLength(1);
    expect(flat[0].message).toContain('not directly under cases/');
    fs.renameSync(path.join(root, 'cases', 'C0002'), path.join(root, 'cases', shardOf('C0002'), 'C0002'));
    expect((await runEhcp(['validate'], { cwd: root })).code).toBe(0);
  });

  it('a config with a YAML error elsewhere is reported as such, not as every case folder in the wrong place', async () => {
    const copy = path.join(tempDir(), 'copy');
    fs.cpSync(root, copy, { recursive: true });
    fs.appendFileSync(path.join(copy, 'ehcp.config.yaml'), 'closures: [\n');
    const r = await runEhcp(['validate', '--format', 'json'], { cwd: copy });
    expect(r.code).toBe(1);
    const problems = (JSON.parse(r.stdout) as { problems: { file: string; rule: string }[] }).problems;
    expect(problems.some((p) => p.file === 'ehcp.config.yaml' && p.rule === 'yaml-syntax')).toBe(true);
    expect(problems.filter((p) => p.rule === 'case-layout')).toEqual([]);
  });

  it('the pre-commit check (validate --staged) refuses a case folder staged in the wrong shard', async () => {
    const wrong = shardOf('C0001') === '00' ? '01' : '00';
    fs.mkdirSync(path.join(root, 'cases', wrong), { recursive: true });
    gitSync(root, ['mv', `cases/${shardOf('C0001')}/C0001`, `cases/${wrong}/C0001`]);
    const r = await runEhcp(['validate', '--staged', '--format', 'json'], { cwd: root });
    expect(r.code).toBe(1);
    const problems = (JSON.parse(r.stdout) as { problems: { file: string; rule: string }[] }).problems.filter((p) => p.rule === 'case-layout');
    expect(problems.map((p) => p.file.split('/').slice(0, 3).join('/'))).toEqual([`cases/${wrong}/C0001`]);
    gitSync(root, ['mv', `cases/${wrong}/C0001`, `cases/${shardOf('C0001')}/C0001`]);
    expect((await runEhcp(['validate', '--staged'], { cwd: root })).code).toBe(0);
  });
});

describe('ehcp migrate', () => {
  let root: string;
  let files: Record<string, string>;
  let before: JsonFinding[];
  beforeAll(async () => {
    root = await initRepo();
    files = await fill(root);
    // Exact renames are found whatever the rename limit: a tiny one proves it.
    gitSync(root, ['config', 'diff.renameLimit', '1']);
    before = await findings(root);
  }, 120_000);

  it('refuses while files under cases/ are not committed, and changes nothing', async () => {
    const extra = path.join(root, 'cases', 'C0001', 'stray.yaml');
    fs.writeFileSync(extra, 'schema: note/v1\n');
    const head = gitSync(root, ['rev-parse', 'HEAD']);
    const r = await runEhcp(['migrate', '--layout', 'sharded'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not committed');
    expect(r.stderr).toContain('cases/C0001/stray.yaml');
    expect(gitSync(root, ['rev-parse', 'HEAD'])).toBe(head);
    expect(fs.existsSync(path.join(root, 'cases', 'C0001', 'case.yaml'))).toBe(true);
    fs.rmSync(extra);
  });

  it('moves every case folder in one commit; the audit finds the same, first-added days kept, no integrity finding', async () => {
    const head = gitSync(root, ['rev-parse', 'HEAD']).trim();
    const r = await ok(root, ['migrate', '--layout', 'sharded'], '2024-04-01');
    expect(r.stdout + r.stderr).toContain('Moved 2 case folders');
    expect(gitSync(root, ['rev-parse', 'HEAD~1']).trim()).toBe(head);
    expect(gitSync(root, ['log', '-1', '--format=%B'])).toMatch(/\nEhcp-Action: migrate\n/);
    expect(gitSync(root, ['status', '--porcelain'])).toBe('');
    expect(fs.existsSync(path.join(root, 'cases', shardOf('C0001'), 'C0001', 'case.yaml'))).toBe(true);
    expect(fs.existsSync(path.join(root, 'cases', 'C0001'))).toBe(false);
    expect(fs.readFileSync(path.join(root, 'ehcp.config.yaml'), 'utf8')).toMatch(/^layout: sharded$/m);

    const after = await findings(root);
    expect(comparable(after)).toEqual(comparable(before));
    expect(after.some((f) => f.rule === 'late-record')).toBe(true);
    expect(after.filter((f) => f.rule === 'record-moved' || f.rule === 'final-record-changed' || f.rule === 'final-record-deleted')).toEqual([]);
    expect((await runEhcp(['validate'], { cwd: root })).code).toBe(0);
    // A push holding the migration: no record moved or deleted; the settings change is named.
    const pushed = await runEhcp(['validate', '--base', head, '--format', 'json'], { cwd: root });
    const pushProblems = (JSON.parse(pushed.stdout) as { problems: { rule: string }[] }).problems.map((p) => p.rule);
    expect(pushProblems).not.toContain('record-moved');
    expect(pushProblems.filter((r) => r.startsWith('final-'))).toEqual([]);
    expect(pushProblems).toContain('governance-change');

    // History follows the case and the record across the move; the migration is ehcp's own.
    const h = await runEhcp(['history', 'C0001', '--format', 'json'], { cwd: root });
    const commits = (JSON.parse(h.stdout) as { commits: { action?: string; outsideEhcp: boolean }[] }).commits;
    expect(commits.map((c) => [c.action, c.outsideEhcp])).toEqual([['create', false], ['create', false], ['create', false], ['migrate', false]]);
    const rh = await runEhcp(['history', path.basename(files.draft, '.yaml'), '--format', 'json'], { cwd: root });
    expect((JSON.parse(rh.stdout) as { commits: { action?: string }[] }).commits.map((c) => c.action)).toEqual(['create', 'finalise', 'migrate']);

    // Writing goes on in the new layout, through the one-folder commit.
    const note = await written(root, ['note', 'new', '--case', 'C0001', '--date', '2024-04-02', '--summary', 'Synthetic later note'], '2024-04-02');
    expect(note.startsWith(`cases/${shardOf('C0001')}/C0001/`)).toBe(true);
    expect(gitSync(root, ['status', '--porcelain'])).toBe('');
    // Again: nothing to do.
    const again = await ok(root, ['migrate', '--layout', 'sharded'], '2024-04-02');
    expect(again.stdout + again.stderr).toContain('already uses the sharded layout');
  });

  it('a hand commit carrying the migrate trailer that also moves a record to another case is reported', async () => {
    const call = path.join(root, 'cases', shardOf('C0001'), 'C0001', path.basename(files.call));
    const target = path.join(root, 'cases', shardOf('C0002'), 'C0002', path.basename(files.call));
    fs.renameSync(call, target);
    gitSync(root, ['add', '-A', '--', 'cases']);
    gitSync(root, ['commit', '-q', '--no-verify', '-m', 'ehcp migrate: case folders\n\nEhcp-Action: migrate'], { GIT_AUTHOR_NAME: 'Test Officer Beta', ...at('2024-04-03') });
    const moved = (await findings(root)).filter((f) => f.rule === 'record-moved');
    expect(moved).toHaveLength(1);
    const pushed = await runEhcp(['validate', '--base', 'HEAD~1', '--format', 'json'], { cwd: root });
    expect(pushed.code).toBe(1);
    expect((JSON.parse(pushed.stdout) as { problems: { rule: string }[] }).problems.map((p) => p.rule)).toContain('record-moved');
    expect(moved[0].message).toContain(path.basename(files.call, '.yaml'));
    const h = await runEhcp(['history', 'C0002', '--format', 'json'], { cwd: root });
    const commits = (JSON.parse(h.stdout) as { commits: { action?: string; outsideEhcp: boolean }[] }).commits;
    expect(commits.at(-1)).toMatchObject({ action: 'migrate', outsideEhcp: true });
    gitSync(root, ['reset', '-q', '--hard', 'HEAD~1']);
  });

  it('refuses, changing nothing, when a case folder is in both places (one record would be written over the other)', async () => {
    const copy = path.join(tempDir(), 'copy');
    fs.cpSync(root, copy, { recursive: true });
    // The repository is sharded now: put a copy of a case folder, with one record changed, back in the flat place.
    const flat = path.join(copy, 'cases', 'C0001');
    fs.cpSync(path.join(copy, 'cases', shardOf('C0001'), 'C0001'), flat, { recursive: true });
    fs.appendFileSync(path.join(flat, 'case.yaml'), '# kept by hand\n');
    gitSync(copy, ['add', 'cases']);
    gitSync(copy, ['commit', '-q', '--no-verify', '-m', 'a case folder in both places']);
    const head = gitSync(copy, ['rev-parse', 'HEAD']);
    const r = await runEhcp(['migrate', '--layout', 'flat'], { cwd: copy });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('two files would end up at cases/C0001/');
    expect(gitSync(copy, ['rev-parse', 'HEAD'])).toBe(head);
    expect(fs.readFileSync(path.join(flat, 'case.yaml'), 'utf8')).toContain('# kept by hand');
    expect(gitSync(copy, ['status', '--porcelain'])).toBe('');
  });

  it('works in a SHA-256 repository (a removal takes the all-zero id of that length)', async () => {
    const dir = path.join(tempDir(), 'sha256');
    gitSync(path.dirname(dir), ['init', '-q', '--object-format=sha256', '-b', 'main', dir]);
    await ok(dir, ['init', '--authority', 'Synthetic Borough']);
    await ok(dir, ['case', 'new', '--ref', 'C0001', '--name', 'Test Child Alpha', '--dob', '2015-06-01']);
    const r = await ok(dir, ['migrate', '--layout', 'sharded']);
    expect(r.stdout + r.stderr).toContain('to the sharded layout');
    expect(gitSync(dir, ['ls-tree', '-r', '--name-only', 'HEAD', '--', 'cases']).trim()).toBe(`cases/${shardOf('C0001')}/C0001/case.yaml`);
    expect(gitSync(dir, ['status', '--porcelain'])).toBe('');
  });

  it('migrates back to flat the same way', async () => {
    const r = await ok(root, ['migrate', '--layout', 'flat'], '2024-04-04');
    expect(r.stdout + r.stderr).toContain('to the flat layout');
    expect(fs.existsSync(path.join(root, 'cases', 'C0001', 'case.yaml'))).toBe(true);
    expect(fs.readFileSync(path.join(root, 'ehcp.config.yaml'), 'utf8')).not.toMatch(/^layout:/m);
    const after = await findings(root);
    expect(after.filter((f) => f.rule === 'record-moved' || f.rule === 'final-record-changed')).toEqual([]);
    expect(comparable(after).filter((f) => f.rule === 'late-record')).toEqual(comparable(before).filter((f) => f.rule === 'late-record'));
    expect((await runEhcp(['validate'], { cwd: root })).code).toBe(0);
  });
});
