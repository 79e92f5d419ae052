// The pre-commit hook `ehcp init` installs into the clone's .git/hooks, in real
// `git commit`s: it runs `ehcp validate --staged --base HEAD`, so a hand edit of a final
// record never gets into the history, it copes with the very first commit (no HEAD yet),
// and without ehcp on PATH it refuses the commit and says how to install the pinned one.

import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { gitSync, initRepo, runEhcp, tempDir, userEnv } from '../helpers/cli.js';

let template: string;
let noteFile: string;

beforeAll(async () => {
  template = await initRepo();
  const c = await runEhcp(['case', 'new', '--ref', 'T0042', '--name', 'Test Child Alpha', '--dob', '2015-06-01'], { cwd: template });
  if (c.code !== 0) throw new Error(c.stderr);
  const n = await runEhcp(['note', 'new', '--case', 'T0042', '--date', '2024-03-05', '--kind', 'phone', '--summary', 'Called the school'], { cwd: template });
  if (n.code !== 0) throw new Error(n.stderr);
  noteFile = n.stdout.trim();
});

function copy(): string {
  const dir = path.join(tempDir(), 'records');
  fs.cpSync(template, dir, { recursive: true });
  return dir;
}

/** `git commit` as an officer types it (hooks enabled); its exit code and output. */
function commit(repo: string, message: string, env: Record<string, string> = {}): { code: number | null; output: string } {
  const r = spawnSync('git', ['commit', '-q', '-m', message], { cwd: repo, env: userEnv(env), encoding: 'utf8' });
  return { code: r.status, output: r.stdout + r.stderr };
}

const NOTE = (id: string, kind = 'phone') =>
  `schema: note/v1\nid: ${id}\ncase: T0042\nstatus: final\ndate: "2024-03-09"\nkind: ${kind}\nsummary: Written by hand\n`;

describe('the pre-commit hook', () => {
  it('blocks a commit that edits a final record by hand, and lets a new valid record through', async () => {
    const repo = copy();
    expect(fs.existsSync(path.join(repo, '.git/hooks/pre-commit'))).toBe(true);
    const before = gitSync(repo, ['rev-parse', 'HEAD']);
    const abs = path.join(repo, noteFile);
    fs.writeFileSync(abs, fs.readFileSync(abs, 'utf8').replace('Called the school', 'Called the school twice'));
    gitSync(repo, ['add', noteFile]);
    const blocked = commit(repo, 'T0042 correct the note');
    expect(blocked.code).not.toBe(0);
    expect(blocked.output).toContain(`${noteFile}:`);
    expect(blocked.output).toContain('[final-changed]');
    expect(blocked.output).toContain('in the staged change');
    expect(blocked.output).toContain('ehcp record amend');
    expect(gitSync(repo, ['rev-parse', 'HEAD'])).toBe(before);

    // Put it back, and write a new record by hand instead: allowed.
    gitSync(repo, ['checkout', 'HEAD', '--', noteFile]);
    const id = '2024-03-09-note-hand01';
    fs.writeFileSync(path.join(repo, `cases/T0042/${id}.yaml`), NOTE(id));
    gitSync(repo, ['add', `cases/T0042/${id}.yaml`]);
    const allowed = commit(repo, `T0042 note ${id} create`);
    expect(allowed.output).toContain('0 errors');
    expect(allowed.code).toBe(0);
    expect(gitSync(repo, ['rev-parse', 'HEAD'])).not.toBe(before);
  });

  it('blocks deleting a final record', async () => {
    const repo = copy();
    gitSync(repo, ['rm', '-q', noteFile]);
    const blocked = commit(repo, 'T0042 remove a note');
    expect(blocked.code).not.toBe(0);
    expect(blocked.output).toContain('[final-deleted]');
  });

  it('on the first commit (no HEAD yet) checks the staged records without a base', async () => {
    const repo = path.join(tempDir(), 'first');
    fs.mkdirSync(repo);
    gitSync(repo, ['init', '-q', '-b', 'main']);
    fs.copyFileSync(path.join(template, 'ehcp.config.yaml'), path.join(repo, 'ehcp.config.yaml'));
    fs.copyFileSync(path.join(template, '.git/hooks/pre-commit'), path.join(repo, '.git/hooks/pre-commit'));
    fs.chmodSync(path.join(repo, '.git/hooks/pre-commit'), 0o755);
    fs.mkdirSync(path.join(repo, 'cases/T0042'), { recursive: true });
    fs.copyFileSync(path.join(template, 'cases/T0042/case.yaml'), path.join(repo, 'cases/T0042/case.yaml'));
    const id = '2024-03-09-note-first1';
    fs.writeFileSync(path.join(repo, `cases/T0042/${id}.yaml`), NOTE(id, 'telegram'));
    gitSync(repo, ['add', '.']);
    const bad = commit(repo, 'first');
    expect(bad.code).not.toBe(0);
    expect(bad.output).toContain(`cases/T0042/${id}.yaml`);
    expect(bad.output).not.toContain('--base');
    expect(spawnSync('git', ['rev-parse', '--verify', '--quiet', 'HEAD'], { cwd: repo }).status).not.toBe(0);

    fs.writeFileSync(path.join(repo, `cases/T0042/${id}.yaml`), NOTE(id));
    gitSync(repo, ['add', '.']);
    const good = commit(repo, 'first');
    expect(good.output).toContain('0 errors');
    expect(good.code).toBe(0);
  });

  it('without ehcp on PATH, refuses the commit and says how to install the pinned ehcp (no machine path in the hook)', async () => {
    const repo = copy();
    const abs = path.join(repo, noteFile);
    fs.writeFileSync(abs, fs.readFileSync(abs, 'utf8').replace('kind: phone', 'kind: email'));
    gitSync(repo, ['add', noteFile]);
    const before = gitSync(repo, ['rev-parse', 'HEAD']);
    // PATH with git and node only: no ehcp, whatever this machine has installed.
    const bin = tempDir();
    for (const tool of ['git', 'node']) {
      fs.symlinkSync(spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim(), path.join(bin, tool));
    }
    const blocked = commit(repo, 'T0042 change the kind', { PATH: bin });
    expect(blocked.code).not.toBe(0);
    expect(blocked.output).toContain('ehcp is not installed on this machine');
    expect(blocked.output).toContain('npm install --global ./tools/ehcp-0.1.0.tgz');
    expect(gitSync(repo, ['rev-parse', 'HEAD'])).toBe(before);
    expect(fs.readFileSync(path.join(repo, '.git/hooks/pre-commit'), 'utf8')).not.toMatch(/\/(tmp|home|root|work)\//);
  });
});
