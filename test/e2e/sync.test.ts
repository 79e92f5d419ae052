// `ehcp sync` end to end: a bare repository as the team's remote, one clone per officer,
// the built binary and real git. Nothing is ever lost or discarded.

import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gitSync, initRepo, runEhcp as spawnEhcp, tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inProcess.js';
import { shardOf } from '../../src/core/layout.js';

/** Most runs go through runCli in this process (fast); the tests that run the binary say `spawnEhcp`. */
const runEhcp = runInProcess;

interface Team {
  dir: string;
  remote: string;
  amber: string;
  blue: string;
}

let seed: string;

beforeAll(async () => {
  seed = await initRepo();
  const r = await runEhcp(['case', 'new', '--ref', 'T0042', '--name', 'Test Child Alpha', '--dob', '2015-06-01'], { cwd: seed });
  if (r.code !== 0) throw new Error(r.stderr);
});

/** A bare remote holding the seed repository, and two officers' clones of it. */
function team(): Team {
  const dir = tempDir('ehcp-sync-');
  const remote = path.join(dir, 'remote.git');
  gitSync(dir, ['clone', '-q', '--bare', seed, remote]);
  const clone = (name: string, who: string) => {
    const at = path.join(dir, name);
    gitSync(dir, ['clone', '-q', remote, at]);
    gitSync(at, ['config', 'user.name', `Officer ${who} Test`]);
    gitSync(at, ['config', 'user.email', `${who.toLowerCase()}@example.invalid`]);
    return at;
  };
  return { dir, remote, amber: clone('amber', 'Amber'), blue: clone('blue', 'Blue') };
}

