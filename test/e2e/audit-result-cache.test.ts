// The audit's stored result (.ehcp/cache/audit-result.json): a repeat audit with nothing
// changed reuses the last findings, and every change that could alter them — a record
// edited or added, a commit, another audit date, another due-soon window, another case
// filter — computes them again. Real repository, real git; in-process runs.

import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { backdateTree, gitSync, initRepo } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inProcess.js';
import { readTuning } from '../../src/store/read/read.js';

const STORE = '.ehcp/cache/audit-result.json';
let root: string;

async function ehcp(args: string[], day = '2026-03-02') {
  const env = { GIT_AUTHOR_DATE: `${day}T12:00:00+00:00`, GIT_COMMITTER_DATE: `${day}T12:00:00+00:00` };
  const r = await runInProcess(args, { cwd: root, env });
  if (r.code !== 0 && r.code !== 1) throw new Error(`ehcp ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r;
}

/** Every file of the repository dated an hour ago: the read path trusts only files older than its racy window. */
const ageFiles = () => backdateTree(root, 3_600_000);

async function findings(args: string[] = []): Promise<{ rule: string; trigger: string | null; category: string; message: string }[]> {
  const r = await ehcp(['audit', '--as-of', '2026-06-01', '--format', 'json', ...args]);
  return (JSON.parse(r.stdout) as { findings: { rule: string; trigger: string | null; category: string; message: string }[] }).findings;
}

/** Replace the stored findings (keeping their key) with one marker finding. */
function plantMarker(): void {
  const file = path.join(root, STORE);
  const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as { key: string; findings: { message: string }[] };
  const marker = { ...stored.findings[0], message: 'MARKER: served from the stored result' };
  fs.writeFileSync(file, `{"key":"${stored.key}","findings":${JSON.stringify([marker])}}`);
}

const served = (list: { message: string }[]) => list.length === 1 && list[0].message.startsWith('MARKER');

/** The findings computed afresh, with no stored result to reuse. */
async function computedAfresh(args: string[] = []) {
  fs.rmSync(path.join(root, STORE), { force: true });
  return findings(args);
}

beforeAll(async () => {
  // Files are trusted from the cache only once older than this window (ctime included, which
  // ageFiles cannot move back): the test's files are a few milliseconds old.
  readTuning.racyMs = 0;
  root = await initRepo();
  await ehcp(['case', 'new', '--ref', 'C0001', '--officer', 'Test Officer Alpha', '--opened', '2026-03-02', '--no-input']);
  await ehcp(['comm', 'new', '--case', 'C0001', '--purpose', 'assessment-request', '--date', '2026-03-02', '--party', 'parent', '--no-input']);
  ageFiles();
}, 60_000);

describe('the stored audit result', () => {
  it('is written by an audit and reused by the same audit with nothing changed', async () => {
    const first = await findings();
    expect(first.length).toBeGreaterThan(0);
    expect(fs.existsSync(path.join(root, STORE))).toBe(true);
    expect(await findings()).toEqual(first);
    plantMarker();
    expect(served(await findings())).toBe(true);
  });

  it('is not used for another audit date, due-soon window or case filter', async () => {
    await findings();
    plantMarker();
    expect(served(await findings(['--due-within', '3']))).toBe(false);
    await findings();
    plantMarker();
    expect(served(await findings(['--case', 'C0001']))).toBe(false);
    await findings();
    plantMarker();
    const other = await ehcp(['audit', '--as-of', '2026-07-01', '--format', 'json']);
    expect(other.stdout).not.toContain('MARKER');
  });

  it('is not used once a record changes in the working tree, even uncommitted', async () => {
    const before = await findings();
    plantMarker();
    const record = fs.readdirSync(path.join(root, 'cases', 'C0001')).find((f) => f !== 'case.yaml')!;
    const file = path.join(root, 'cases', 'C0001', record);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('date: "2026-03-02"', 'date: "2026-03-03"'));
    const after = await findings();
    expect(served(after)).toBe(false);
    expect(after).toEqual(await computedAfresh());
    expect(after).not.toEqual(before); // the request's new date moves its clocks
    gitSync(root, ['checkout', '--', '.']);
    ageFiles();
  });

  it('is not used after a commit (HEAD moved)', async () => {
    await findings();
    await findings();
    plantMarker();
    await ehcp(['comm', 'new', '--case', 'C0001', '--purpose', 'assessment-decision', '--date', '2026-04-01', '--outcome', 'assess', '--party', 'parent', '--no-input'], '2026-04-01');
    ageFiles();
    const after = await findings();
    expect(served(after)).toBe(false);
    expect(after).toEqual(await computedAfresh());
  });

  it('a damaged store is ignored and replaced', async () => {
    fs.writeFileSync(path.join(root, STORE), '{"key":"');
    const list = await findings();
    expect(list).toEqual(await computedAfresh());
    await findings();
    expect(JSON.parse(fs.readFileSync(path.join(root, STORE), 'utf8')).findings).toEqual(list);
  });
});
