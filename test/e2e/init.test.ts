import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitSync, runEhcp, tempDir, treeSnapshot } from '../helpers/cli.js';

describe('ehcp init', () => {
  it('creates a records repository, commits it, and changes nothing the second time', async () => {
    const parent = tempDir();
    const dir = path.join(parent, 'records');
    const first = await runEhcp(['init', dir, '--authority', 'Synthetic Borough', '--ci', 'github'], { cwd: parent });
    expect(first.code).toBe(0);
    expect(first.stdout.trim()).toBe(dir);
    for (const f of ['ehcp.config.yaml', '.gitattributes', '.gitignore', 'README.md', '.githooks/pre-commit', '.github/workflows/ehcp.yml', 'schemas/minutes.schema.json']) {
      expect(fs.existsSync(path.join(dir, f)), f).toBe(true);
    }
    expect(fs.readFileSync(path.join(dir, '.gitattributes'), 'utf8')).toContain('eol=lf');
    expect(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8')).toContain('.ehcp/');
    expect(gitSync(dir, ['config', 'core.hooksPath']).trim()).toBe('.githooks');
    expect(gitSync(dir, ['status', '--porcelain'])).toBe('');
    const log = gitSync(dir, ['log', '--format=%s%n%b']);
    expect(log).toContain('Ehcp-Action: init');
    expect(fs.statSync(path.join(dir, '.githooks/pre-commit')).mode & 0o111).toBeTruthy();

    const before = treeSnapshot(dir);
    const commits = gitSync(dir, ['rev-list', '--count', 'HEAD']);
    const second = await runEhcp(['init', dir], { cwd: parent });
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('nothing changed');
    expect(treeSnapshot(dir)).toEqual(before);
    expect(gitSync(dir, ['rev-list', '--count', 'HEAD'])).toBe(commits);

    const validate = await runEhcp(['validate'], { cwd: dir });
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
    const r = await runEhcp(['init', 'records', '--authority', 'X'], {
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
});
