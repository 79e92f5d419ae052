// Test helpers: real git repositories in temp folders, and the built binary spawned the way
// a user runs it (NO_COLOR, a minimal environment, no TTY).

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const EHCP_BIN = path.join(PROJECT_ROOT, 'bin', 'ehcp.js');

/** A folder on PATH holding an `ehcp` shim, so git hooks and CI scripts find the binary. */
const SHIM_DIR = (() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ehcp-shim-'));
  fs.writeFileSync(path.join(dir, 'ehcp'), `#!/bin/sh\nexec "${process.execPath}" "${EHCP_BIN}" "$@"\n`, { mode: 0o755 });
  return dir;
})();

const PACK_CACHE = path.join(os.tmpdir(), 'ehcp-test-pack-cache');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  input?: string;
  author?: { name: string; email: string };
}

/** The environment a test user has: PATH with the shim, a home with a git identity. */
export function userEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const home = testHome();
  const env: Record<string, string | undefined> = {
    PATH: `${SHIM_DIR}:${process.env.PATH}`,
    HOME: home,
    NO_COLOR: '1',
    LANG: 'C.UTF-8',
    TZ: process.env.TZ ?? 'Europe/London',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: undefined,
    // `ehcp init` packs the running ehcp once per build (store/write/scaffold/pin.ts): share that
    // cache between test files (it is keyed by the packed files' contents).
    XDG_CACHE_HOME: PACK_CACHE,
    ...extra,
  };
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) as Record<string, string>;
}

let home: string | undefined;
function testHome(): string {
  if (!home) {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'ehcp-home-'));
    fs.writeFileSync(
      path.join(home, '.gitconfig'),
      '[user]\n\tname = Test Officer\n\temail = officer@example.invalid\n[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n[maintenance]\n\tauto = false\n[gc]\n\tauto = 0\n',
    );
  }
  return home;
}

/** Spawn `ehcp args...` and collect its output. stdin is a pipe (not a TTY). */
export function runEhcp(args: string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [EHCP_BIN, ...args], {
      cwd: options.cwd,
      env: userEnv(options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

export function tempDir(prefix = 'ehcp-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * Date every file under `root` (and, with `folders`, every folder: `find -newer` looks at
 * them) `ms` in the past, leaving .git and .ehcp alone: the read path trusts only files
 * older than its racy window.
 */
export function backdateTree(root: string, ms: number, options: { folders?: boolean } = {}): void {
  const past = new Date(Date.now() - ms);
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name === '.git' || e.name === '.ehcp') continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        walk(full);
        if (!options.folders) continue;
      }
      fs.utimesSync(full, past, past);
    }
  };
  walk(root);
}

/** Run git synchronously in `cwd` with the test user's environment. */
export function gitSync(cwd: string, args: string[], env: Record<string, string> = {}): string {
  const r = spawnSync('git', args, { cwd, env: userEnv(env), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/**
 * A fresh records repository made by the real `ehcp init`, run in this process (init's own
 * tests run the binary). Imported when first used: inProcess.ts imports this module.
 */
export async function initRepo(options: { ci?: 'github' | 'gitlab' | 'none'; authority?: string } = {}): Promise<string> {
  const dir = path.join(tempDir(), 'records');
  const { runInProcess } = await import('./inProcess.js');
  const r = await runInProcess(['init', dir, '--authority', options.authority ?? 'Synthetic Test Council', '--ci', options.ci ?? 'none'], {
    cwd: path.dirname(dir),
  });
  if (r.code !== 0) throw new Error(`ehcp init failed: ${r.stderr}`);
  return dir;
}

/** Write a file in a records repository (creating folders). */
export function writeFile(root: string, rel: string, content: string | Buffer): string {
  const abs = path.join(root, rel);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  fs.writeFileSync(abs, content);
  return abs;
}

/** Snapshot of every file's content under a folder (to prove a command changed nothing). */
export function treeSnapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name === '.git') continue;
      const abs = path.join(dir, e.name);
      // The read path's cache (git-ignored, derived from the records) is not the user's files.
      if (path.relative(root, abs) === path.join('.ehcp', 'cache')) continue;
      if (e.isDirectory()) walk(abs);
      else if (e.isFile()) out[path.relative(root, abs)] = fs.readFileSync(abs).toString('base64');
      else if (e.isSymbolicLink()) out[path.relative(root, abs)] = 'link:' + fs.readlinkSync(abs);
    }
  };
  walk(root);
  return out;
}
