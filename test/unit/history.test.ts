// readHistory against real git: the parse (trailers, renames, odd names), the author's own
// day, the incremental cache and its rebuilds, shallow clones.

import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstAdded, HISTORY_CACHE_FILE, isEhcpCommit, loadHistory, logAllCommits, readHistory, type History } from '../../src/store/git/history.js';
import { FINAL_CHANGES_CACHE_FILE, readFinalRecordChanges } from '../../src/store/git/recordChanges.js';
import { gitSync, tempDir, userEnv } from '../helpers/cli.js';

function newRepo(): string {
  const dir = path.join(tempDir('ehcp-history-'), 'repo');
  fs.mkdirSync(dir);
  gitSync(dir, ['init', '-q', '-b', 'main']);
  return dir;
}

let clock = 0;
/** Write (string) or delete (null) files, then commit them all with `message`. */
function commit(dir: string, files: Record<string, string | null>, message: string, env: Record<string, string> = {}): string {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    if (content === null) fs.rmSync(abs);
    else {
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(abs, content);
    }
  }
  gitSync(dir, ['add', '-A']);
  clock++;
  const date = `2024-03-${String(1 + (clock % 27)).padStart(2, '0')}T10:00:00+00:00`;
  gitSync(dir, ['commit', '-q', '--allow-empty', '-m', message], { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date, ...env });
  return gitSync(dir, ['rev-parse', 'HEAD']).trim();
}

const ehcpMessage = (ref: string, id: string, action = 'create') =>
  `${ref} note ${id} ${action}\n\nEhcp-Case: ${ref}\nEhcp-Record: ${id}\nEhcp-Action: ${action}\n`;

