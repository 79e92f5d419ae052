import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { gitSync, initRepo, PROJECT_ROOT, runEhcp as spawnEhcp, tempDir, treeSnapshot } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inProcess.js';

/** Most runs go through runCli in this process (fast); the tests that run the binary say `spawnEhcp`. */
const runEhcp = runInProcess;

describe('ehcp init', () => {
  it('creates a records repository, commits it, and changes nothing the second time', async () => {
    const parent = tempDir();
    const dir = path.join(parent, 'records');
    const first = await spawnEhcp(['init', dir, '--authority', 'Synthetic Borough', '--ci', 'github'], { cwd: parent });
    expect(first.code).toBe(0);
    expect(first.stdout.trim()).toBe(dir);
    for (const f of ['ehcp.config.yaml', '.gitattributes', '.gitignore', 'README.md', 'tools/ehcp-0.1.0.tgz', '.github/workflows/ehcp.yml', 'schemas/minutes.schema.json']) {
      expect(fs.existsSync(path.join(dir, f)), f).toBe(true);
    }
    expect(fs.readFileSync(path.join(dir, '.gitattributes'), 'utf8')).toContain('eol=lf');
    expect(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8')).toContain('.ehcp/');
    expect(spawnSync('git', ['config', 'core.hooksPath'], { cwd: dir }).status).not.toBe(0);
    expect(fs.existsSync(path.join(dir, '.githooks'))).toBe(false);
    expect(gitSync(dir, ['status', '--porcelain'])).toBe('');
    const log = gitSync(dir, ['log', '--format=%s%n%b']);
    expect(log).toContain('Ehcp-Action: init');
    const hook = path.join(dir, '.git/hooks/pre-commit');
    expect(fs.statSync(hook).mode & 0o111).toBeTruthy();
    expect(fs.readFileSync(hook, 'utf8')).toContain('exec ehcp "$@"');
    expect(gitSync(dir, ['ls-files'])).not.toContain('pre-commit');

    const before = treeSnapshot(dir);
    const commits = gitSync(dir, ['rev-list', '--count', 'HEAD']);
    const second = await spawnEhcp(['init', dir], { cwd: parent });
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('nothing changed');
    expect(treeSnapshot(dir)).toEqual(before);
    expect(gitSync(dir, ['rev-list', '--count', 'HEAD'])).toBe(commits);

    const validate = await spawnEhcp(['validate'], { cwd: dir });
    expect(validate.code).toBe(0);
  });

  it('adopts an existing git repository and leaves its files alone', async () => {
    const dir = tempDir();
    gitSync(dir, ['init', '-q', '-b', 'main']);
    fs.writeFileSync(path.join(dir, 'README.md'), 'our own readme\n');
    gitSync(dir, ['add', 'README.md']);
    gitSync(dir, ['commit', '-qm', 'start']);
    const r = await runEhcp(['init', '--authority', 'Synthetic Borough'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'README.md'), 'utf8')).toBe('our own readme\n');
    expect(fs.existsSync(path.join(dir, 'ehcp.config.yaml'))).toBe(true);
    expect(gitSync(dir, ['rev-list', '--count', 'HEAD']).trim()).toBe('2');
  });

  it('without a terminal, a missing --authority is a usage error naming the flag', async () => {
    const parent = tempDir();
    const r = await runEhcp(['init', 'records'], { cwd: parent });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--authority');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(path.join(parent, 'records'))).toBe(false);
  });

  it('says how to set a git identity when there is none, and commits nothing', async () => {
    const parent = tempDir();
    const home = tempDir();
    const r = await spawnEhcp(['init', 'records', '--authority', 'X'], {
      cwd: parent,
      env: { HOME: home, GIT_CONFIG_GLOBAL: path.join(home, 'none'), EMAIL: undefined },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('git config --global user.name');
    expect(fs.existsSync(path.join(parent, 'records'))).toBe(false);
  });

  it('writes a GitLab pipeline with --ci gitlab', async () => {
    const parent = tempDir();
    const r = await runEhcp(['init', 'records', '--authority', 'X', '--ci', 'gitlab'], { cwd: parent });
    expect(r.code).toBe(0);
    expect(fs.existsSync(path.join(parent, 'records', '.gitlab-ci.yml'))).toBe(true);
  });

  it('refuses --authority that differs from an existing repository\'s, changing nothing', async () => {
    const dir = await initRepo({ authority: 'Synthetic Borough' });
    const before = treeSnapshot(dir);
    const r = await runEhcp(['init', '--authority', 'Another Borough'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('already set up for "Synthetic Borough"');
    expect(r.stderr).toContain('edit `authority:` in ehcp.config.yaml');
    expect(treeSnapshot(dir)).toEqual(before);
    expect((await runEhcp(['init', '--authority', 'Synthetic Borough'], { cwd: dir })).code).toBe(0);
  });
});

describe('ehcp init --layout', () => {
  it('lays out a new repository sharded; on an existing one of another layout it refuses, naming migrate, and changes nothing', async () => {
    const dir = path.join(tempDir(), 'records');
    const r = await runEhcp(['init', dir, '--authority', 'Synthetic Borough', '--layout', 'sharded'], { cwd: path.dirname(dir) });
    expect(r.code, r.stderr).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'ehcp.config.yaml'), 'utf8')).toMatch(/^layout: sharded$/m);
    expect((await runEhcp(['case', 'new', '--ref', 'C0001', '--name', 'Test Child Alpha', '--dob', '2015-06-01'], { cwd: dir })).code).toBe(0);
    expect(gitSync(dir, ['ls-tree', '-r', '--name-only', 'HEAD', '--', 'cases']).trim()).toMatch(/^cases\/[0-9a-f]{2}\/C0001\/case\.yaml$/);

    const flat = await initRepo();
    const before = treeSnapshot(flat);
    const refused = await runEhcp(['init', '--layout', 'sharded'], { cwd: flat });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('This repository uses the flat layout');
    expect(refused.stderr).toContain('ehcp migrate --layout sharded');
    expect(treeSnapshot(flat)).toEqual(before);
  });
});

describe('ehcp init: the pinned ehcp', () => {
  it('packs the running ehcp (dist, schemas, templates; no source maps), the same bytes every time, and CI installs that file', async () => {
    const dir = await initRepo({ ci: 'github' });
    const tgz = fs.readFileSync(path.join(dir, 'tools/ehcp-0.1.0.tgz'));
    const list = spawnSync('tar', ['-tzf', path.join(dir, 'tools/ehcp-0.1.0.tgz')], { encoding: 'utf8' }).stdout.split('\n');
    for (const f of ['package/package.json', 'package/bin/ehcp.js', 'package/dist/bundle/ehcp.js', 'package/dist/store/read/readWorker.js', 'package/dist/generated/validators.cjs', 'package/schemas/note.schema.json', 'package/templates/appeal-hearing.yaml']) expect(list).toContain(f);
    expect(list.filter((f) => f.endsWith('.map'))).toEqual([]);
    // The CLI is in the bundle: its unbundled modules are not packed again.
    expect(list.filter((f) => f.startsWith('package/dist/cli/') || f.startsWith('package/dist/demo/'))).toEqual([]);
    // The bundle (the CLI and its dependencies, ~290 KB), the modules the worker threads run and
    // that key the caches (~170 KB), the validators, schemas and templates.
    expect(tgz.length).toBeLessThan(600_000);
    expect(fs.readFileSync(path.join(dir, '.github/workflows/ehcp.yml'), 'utf8')).toContain('run: npm install --global ./tools/ehcp-0.1.0.tgz');
    expect(fs.readFileSync(path.join(dir, '.github/workflows/ehcp.yml'), 'utf8')).not.toMatch(/npm install --global ehcp\b/);
    // Packed again from nothing (an empty cache): the same bytes.
    const parent = tempDir();
    const again = await spawnEhcp(['init', 'again', '--authority', 'X'], { cwd: parent, env: { XDG_CACHE_HOME: tempDir() } });
    expect(again.code).toBe(0);
    expect(fs.readFileSync(path.join(parent, 'again/tools/ehcp-0.1.0.tgz')).equals(tgz)).toBe(true);
  });

  it('without npm to pack with, says so and what to do instead, and creates nothing', async () => {
    const bin = tempDir();
    const gitPath = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
    fs.symlinkSync(gitPath, path.join(bin, 'git'));
    const parent = tempDir();
    const r = await spawnEhcp(['init', 'records', '--authority', 'X'], { cwd: parent, env: { PATH: bin, XDG_CACHE_HOME: tempDir() } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Could not pack the running ehcp into tools/ehcp-0.1.0.tgz');
    expect(r.stderr).toContain('--install-source');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(path.join(parent, 'records'))).toBe(false);
  });

  it('git grep of the repository finds no absolute path of the machine that made it', async () => {
    const dir = await initRepo({ ci: 'github' });
    await runEhcp(['init', dir, '--ci', 'gitlab'], { cwd: dir });
    const machinePaths = [PROJECT_ROOT.replace(/\/$/, ''), path.dirname(dir), os.tmpdir(), os.homedir(), process.execPath];
    for (const p of machinePaths) {
      const r = spawnSync('git', ['grep', '-a', '-F', '-n', '-e', p], { cwd: dir, encoding: 'utf8' });
      expect(r.stdout, p).toBe('');
      expect(r.status).toBe(1); // nothing found
    }
    // Nor inside the packed ehcp.
    const unpacked = tempDir();
    spawnSync('tar', ['-xzf', path.join(dir, 'tools/ehcp-0.1.0.tgz'), '-C', unpacked]);
    expect(spawnSync('grep', ['-r', '-F', '-l', PROJECT_ROOT.replace(/\/$/, ''), unpacked]).status).toBe(1);
  });

  it('--upgrade replaces an older pin and the CI install line in one commit; an older ehcp than the pin is warned about and never pinned', async () => {
    const dir = await initRepo({ ci: 'gitlab' });
    // Make it look pinned to an older ehcp.
    gitSync(dir, ['mv', 'tools/ehcp-0.1.0.tgz', 'tools/ehcp-0.0.9.tgz']);
    const ci = path.join(dir, '.gitlab-ci.yml');
    for (const f of [ci, path.join(dir, 'README.md')]) fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace('ehcp-0.1.0.tgz', 'ehcp-0.0.9.tgz'));
    gitSync(dir, ['commit', '-qam', 'older pin']);
    const plain = await runEhcp(['init'], { cwd: dir });
    expect(plain.stderr).toContain('pinned to ehcp 0.0.9; you are running 0.1.0');
    expect(fs.existsSync(path.join(dir, 'tools/ehcp-0.1.0.tgz'))).toBe(false);

    const commits = Number(gitSync(dir, ['rev-list', '--count', 'HEAD']));
    const up = await runEhcp(['init', '--upgrade'], { cwd: dir });
    expect(up.code).toBe(0);
    expect(Number(gitSync(dir, ['rev-list', '--count', 'HEAD']))).toBe(commits + 1);
    expect(gitSync(dir, ['log', '-1', '--format=%s']).trim()).toBe('ehcp init: pin ehcp 0.1.0');
    expect(gitSync(dir, ['show', '--no-renames', '--name-status', '--format=', 'HEAD']).trim().split('\n').sort()).toEqual(
      ['A\ttools/ehcp-0.1.0.tgz', 'D\ttools/ehcp-0.0.9.tgz', 'M\t.gitlab-ci.yml', 'M\tREADME.md'],
    );
    expect(fs.readFileSync(ci, 'utf8')).toContain('- npm install --global ./tools/ehcp-0.1.0.tgz');
    expect(gitSync(dir, ['status', '--porcelain'])).toBe('');

    // Pinned to a newer ehcp than the one running: validate warns, --upgrade refuses.
    gitSync(dir, ['mv', 'tools/ehcp-0.1.0.tgz', 'tools/ehcp-0.2.0.tgz']);
    gitSync(dir, ['commit', '-qm', 'newer pin']);
    const v = await runEhcp(['validate'], { cwd: dir });
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^tools\/ehcp-0.2.0.tgz:1:1 warning This repository is checked with ehcp 0.2.0 .*you are running 0.1.0, which is older.*npm install --global \.\/tools\/ehcp-0.2.0.tgz.*\[tool-version\]$/m);
    expect((await runEhcp(['init'], { cwd: dir })).stderr).toContain('checked with ehcp 0.2.0, newer than the one you are running (0.1.0): install it with `npm install --global ./tools/ehcp-0.2.0.tgz`');
    const down = await runEhcp(['init', '--upgrade'], { cwd: dir });
    expect(down.code).toBe(2);
    expect(down.stderr).toContain('newer than the ehcp running');
  });

  it('--install-source: no tracked copy; the CI file and the hook use the source; validate warns when it names a newer version', async () => {
    const parent = tempDir();
    const r = await runEhcp(['init', 'records', '--authority', 'X', '--ci', 'azure', '--install-source', '@council/ehcp@0.3.0'], { cwd: parent });
    expect(r.code).toBe(0);
    const dir = path.join(parent, 'records');
    expect(fs.existsSync(path.join(dir, 'tools'))).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'ehcp.config.yaml'), 'utf8')).toMatch(/install:\n {2}source: "?@council\/ehcp@0.3.0"?/);
    expect(fs.readFileSync(path.join(dir, 'azure-pipelines.yml'), 'utf8')).toContain('- bash: npm install --global @council/ehcp@0.3.0');
    const v = await runEhcp(['validate'], { cwd: dir });
    expect(v.stdout).toMatch(/^ehcp.config.yaml:1:1 warning This repository is checked with ehcp 0.3.0.*npm install --global @council\/ehcp@0.3.0.*\[tool-version\]$/m);
    const bad = await runEhcp(['init', 'other', '--authority', 'X', '--install-source', 'ehcp; rm -rf /'], { cwd: parent });
    expect(bad.code).toBe(2);
    expect(fs.existsSync(path.join(parent, 'other'))).toBe(false);
  });
});

