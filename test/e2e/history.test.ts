// `ehcp history` end to end: real git, the built binary, records written by two officers
// through ehcp and one change made by hand.

import fs from 'node:fs';
import path from 'node:path';
import type { HistoryEntry } from '../../src/cli/commands/history.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { gitSync, initRepo, runEhcp as spawnEhcp, tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inProcess.js';

/** Most runs go through runCli in this process (fast); the tests that run the binary say `spawnEhcp`. */
const runEhcp = runInProcess;

const AMBER = { GIT_AUTHOR_NAME: 'Officer Amber Test', GIT_AUTHOR_EMAIL: 'amber@example.invalid', GIT_COMMITTER_NAME: 'Officer Amber Test', GIT_COMMITTER_EMAIL: 'amber@example.invalid' };
const BLUE = { GIT_AUTHOR_NAME: 'Officer Blue Test', GIT_AUTHOR_EMAIL: 'blue@example.invalid', GIT_COMMITTER_NAME: 'Officer Blue Test', GIT_COMMITTER_EMAIL: 'blue@example.invalid' };
const HAND = { GIT_AUTHOR_NAME: 'Officer Hand Test', GIT_AUTHOR_EMAIL: 'hand@example.invalid' };


let repo: string;
let noteId: string;
let commId: string;

async function ok(args: string[], env: Record<string, string> = {}): Promise<string> {
  const r = await runEhcp(args, { cwd: repo, env });
  if (r.code !== 0) throw new Error(`ehcp ${args[0]} failed: ${r.stderr}`);
  return r.stdout.trim();
}

beforeAll(async () => {
  repo = await initRepo();
  await ok(['case', 'new', '--ref', 'T0042', '--name', 'Test Child Alpha', '--dob', '2015-06-01', '--officer', 'Officer Amber Test'], AMBER);
  const note = await ok(['note', 'new', '--case', 'T0042', '--date', '2024-03-05', '--kind', 'phone', '--summary', 'Called the school'], AMBER);
  const comm = await ok(['comm', 'new', '--case', 'T0042', '--direction', 'in', '--purpose', 'enquiry', '--date', '2024-03-06', '--summary', 'Parent asked about the plan'], BLUE);
  noteId = path.basename(note, '.yaml');
  commId = path.basename(comm, '.yaml');
  // A change made by hand, outside ehcp (bypassing the pre-commit check, as someone might).
  const file = path.join(repo, note);
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('Called the school', 'Phoned the school'));
  gitSync(repo, ['commit', '-q', '--no-verify', '-am', 'typo'], HAND);
});

