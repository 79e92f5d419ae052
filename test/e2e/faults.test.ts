// The fault suite: what a crash, a full disk or a read-only disk leaves behind.
// - kill -9 at random points of `ehcp note new` (50 runs, five at a time on one
//   repository): git fsck passes, no temporary file is left (a killed writer's leftovers
//   in .ehcp/tmp are swept by the next write), and every record file is either committed
//   or reported by validate as not committed — never half-written.
// - A full disk and a read-only disk (small tmpfs mounts, so only when running as root,
//   as CI does; said and skipped otherwise): exit 2 in words, and the typed answers kept.
// The binary is spawned here: the process (its death, its disk) is what is tested.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EHCP_BIN, gitSync, runEhcp, tempDir, userEnv } from '../helpers/cli.js';
import { repoWithCase } from './record-helpers.js';
import { ehcpInProcess } from '../unit/hostile-helpers.js';

const REF = 'T0042';

/** Every file under `root` (not .git) whose name marks it temporary. */
function temporaryFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name === '.git') continue;
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) walk(abs);
      else if (e.name.endsWith('.tmp')) out.push(path.relative(root, abs));
    }
  };
  walk(root);
  return out;
}

/** A small deterministic random sequence (the seed is printed on failure). */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x1_0000_0000;
  };
}

/** Start `ehcp args` and SIGKILL it after `delayMs` (or let it finish first). */
function runAndKill(args: string[], cwd: string, delayMs: number): Promise<{ killed: boolean; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [EHCP_BIN, ...args], { cwd, env: userEnv(), stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL', code });
    });
  });
}

describe('kill -9 at random points of a write', () => {
  it('50 killed writers leave a sound repository: fsck passes, no temporary file, every record committed or reported', async () => {
    const repo = await repoWithCase(REF);
    const seed = Number(process.env.EHCP_FAULT_SEED ?? Date.now() % 100_000);
    const next = random(seed);
    let killed = 0;
    for (let round = 0; round < 10; round++) {
      const runs = Array.from({ length: 5 }, (_, i) =>
        runAndKill(['note', 'new', '--case', REF, '--date', `2024-02-${String(1 + ((round * 5 + i) % 27)).padStart(2, '0')}`, '--kind', 'phone', '--summary', `Synthetic call ${round}-${i}.`, '--no-input'], repo, Math.floor(next() * 1200)),
      );
      killed += (await Promise.all(runs)).filter((r) => r.killed).length;
    }
    // A killed git may leave its index lock; the next writer then fails to commit (exit 2)
    // with its record in place, which validate reports: also an allowed outcome.
    await ehcpInProcess(['note', 'new', '--case', REF, '--date', '2024-03-01', '--kind', 'phone', '--summary', 'Synthetic call after the crashes.'], repo);
    const context = `seed ${seed} (set EHCP_FAULT_SEED to replay), ${killed} of 50 killed`;

    const fsck = spawnSync('git', ['fsck', '--full', '--no-progress'], { cwd: repo, env: userEnv(), encoding: 'utf8' });
    expect(fsck.status, `${context}: ${fsck.stderr}`).toBe(0);
    expect(temporaryFiles(repo), context).toEqual([]);

    const validate = await ehcpInProcess(['validate', '--format', 'json'], repo);
    const problems = JSON.parse(validate.stdout).problems as { file: string; rule: string }[];
    // Never a half-written record: the only problems are records not committed.
    expect(problems.filter((p) => p.rule !== 'uncommitted'), context).toEqual([]);
    const reported = new Set(problems.map((p) => p.file));
    const tracked = new Set(gitSync(repo, ['ls-files', '--', `cases/${REF}`]).split('\n').filter(Boolean));
    const changed = new Set(gitSync(repo, ['diff', '--name-only', 'HEAD', '--', `cases/${REF}`]).split('\n').filter(Boolean));
    for (const name of fs.readdirSync(path.join(repo, 'cases', REF))) {
      const file = `cases/${REF}/${name}`;
      expect(tracked.has(file) && !changed.has(file) ? 'committed' : reported.has(file) ? 'reported' : 'lost', `${file}; ${context}`).not.toBe('lost');
    }
  }, 180_000);
});

// ---------------------------------------------------------------------------------------
// Full and read-only disks

