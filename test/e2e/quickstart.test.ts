// The README's quick start followed literally on a machine where ehcp is not installed
// (PATH without it), then every "Try next" command the demo prints, pasted as printed.
// (`npm ci && npm run build` have run already: the suite tests the built binary.)

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/cli.js';
import { commandForThisEhcp } from '../../src/store/platform.js';

const README = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');

describe('the README quick start, then "Try next"', () => {
  it('works on a machine without ehcp on PATH', () => {
    const block = /## Quick start[\s\S]*?```sh\n([\s\S]*?)```/.exec(README)?.[1].trim();
    expect(block).toBe('npm ci && npm run build && node bin/ehcp.js demo');
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ehcp-qs-'));
    // A fresh machine: node and git, no ehcp, no git identity, no CI variable.
    const env = { PATH: `${path.dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`, HOME: home, LANG: 'C.UTF-8', NO_COLOR: '1' };
    expect(spawnSync('sh', ['-c', 'command -v ehcp'], { env }).status).not.toBe(0);
    const demo = spawnSync('sh', ['-c', 'node bin/ehcp.js demo'], { cwd: PROJECT_ROOT, env, encoding: 'utf8' });
    expect(demo.status, demo.stderr).toBe(0);
    const tryNext = demo.stderr.split('Try next:\n')[1].split('\n').filter((l) => /^ {2}\S/.test(l)).map((l) => l.trim());
    expect(tryNext[0]).toMatch(/^cd /);
    expect(tryNext.some((l) => l.includes(' audit --as-of '))).toBe(true);
    // Pasted one after another into one shell, as printed.
    const script = tryNext.map((l, i) => `${l} > /dev/null 2> err.${i}; echo "EXIT ${i} $?"`).join('\n');
    const run = spawnSync('sh', ['-c', `set +e\n${tryNext[0]}\n${script.split('\n').slice(1).join('\n')}`], { cwd: home, env, encoding: 'utf8' });
    const codes = [...run.stdout.matchAll(/EXIT (\d+) (\d+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(codes).toHaveLength(tryNext.length - 1);
    const demoDir = tryNext[0].slice(3).replace(/^'|'$/g, '');
    for (const [i, code] of codes) {
      const stderr = fs.readFileSync(path.join(demoDir, `err.${i}`), 'utf8');
      expect(code, `${tryNext[i]}: ${stderr}`).toBe(0);
    }
    fs.rmSync(demoDir, { recursive: true, force: true });
  });

  it('prints plain `ehcp` when the ehcp on PATH is this one (npm install --global, npm link)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ehcp-path-'));
    const bin = path.join(PROJECT_ROOT, 'bin', 'ehcp.js');
    expect(commandForThisEhcp({ PATH: dir }, bin, 'posix')).toBe(`node ${bin}`);
    fs.symlinkSync(bin, path.join(dir, 'ehcp'));
    expect(commandForThisEhcp({ PATH: `/nonexistent:${dir}` }, bin, 'posix')).toBe('ehcp');
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'ehcp-other-'));
    fs.writeFileSync(path.join(other, 'ehcp'), '#!/bin/sh\n', { mode: 0o755 });
    expect(commandForThisEhcp({ PATH: `${other}:${dir}` }, bin, 'posix')).toBe(`node ${bin}`); // another ehcp comes first
    expect(commandForThisEhcp({ PATH: '/x y' }, '/a b/bin/ehcp.js', 'posix')).toBe('node "/a b/bin/ehcp.js"');
  });
});