describe('ehcp init: the hook, in each clone', () => {
  it('a fresh clone gets the hook from `ehcp init`, without a commit; a second run changes nothing', async () => {
    const dir = await initRepo();
    const clone = path.join(tempDir(), 'clone');
    gitSync(path.dirname(clone), ['clone', '-q', dir, clone]);
    expect(fs.existsSync(path.join(clone, '.git/hooks/pre-commit'))).toBe(false);
    const head = gitSync(clone, ['rev-parse', 'HEAD']);
    const r = await spawnEhcp(['init'], { cwd: clone });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('installed the pre-commit check for this clone');
    expect(fs.readFileSync(path.join(clone, '.git/hooks/pre-commit'), 'utf8')).toBe(fs.readFileSync(path.join(dir, '.git/hooks/pre-commit'), 'utf8'));
    expect(gitSync(clone, ['rev-parse', 'HEAD'])).toBe(head);
    const again = await spawnEhcp(['init'], { cwd: clone });
    expect(again.stderr).toContain('nothing changed');
  });

  it('migrates a repository whose hook was tracked in .githooks (core.hooksPath) and whose CI installed `ehcp` by name: one commit, hook in .git/hooks', async () => {
    const dir = await initRepo();
    fs.mkdirSync(path.join(dir, '.githooks'));
    fs.writeFileSync(path.join(dir, '.githooks/pre-commit'), '#!/bin/sh\n# Installed by `ehcp init`: refuses a commit whose staged records are invalid\nexec "/home/someone/ehcp/bin/ehcp.js" validate --staged\n', { mode: 0o755 });
    // The install line earlier versions wrote: a package name the authority does not own.
    fs.mkdirSync(path.join(dir, '.github/workflows'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.github/workflows/ehcp.yml'), 'jobs:\n  records:\n    steps:\n      - name: Install ehcp\n        run: npm install --global ehcp\n');
    gitSync(dir, ['add', '.githooks', '.github']);
    gitSync(dir, ['commit', '-qm', 'old layout']);
    gitSync(dir, ['config', 'core.hooksPath', '.githooks']);
    fs.rmSync(path.join(dir, '.git/hooks/pre-commit'));
    const r = await runEhcp(['init'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(spawnSync('git', ['config', 'core.hooksPath'], { cwd: dir }).status).not.toBe(0);
    expect(gitSync(dir, ['show', '--name-status', '--format=', 'HEAD']).trim().split('\n').sort()).toEqual(['D\t.githooks/pre-commit', 'M\t.github/workflows/ehcp.yml']);
    expect(fs.readFileSync(path.join(dir, '.github/workflows/ehcp.yml'), 'utf8')).toContain('run: npm install --global ./tools/ehcp-0.1.0.tgz\n');
    expect(fs.existsSync(path.join(dir, '.githooks'))).toBe(false);
    expect(fs.readFileSync(path.join(dir, '.git/hooks/pre-commit'), 'utf8')).toContain('# ehcp pre-commit hook');
    expect(spawnSync('git', ['grep', '-n', '-e', '/home/someone', 'HEAD'], { cwd: dir }).status).toBe(1);
  });

  it("leaves another tool's pre-commit hook alone and says how to add ehcp's check", async () => {
    const dir = await initRepo();
    fs.writeFileSync(path.join(dir, '.git/hooks/pre-commit'), '#!/bin/sh\necho theirs\n', { mode: 0o755 });
    const r = await runEhcp(['init'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('already has its own pre-commit hook');
    expect(fs.readFileSync(path.join(dir, '.git/hooks/pre-commit'), 'utf8')).toBe('#!/bin/sh\necho theirs\n');
  });
});