const isRoot = process.getuid?.() === 0;
let mountsWork = false;
const mounts: string[] = [];

function mountTmpfs(sizeKb: number): string {
  const dir = tempDir('ehcp-disk-');
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`mount failed: ${r.stderr}`);
  mounts.push(dir);
  return dir;
}

beforeAll(() => {
  if (!isRoot) {
    console.log('faults.test.ts: not running as root, so the full-disk and read-only-disk tests are skipped (they mount small tmpfs disks; CI runs them).');
    return;
  }
  try {
    const probe = mountTmpfs(64);
    mountsWork = true;
    spawnSync('umount', [probe]);
    mounts.pop();
  } catch (error) {
    console.log(`faults.test.ts: tmpfs cannot be mounted here (${(error as Error).message.trim()}); the disk tests are skipped.`);
  }
});

afterAll(() => {
  for (const dir of mounts) spawnSync('umount', ['-l', dir]);
});

/** The file the error message says the answers were kept in. */
function keptFile(stderr: string): string {
  const m = /kept in (\S+\.yaml)/.exec(stderr);
  expect(m, stderr).not.toBeNull();
  return m![1];
}

describe('a full disk and a read-only disk', () => {
  it.runIf(isRoot)('full disk: exit 2 saying so, nothing half-written, the answers kept and taken back once there is room', async () => {
    if (!mountsWork) return;
    const disk = mountTmpfs(4096);
    const repo = path.join(disk, 'records');
    fs.cpSync(await repoWithCase(REF), repo, { recursive: true, verbatimSymlinks: true });
    const filler = path.join(disk, 'filler');
    spawnSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=64k'], { stdio: 'ignore' });
    const head = gitSync(repo, ['rev-parse', 'HEAD']);

    const r = await runEhcp(['minutes', 'new', '--case', REF, '--kind', 'panel', '--date', '2026-01-05', '--set', 'venue=Room 2 (synthetic)', '--no-input'], { cwd: repo });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/the disk is full \(ENOSPC\)/);
    expect(r.stderr).not.toMatch(/unexpected error|\n\s+at /);
    expect(temporaryFiles(repo)).toEqual([]);
    expect(fs.readdirSync(path.join(repo, 'cases', REF))).toEqual(['case.yaml']);
    expect(gitSync(repo, ['rev-parse', 'HEAD'])).toBe(head);
    const kept = keptFile(r.stderr);
    expect(fs.readFileSync(kept, 'utf8')).toContain('Room 2 (synthetic)');

    fs.rmSync(filler);
    const again = await runEhcp(['minutes', 'new', '--case', REF, '--from', kept, '--no-input', '--json'], { cwd: repo });
    expect(again.code, again.stderr).toBe(0);
    const written = JSON.parse(again.stdout) as { path: string };
    expect(fs.readFileSync(path.join(repo, written.path), 'utf8')).toContain('Room 2 (synthetic)');
    expect(spawnSync('git', ['fsck', '--no-progress'], { cwd: repo, env: userEnv() }).status).toBe(0);
    fs.rmSync(kept);
  }, 60_000);

  it.runIf(isRoot)('read-only disk: exit 2 saying so, the answers kept', async () => {
    if (!mountsWork) return;
    const disk = mountTmpfs(4096);
    const repo = path.join(disk, 'records');
    fs.cpSync(await repoWithCase(REF), repo, { recursive: true, verbatimSymlinks: true });
    expect(spawnSync('mount', ['-o', 'remount,ro', disk]).status).toBe(0);

    const r = await runEhcp(['note', 'new', '--case', REF, '--date', '2026-01-05', '--kind', 'phone', '--summary', 'Synthetic typed answer.', '--no-input'], { cwd: repo });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/the disk is read-only \(EROFS\)/);
    expect(r.stderr).not.toMatch(/unexpected error|\n\s+at /);
    const kept = keptFile(r.stderr);
    expect(fs.readFileSync(kept, 'utf8')).toContain('Synthetic typed answer.');
    expect(temporaryFiles(repo)).toEqual([]);
    fs.rmSync(kept);
  }, 60_000);

  it.skipIf(isRoot)('needs root to mount small disks (CI runs as root)', () => {
    expect(isRoot).toBe(false);
  });
});