async function ok(cwd: string, args: string[]): Promise<string> {
  const r = await runEhcp(args, { cwd });
  if (r.code !== 0) throw new Error(`ehcp ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout.trim();
}

const note = (cwd: string, date: string, summary: string) => ok(cwd, ['note', 'new', '--case', 'T0042', '--date', date, '--kind', 'phone', '--summary', summary]);

/** A hook folder for one clone: `pre-push` runs `script` (once, or every time). */
function prePushHook(clone: string, script: string): void {
  const hooks = path.join(path.dirname(clone), `${path.basename(clone)}-hooks`);
  fs.mkdirSync(hooks, { recursive: true });
  // Hooks run with GIT_DIR set for this clone; the script works in another one.
  fs.writeFileSync(path.join(hooks, 'pre-push'), `#!/bin/sh\nunset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_PREFIX\n${script}\nexit 0\n`, { mode: 0o755 });
  gitSync(clone, ['config', 'core.hooksPath', hooks]);
}

function remoteFiles(remote: string): string[] {
  return gitSync(remote, ['ls-tree', '-r', '--name-only', 'main', '--', 'cases/T0042']).trim().split('\n');
}

describe('ehcp sync', () => {
  it('two officers write records in the same case without pulling; both sync; both records are on the remote, history linear', async () => {
    const t = team();
    const amberNote = await note(t.amber, '2024-03-05', 'Called the school');
    const blueComm = await ok(t.blue, ['comm', 'new', '--case', 'T0042', '--direction', 'in', '--purpose', 'enquiry', '--date', '2024-03-06', '--summary', 'Parent asked']);

    const a = await spawnEhcp(['sync'], { cwd: t.amber });
    expect(a.code).toBe(0);
    expect(a.stderr).toContain('Synced main with origin/main: 1 commit pushed, 0 received.');
    const b = await spawnEhcp(['sync', '--json'], { cwd: t.blue });
    expect(b.code).toBe(0);
    expect(b.stderr).toContain('Synced main with origin/main: 1 commit pushed, 1 received.');
    expect(JSON.parse(b.stdout)).toEqual({ branch: 'main', upstream: 'origin/main', pushed: 1, received: 1, attempts: 1 });
    const again = await spawnEhcp(['sync'], { cwd: t.amber });
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('0 commits pushed, 1 received.');

    expect(remoteFiles(t.remote)).toEqual(expect.arrayContaining([amberNote, blueComm]));
    expect(gitSync(t.remote, ['log', '--merges', '--oneline', 'main'])).toBe('');
    // Each record stays attributed to the officer who wrote it.
    expect(gitSync(t.remote, ['log', '-1', '--format=%an', 'main', '--', amberNote]).trim()).toBe('Officer Amber Test');
    expect(gitSync(t.remote, ['log', '-1', '--format=%an', 'main', '--', blueComm]).trim()).toBe('Officer Blue Test');
    // Both clones end with the same history as the remote, and clean.
    for (const clone of [t.amber, t.blue]) {
      expect(gitSync(clone, ['rev-parse', 'HEAD'])).toBe(gitSync(t.remote, ['rev-parse', 'main']));
      expect(gitSync(clone, ['status', '--porcelain'])).toBe('');
    }
  });

  it('a record written in a case folder another officer has just migrated follows the folder to its new place', async () => {
    const t = team();
    await ok(t.amber, ['migrate', '--layout', 'sharded']);
    await ok(t.amber, ['sync']);
    const blueNote = await note(t.blue, '2024-03-07', 'Written before the migration arrived');
    expect(blueNote).toMatch(/^cases\/T0042\//);
    await ok(t.blue, ['sync']);
    const moved = `cases/${shardOf('T0042')}/T0042/${path.basename(blueNote)}`;
    expect(gitSync(t.remote, ['ls-tree', '-r', '--name-only', 'main', '--', 'cases']).trim().split('\n')).toContain(moved);
    expect(fs.existsSync(path.join(t.blue, moved))).toBe(true);
    expect(gitSync(t.blue, ['status', '--porcelain'])).toBe('');
    expect((await runEhcp(['validate'], { cwd: t.blue })).code).toBe(0);
  });

  it('when another officer pushes first (during this push), fetches, rebases and pushes again', async () => {
    const t = team();
    const amberNote = await note(t.amber, '2024-03-05', 'Called the school');
    const blueNote = await note(t.blue, '2024-03-06', 'Called the parent');
    // Blue's push is under way when Amber's lands: the remote rejects Blue's first push.
    const mark = path.join(t.dir, 'pushed-once');
    prePushHook(t.blue, `if [ ! -e "${mark}" ]; then : > "${mark}"; git -C "${t.amber}" push -q origin HEAD:main; fi`);
    const b = await spawnEhcp(['sync', '--json'], { cwd: t.blue });
    expect(b.stderr).toContain('Another officer pushed first');
    expect(b.code).toBe(0);
    expect(JSON.parse(b.stdout)).toMatchObject({ pushed: 1, received: 1, attempts: 2 });
    expect(remoteFiles(t.remote)).toEqual(expect.arrayContaining([amberNote, blueNote]));
    expect(gitSync(t.remote, ['log', '--merges', '--oneline', 'main'])).toBe('');
  });

  it('gives up after a bounded number of rounds when others keep pushing; nothing is lost', async () => {
    const t = team();
    const blueNote = await note(t.blue, '2024-03-06', 'Called the parent');
    prePushHook(t.blue, `git -C "${t.amber}" commit -q --allow-empty -m "T0042 note busy" && git -C "${t.amber}" push -q origin HEAD:main`);
    const b = await spawnEhcp(['sync'], { cwd: t.blue });
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('Other officers kept pushing while this sync ran (5 tries)');
    expect(b.stderr).toContain('Nothing is lost');
    // Blue's record is committed in Blue's clone, on top of what was received.
    expect(gitSync(t.blue, ['log', '-1', '--format=%s']).trim()).toContain(path.basename(blueNote, '.yaml'));
    expect(gitSync(t.blue, ['status', '--porcelain'])).toBe('');
  });

  it('refuses while a record is not committed, naming it and how to commit it, and changes nothing', async () => {
    const t = team();
    await note(t.amber, '2024-03-05', 'Called the school');
    await runEhcp(['sync'], { cwd: t.amber });
    const uncommitted = await ok(t.blue, ['note', 'new', '--case', 'T0042', '--date', '2024-03-06', '--kind', 'phone', '--summary', 'Not yet committed', '--no-commit']);
    const before = gitSync(t.blue, ['rev-parse', 'HEAD', 'refs/remotes/origin/main']);
    const r = await runEhcp(['sync'], { cwd: t.blue });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('1 file is not committed, so ehcp sync stopped before changing anything');
    expect(r.stderr).toContain(uncommitted);
    expect(r.stderr).toContain(`git add -- ${uncommitted} && git commit -m 'T0042 ${path.basename(uncommitted, '.yaml')} create'`);
    expect(r.stderr).toContain('Nothing was discarded');
    expect(fs.existsSync(path.join(t.blue, uncommitted))).toBe(true);
    expect(gitSync(t.blue, ['rev-parse', 'HEAD', 'refs/remotes/origin/main'])).toBe(before); // not even fetched
    // Committed, it syncs.
    gitSync(t.blue, ['add', '--', uncommitted]);
    gitSync(t.blue, ['commit', '-q', '--no-verify', '-m', 'T0042 note create']);
    const after = await runEhcp(['sync'], { cwd: t.blue });
    expect(after.code).toBe(0);
    expect(remoteFiles(t.remote)).toContain(uncommitted);
  });

  it('a genuine conflict (two hand edits of one file) stops with the rebase in progress and the commands to finish; finishing works', async () => {
    const t = team();
    const draft = await ok(t.amber, ['minutes', 'new', '--case', 'T0042', '--kind', 'case-discussion', '--date', '2024-03-07', '--no-input', '--set', 'purpose=Review the timeline']);
    await ok(t.amber, ['sync']);
    await ok(t.blue, ['sync']);
    const handEdit = (clone: string, purpose: string) => {
      const abs = path.join(clone, draft);
      fs.writeFileSync(abs, fs.readFileSync(abs, 'utf8').replace('purpose: Review the timeline', `purpose: ${purpose}`));
      gitSync(clone, ['commit', '-q', '--no-verify', '-am', 'edit draft']);
    };
    handEdit(t.amber, 'Review the timeline with the school');
    handEdit(t.blue, 'Review the timeline with health');
    await ok(t.amber, ['sync']);
    const blueCommit = gitSync(t.blue, ['rev-parse', 'HEAD']).trim();

    const r = await runEhcp(['sync'], { cwd: t.blue });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('a rebase is in progress');
    expect(r.stderr).toContain(`Conflicted file:\n    ${draft}`);
    for (const command of ['git status', `git add -- ${draft}`, 'git rebase --continue', 'ehcp sync', 'git rebase --abort']) {
      expect(r.stderr).toContain(command);
    }
    expect(r.stderr).toContain('Nothing was discarded');
    expect(fs.existsSync(path.join(t.blue, '.git', 'rebase-merge')) || fs.existsSync(path.join(t.blue, '.git', 'rebase-apply'))).toBe(true);
    // Blue's commit is still there (the rebase only paused).
    expect(gitSync(t.blue, ['cat-file', '-t', blueCommit]).trim()).toBe('commit');

    // Running sync again before finishing says the same, and changes nothing.
    const again = await runEhcp(['sync'], { cwd: t.blue });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('A rebase is already in progress');

    // The officer resolves it as told.
    const abs = path.join(t.blue, draft);
    const resolved = fs.readFileSync(abs, 'utf8').replace(/<<<<<<< [^\n]*\n[\s\S]*?>>>>>>> [^\n]*\n/, 'purpose: Review the timeline with the school and health\n');
    fs.writeFileSync(abs, resolved);
    gitSync(t.blue, ['add', '--', draft]);
    gitSync(t.blue, ['rebase', '--continue'], { GIT_EDITOR: 'true' });
    const done = await runEhcp(['sync'], { cwd: t.blue });
    expect(done.code).toBe(0);
    expect(done.stderr).toContain('1 commit pushed');
    expect(gitSync(t.remote, ['show', `main:${draft}`])).toContain('purpose: Review the timeline with the school and health');
    expect(gitSync(t.remote, ['log', '--merges', '--oneline', 'main'])).toBe('');
  });

  it('without a remote: a clear error naming the fix; an empty remote gets the first push and becomes the upstream', async () => {
    const solo = await initRepo();
    const r = await runEhcp(['sync'], { cwd: solo });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('has no remote');
    expect(r.stderr).toContain('git remote add origin URL');

    const remote = path.join(tempDir(), 'empty.git');
    gitSync(path.dirname(remote), ['init', '-q', '--bare', remote]);
    gitSync(solo, ['remote', 'add', 'origin', remote]);
    const first = await runEhcp(['sync'], { cwd: solo });
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('1 commit pushed, 0 received');
    expect(gitSync(solo, ['rev-parse', '--abbrev-ref', '@{upstream}']).trim()).toBe('origin/main');
    expect(gitSync(remote, ['rev-parse', 'main'])).toBe(gitSync(solo, ['rev-parse', 'HEAD']));
  });

  it('a push the remote declines (not a race) is not retried, and says the commits are safe', async () => {
    const t = team();
    await note(t.blue, '2024-03-06', 'Called the parent');
    fs.writeFileSync(path.join(t.remote, 'hooks', 'pre-receive'), '#!/bin/sh\necho "main is protected" >&2\nexit 1\n', { mode: 0o755 });
    const r = await runEhcp(['sync'], { cwd: t.blue });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('git push to origin failed');
    expect(r.stderr).not.toContain('Another officer pushed first');
    expect(r.stderr).toContain('Your commits are safe in this clone');
  });
});