// The git children inherit process.env; these tests set HOME, GIT_CONFIG_NOSYSTEM and TZ and
// put them back (the next test file may run in this same process).
const saved = { TZ: process.env.TZ, HOME: process.env.HOME, GIT_CONFIG_NOSYSTEM: process.env.GIT_CONFIG_NOSYSTEM };
beforeEach(() => {
  process.env.HOME = userEnv().HOME; // the test identity, for any git that runs in-process
  process.env.GIT_CONFIG_NOSYSTEM = '1';
});
afterEach(() => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe('readHistory', () => {
  it('returns no commits and a null head for a repository without commits', async () => {
    const dir = newRepo();
    const h = await readHistory(dir);
    expect(h).toEqual({ head: null, shallow: false, commits: [] });
  });

  it('refuses a folder that is not a git repository with a clear error', async () => {
    const dir = tempDir('ehcp-nogit-');
    await expect(readHistory(dir)).rejects.toThrow(/not a git repository/);
  });

  it('parses authors, trailers, statuses and renames, oldest first', async () => {
    const dir = newRepo();
    const a = commit(dir, { 'cases/C1/case.yaml': 'ref: C1\n' }, 'C1 case create\n\nEhcp-Case: C1\nEhcp-Action: create\n', {
      GIT_AUTHOR_NAME: 'Officer Ünal Example',
      GIT_AUTHOR_EMAIL: 'unal@example.invalid',
    });
    const b = commit(dir, { 'cases/C1/2024-03-01-note-aaaaaa.yaml': 'id: x\nstatus: final\n'.repeat(20) }, ehcpMessage('C1', '2024-03-01-note-aaaaaa'));
    gitSync(dir, ['mv', 'cases/C1/2024-03-01-note-aaaaaa.yaml', 'cases/C1/moved by hand.yaml']);
    const c = commit(dir, {}, 'tidy\tup \x1e with odd bytes');
    const d = commit(dir, { 'cases/C1/moved by hand.yaml': null, 'cases/C1/case.yaml': 'ref: C1\nstatus: closed\n' }, 'hand edit');
    const h = await readHistory(dir);
    expect(h.head).toBe(d);
    expect(h.shallow).toBe(false);
    expect(h.commits.map((x) => x.sha)).toEqual([a, b, c, d]);
    expect(h.commits[0]).toMatchObject({
      parents: [],
      authorName: 'Officer Ünal Example',
      authorEmail: 'unal@example.invalid',
      subject: 'C1 case create',
      trailers: { case: 'C1', action: 'create' },
      files: [{ status: 'A', path: 'cases/C1/case.yaml' }],
    });
    expect(h.commits[0].authorDate).toMatch(/^2024-03-\d\dT10:00:00\+00:00$/);
    expect(h.commits[1].trailers).toEqual({ case: 'C1', record: '2024-03-01-note-aaaaaa', action: 'create' });
    expect(h.commits[1].parents).toEqual([a]);
    expect(h.commits[2].subject).toBe('tidy\tup \x1e with odd bytes');
    expect(h.commits[2].trailers).toEqual({});
    // Blob ids before and after (git log --raw); an addition's only when its commit also deletes.
    const blob = (rev: string) => gitSync(dir, ['rev-parse', rev]).trim();
    expect(h.commits[1].files).toEqual([{ status: 'A', path: 'cases/C1/2024-03-01-note-aaaaaa.yaml' }]);
    const moved = blob(`${b}:cases/C1/2024-03-01-note-aaaaaa.yaml`);
    expect(h.commits[2].files).toEqual([{ status: 'R', path: 'cases/C1/moved by hand.yaml', oldPath: 'cases/C1/2024-03-01-note-aaaaaa.yaml', beforeOid: moved, afterOid: moved }]);
    expect(h.commits[3].files).toEqual([
      { status: 'M', path: 'cases/C1/case.yaml', beforeOid: blob(`${a}:cases/C1/case.yaml`), afterOid: blob(`${d}:cases/C1/case.yaml`) },
      { status: 'D', path: 'cases/C1/moved by hand.yaml', beforeOid: moved },
    ]);
    // The cache keeps them: a second read (from it) is the same history.
    expect((await loadHistory(dir)).source).toBe('cache');
    expect(await readHistory(dir)).toEqual(h);
    expect(isEhcpCommit(h.commits[1])).toBe(true);
    expect(isEhcpCommit(h.commits[3])).toBe(false);
  });

  it('reads file names with newlines, tabs and non-ASCII characters exactly', async () => {
    const dir = newRepo();
    const odd = ['odd/new\nline.yaml', 'odd/tab\there.yaml', 'odd/ünïcödé.yaml', 'odd/A', 'odd/M'];
    commit(dir, Object.fromEntries(odd.map((f) => [f, 'x\n'])), 'odd names');
    const h = await readHistory(dir);
    expect(h.commits[0].files.map((f) => f.path).sort()).toEqual([...odd].sort());
    expect(h.commits[0].files.every((f) => f.status === 'A')).toBe(true);
  });

  it('lists merge commits with both parents and never a merge diff', async () => {
    const dir = newRepo();
    const base = commit(dir, { 'a.yaml': 'a\n' }, 'base');
    gitSync(dir, ['checkout', '-q', '-b', 'side']);
    const side = commit(dir, { 'b.yaml': 'b\n' }, 'side');
    gitSync(dir, ['checkout', '-q', 'main']);
    const main = commit(dir, { 'c.yaml': 'c\n' }, 'main');
    gitSync(dir, ['merge', '-q', '--no-ff', '-m', 'merge side', 'side']);
    const h = await readHistory(dir);
    const merge = h.commits.at(-1)!;
    expect(merge.parents).toEqual([main, side]);
    expect(merge.files).toEqual([]);
    // Parents always come before their children.
    const order = h.commits.map((c) => c.sha);
    expect(order.indexOf(base)).toBeLessThan(order.indexOf(side));
    expect(order.indexOf(base)).toBeLessThan(order.indexOf(main));
    expect(order.indexOf(side)).toBeLessThan(order.indexOf(merge.sha));
  });

  it("gives the author's own calendar day, whatever the reader's time zone", async () => {
    const dir = newRepo();
    // 23:30 in New York on 5 March is already 6 March in London and 7 March... in Kiritimati.
    gitSync(dir, ['commit', '-q', '--allow-empty', '-m', 'late evening'], {
      GIT_AUTHOR_DATE: '2024-03-05T23:30:00-05:00',
      GIT_COMMITTER_DATE: '2024-03-05T23:30:00-05:00',
    });
    for (const tz of ['UTC', 'Pacific/Kiritimati', 'America/Los_Angeles']) {
      process.env.TZ = tz;
      fs.rmSync(path.join(dir, HISTORY_CACHE_FILE), { force: true });
      const [c] = (await readHistory(dir)).commits;
      expect(c.authorDate).toBe('2024-03-05T23:30:00-05:00');
      expect(c.authorDay).toBe('2024-03-05');
    }
  });
});

describe('the history cache', () => {
  it('answers from the cache, then reads only the new commits', async () => {
    const dir = newRepo();
    commit(dir, { 'cases/C1/case.yaml': '1\n' }, 'one');
    expect((await loadHistory(dir)).source).toBe('full');
    expect(fs.existsSync(path.join(dir, HISTORY_CACHE_FILE))).toBe(true);
    expect((await loadHistory(dir)).source).toBe('cache');

    // Prove the incremental read keeps the cached commits rather than re-reading them:
    // mark the cached subject; a full read would lose the mark.
    const cacheFile = path.join(dir, HISTORY_CACHE_FILE);
    fs.writeFileSync(cacheFile, fs.readFileSync(cacheFile, 'utf8').replace('"one"', '"one (from cache)"'));
    const two = commit(dir, { 'cases/C1/2024-03-02-note-bbbbbb.yaml': '2\n' }, ehcpMessage('C1', '2024-03-02-note-bbbbbb'));
    const incremental = await loadHistory(dir);
    expect(incremental.source).toBe('incremental');
    expect(incremental.history.head).toBe(two);
    expect(incremental.history.commits.map((c) => c.subject)).toEqual(['one (from cache)', 'C1 note 2024-03-02-note-bbbbbb create']);

    fs.rmSync(cacheFile);
    const fresh = await loadHistory(dir);
    expect(fresh.source).toBe('full');
    expect({ ...incremental.history, commits: incremental.history.commits.slice(1) }).toEqual({ ...fresh.history, commits: fresh.history.commits.slice(1) });
    // A round trip through the cache gives back exactly what git said.
    expect((await loadHistory(dir)).history).toEqual(fresh.history);
  });

  it('keeps renames, merges and odd names exact through the cache', async () => {
    const dir = newRepo();
    commit(dir, { 'a b.yaml': 'x\n'.repeat(30) }, 'add');
    gitSync(dir, ['checkout', '-q', '-b', 'side']);
    commit(dir, { 'side\tfile.yaml': 's\n' }, 'side');
    gitSync(dir, ['checkout', '-q', 'main']);
    gitSync(dir, ['mv', 'a b.yaml', 'c\nd.yaml']);
    commit(dir, {}, 'rename');
    gitSync(dir, ['merge', '-q', '--no-ff', '-m', 'merge', 'side']);
    const first = await loadHistory(dir);
    const second = await loadHistory(dir);
    expect(second.source).toBe('cache');
    expect(second.history).toEqual(first.history);
  });

  it('rebuilds when the cached head left the history (reset, amend) or the cache is damaged', async () => {
    const dir = newRepo();
    commit(dir, { 'a.yaml': '1\n' }, 'one');
    commit(dir, { 'b.yaml': '2\n' }, 'two');
    await readHistory(dir);
    gitSync(dir, ['reset', '-q', '--hard', 'HEAD~1']);
    const three = commit(dir, { 'c.yaml': '3\n' }, 'three');
    const afterReset = await loadHistory(dir);
    expect(afterReset.source).toBe('full');
    expect(afterReset.history.commits.map((c) => c.subject)).toEqual(['one', 'three']);
    expect(afterReset.history.head).toBe(three);

    gitSync(dir, ['commit', '-q', '--amend', '-m', 'three amended']);
    const afterAmend = await loadHistory(dir);
    expect(afterAmend.source).toBe('full');
    expect(afterAmend.history.commits.map((c) => c.subject)).toEqual(['one', 'three amended']);

    fs.writeFileSync(path.join(dir, HISTORY_CACHE_FILE), '{"version":1,"head":');
    const afterDamage = await loadHistory(dir);
    expect(afterDamage.source).toBe('full');
    expect(afterDamage.history).toEqual(afterAmend.history);
  });

  it('still answers when the cache cannot be written', async () => {
    const dir = newRepo();
    commit(dir, { 'a.yaml': '1\n' }, 'one');
    fs.writeFileSync(path.join(dir, '.ehcp'), 'a file where the cache folder would go\n');
    const h = await loadHistory(dir);
    expect(h.history.commits).toHaveLength(1);
    expect((await loadHistory(dir)).source).toBe('full');
  });
});

describe('shallow clones', () => {
  it('says the clone is shallow, and rebuilds once the full history is fetched', async () => {
    const origin = newRepo();
    for (let i = 1; i <= 3; i++) commit(origin, { [`f${i}.yaml`]: `${i}\n` }, `commit ${i}`);
    const clone = path.join(path.dirname(origin), 'clone');
    gitSync(path.dirname(origin), ['clone', '-q', '--depth', '1', `file://${origin}`, clone]);
    const shallow = await loadHistory(clone);
    expect(shallow.history.shallow).toBe(true);
    expect(shallow.history.commits.map((c) => c.subject)).toEqual(['commit 3']);
    gitSync(clone, ['fetch', '-q', '--unshallow']);
    const full = await loadHistory(clone);
    expect(full.source).toBe('full');
    expect(full.history.shallow).toBe(false);
    expect(full.history.commits.map((c) => c.subject)).toEqual(['commit 1', 'commit 2', 'commit 3']);
  });
});

describe('firstAdded', () => {
  it('maps each path to the commit that first added it, following renames', async () => {
    const dir = newRepo();
    const add = commit(dir, { 'cases/C1/r1.yaml': 'line\n'.repeat(30), 'cases/C1/r2.yaml': 'two\n' }, 'add');
    commit(dir, { 'cases/C1/r1.yaml': 'line\n'.repeat(31) }, 'edit');
    fs.mkdirSync(path.join(dir, 'cases/C2'));
    gitSync(dir, ['mv', 'cases/C1/r1.yaml', 'cases/C2/r1.yaml']);
    commit(dir, {}, 'move');
    commit(dir, { 'cases/C1/r2.yaml': null }, 'delete');
    const readd = commit(dir, { 'cases/C1/r2.yaml': 'two again\n', 'cases/C1/r3.yaml': 'three\n' }, 'again');
    const map = firstAdded(await readHistory(dir));
    expect(map.get('cases/C1/r1.yaml')?.sha).toBe(add);
    expect(map.get('cases/C2/r1.yaml')?.sha).toBe(add);
    expect(map.get('cases/C1/r2.yaml')?.sha).toBe(add);
    expect(map.get('cases/C1/r3.yaml')?.sha).toBe(readd);
  });
});

describe('reading a long history in two halves', () => {
  it('two git log processes, split at a middle commit, read the same commits as one, parents first', async () => {
    const dir = newRepo();
    commit(dir, { 'a.yaml': 'a\n' }, 'base');
    gitSync(dir, ['checkout', '-q', '-b', 'side']);
    for (let i = 0; i < 3; i++) commit(dir, { [`side${i}.yaml`]: `${i}\n` }, `side ${i}`);
    gitSync(dir, ['checkout', '-q', 'main']);
    for (let i = 0; i < 3; i++) commit(dir, { [`main${i}.yaml`]: `${i}\n`, 'a.yaml': `a${i}\n` }, `main ${i}`);
    gitSync(dir, ['merge', '-q', '--no-ff', '-m', 'merge side', 'side']);
    commit(dir, { 'side0.yaml': null }, 'delete');
    for (let i = 0; i < 3; i++) commit(dir, { [`after${i}.yaml`]: `${i}\n` }, `after ${i}`);
    const head = gitSync(dir, ['rev-parse', 'HEAD']).trim();
    const one = await logAllCommits(dir, head, Infinity);
    const two = await logAllCommits(dir, head, 1);
    expect(two).toHaveLength(one.length);
    const bySha = new Map(one.map((c) => [c.sha, c]));
    for (const c of two) expect(c).toEqual(bySha.get(c.sha));
    const position = new Map(two.map((c, i) => [c.sha, i]));
    for (const c of two) for (const p of c.parents) expect(position.get(p)).toBeLessThan(position.get(c.sha)!);
  });
});

describe('the final-record check reads versions by blob id', () => {
  const note = (id: string, summary: string) =>
    `schema: note/v1\nid: ${id}\ncase: C0001\nstatus: final\ndate: "2025-03-03"\nkind: phone\nwith: parent\nsummary: ${summary}\nrecorded_by: Officer Amber Test\n`;

  it('finds the same changes with the ids git log --raw gave as with <commit>:<path> names', async () => {
    const dir = newRepo();
    const id = '2025-03-03-note-aaaaaa';
    const file = `cases/C0001/${id}.yaml`;
    commit(dir, { [file]: note(id, 'Synthetic call.') }, ehcpMessage('C0001', id));
    commit(dir, { [file]: note(id, 'Edited by hand.') }, 'hand edit');
    commit(dir, { [file]: null }, 'hand delete');
    commit(dir, { [file]: note(id, 'Put back, edited.') }, 'put back');
    const other = '2025-03-04-note-bbbbbb';
    commit(dir, { [`cases/C0001/${other}.yaml`]: note(other, 'Another synthetic call.') }, ehcpMessage('C0001', other));
    // Moved to another case with heavy edits in one commit: a D and an A git does not pair.
    commit(dir, { [`cases/C0001/${other}.yaml`]: null, [`cases/C0002/${other}.yaml`]: note(other, 'Rewritten entirely by hand, nothing like before at all.').replace('C0001', 'C0002') }, 'hand move');
    const history = await readHistory(dir);
    expect(history.commits.some((c) => c.files.some((f) => f.beforeOid))).toBe(true);
    const byId = await readFinalRecordChanges(dir, history);
    const stripped: History = { ...history, commits: history.commits.map((c) => ({ ...c, files: c.files.map(({ status, path: p, oldPath }) => ({ status, path: p, ...(oldPath ? { oldPath } : {}) })) })) };
    fs.rmSync(path.join(dir, FINAL_CHANGES_CACHE_FILE));
    const byName = await readFinalRecordChanges(dir, stripped);
    expect(byId.changes.length).toBeGreaterThanOrEqual(2);
    expect(byId.changes.map((c) => c.rule).sort()).toEqual(expect.arrayContaining(['final-record-changed', 'record-moved']));
    expect(byName.changes).toEqual(byId.changes);
  });
});