describe('ehcp history', () => {
  it('on a case: the officer who wrote each record, and the hand commit flagged as outside ehcp', async () => {
    const r = await spawnEhcp(['history', 'T0042'], { cwd: repo, env: { COLUMNS: '200' } });
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^WHEN\s+COMMIT\s+WHO\s+WHAT$/);
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(/Officer Amber Test <amber@example\.invalid>\s+create case\.yaml$/);
    expect(lines[2]).toMatch(new RegExp(`Officer Amber Test <amber@example\\.invalid>\\s+create ${noteId}$`));
    expect(lines[3]).toMatch(new RegExp(`Officer Blue Test <blue@example\\.invalid>\\s+create ${commId}$`));
    expect(lines[4]).toMatch(new RegExp(`Officer Hand Test <hand@example\\.invalid>\\s+OUTSIDE EHCP: modified cases/T0042/${noteId}\\.yaml$`));
    expect(lines.slice(1).every((l) => /^\d{4}-\d\d-\d\d \d\d:\d\d  [0-9a-f]{7}  /.test(l))).toBe(true);
    expect(r.stderr).toContain('4 commits, 1 made outside ehcp (by hand).');
    // Never the child's name, whatever is in the records.
    expect(r.stdout + r.stderr).not.toContain('Test Child Alpha');
  });

  it('fits 100 columns: the addresses go first, then long cells are shortened at a word boundary', async () => {
    const r = await runEhcp(['history', 'T0042'], { cwd: repo, env: { COLUMNS: '100' } });
    const lines = r.stdout.trimEnd().split('\n');
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(100);
    expect(lines[1]).toMatch(/  Officer Amber Test  +create case\.yaml$/);
  });

  it('as JSON: every commit with its author, action, record and files, oldest first', async () => {
    const r = await runEhcp(['history', 'T0042', '--format', 'json'], { cwd: repo });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { version: number; target: unknown; shallow: boolean; commits: HistoryEntry[] };
    expect(out.version).toBe(1);
    expect(out.target).toEqual({ kind: 'case', ref: 'T0042' });
    expect(out.shallow).toBe(false);
    const shas = gitSync(repo, ['log', '--reverse', '--format=%H', '--', 'cases/T0042']).trim().split('\n');
    expect(out.commits.map((c) => c.sha)).toEqual(shas);
    expect(out.commits.map((c) => [c.author.name, c.action, c.record, c.outsideEhcp])).toEqual([
      ['Officer Amber Test', 'create', null, false],
      ['Officer Amber Test', 'create', noteId, false],
      ['Officer Blue Test', 'create', commId, false],
      ['Officer Hand Test', null, null, true],
    ]);
    expect(out.commits[2].files).toEqual([{ status: 'A', path: `cases/T0042/${commId}.yaml` }]);
    expect(out.commits[3].date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
  });

  it('on a record: only its commits, followed through a move made by hand', async () => {
    const copy = path.join(tempDir(), 'records');
    fs.cpSync(repo, copy, { recursive: true });
    fs.mkdirSync(path.join(copy, 'cases/T0099'), { recursive: true });
    gitSync(copy, ['mv', `cases/T0042/${commId}.yaml`, `cases/T0099/${commId}.yaml`]);
    gitSync(copy, ['commit', '-q', '--no-verify', '-m', 'moved'], HAND);
    const r = await runEhcp(['history', commId, '--format', 'json'], { cwd: copy });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { target: unknown; commits: HistoryEntry[] };
    expect(out.target).toEqual({ kind: 'record', id: commId });
    expect(out.commits.map((c) => [c.author.name, c.action, c.outsideEhcp])).toEqual([
      ['Officer Blue Test', 'create', false],
      ['Officer Hand Test', null, true],
    ]);
    expect(out.commits[1].files).toEqual([{ status: 'R', path: `cases/T0099/${commId}.yaml`, oldPath: `cases/T0042/${commId}.yaml` }]);
    const table = await runEhcp(['history', commId], { cwd: copy, env: { COLUMNS: '200' } });
    expect(table.stdout).toContain(`OUTSIDE EHCP: moved cases/T0042/${commId}.yaml -> cases/T0099/${commId}.yaml`);
  });

  it('refuses what is neither a reference nor an id without echoing it, and names an unknown case', async () => {
    const bad = await runEhcp(['history', 'Test Child Alpha'], { cwd: repo });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('neither a case reference');
    expect(bad.stderr).not.toContain('Test Child');
    const unknown = await runEhcp(['history', 'T0404'], { cwd: repo });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No case T0404');
    expect(unknown.stderr).toContain('ehcp case list');
    const noRecord = await runEhcp(['history', '2024-01-01-note-zzzzzz'], { cwd: repo });
    expect(noRecord.code).toBe(2);
    expect(noRecord.stderr).toContain('No record 2024-01-01-note-zzzzzz');
  });

  it('on a record written but never committed: says it is not in the audit trail yet', async () => {
    const file = path.join(repo, 'cases', 'T0042', '2024-03-07-note-aaaaaa.yaml');
    fs.copyFileSync(path.join(repo, 'cases', 'T0042', `${noteId}.yaml`), file);
    try {
      const r = await runEhcp(['history', '2024-03-07-note-aaaaaa'], { cwd: repo });
      expect(r.code).toBe(0);
      expect(r.stderr).toContain('2024-03-07-note-aaaaaa has files but no commit yet');
    } finally {
      fs.rmSync(file);
    }
  });

  it('in a shallow clone: warns that older commits are missing and how to fetch them', async () => {
    const clone = path.join(tempDir(), 'shallow');
    gitSync(path.dirname(clone), ['clone', '-q', '--depth', '1', `file://${repo}`, clone]);
    const r = await runEhcp(['history', 'T0042', '--format', 'json'], { cwd: clone });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).shallow).toBe(true);
    expect(r.stderr).toContain('git fetch --unshallow');
  });
});
