// Everything that differs between a POSIX machine and a Windows laptop (Git for Windows),
// in one place: which editor to open and how, the fast `find`-based change scan, how
// paths are handed to git, and the interrupt signal. Callers never test
// `process.platform` themselves. docs/windows.md says what is verified on Windows.

import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { attemptGit } from './git/git.js';

export type Platform = 'posix' | 'windows';

/** The platform this process runs on (a parameter elsewhere, so tests can ask for the other). */
const PLATFORM: Platform = process.platform === 'win32' ? 'windows' : 'posix';

// ---------------------------------------------------------------------------------------
// The editor

export interface EditorChoice {
  /** The command as configured; may carry arguments ("code --wait"). */
  command: string;
  /** Where it came from, said to the officer ("$EDITOR", "git config core.editor", ...). */
  source: string;
}

/**
 * The editor, chosen the way git chooses it: GIT_EDITOR, then git's core.editor, then
 * VISUAL, then EDITOR, then the platform's fallback (vi; notepad on Windows, as Git for
 * Windows' own default is). `coreEditor` is git's `core.editor` (read by the caller).
 * Undefined when nothing is set and there is no terminal to run vi in.
 */
export function chooseEditor(
  env: NodeJS.ProcessEnv,
  coreEditor: string | undefined,
  options: { platform?: Platform; terminal: boolean },
): EditorChoice | undefined {
  const platform = options.platform ?? PLATFORM;
  const candidates: [string | undefined, string][] = [
    [env.GIT_EDITOR, '$GIT_EDITOR'],
    [coreEditor, 'git config core.editor'],
    [env.VISUAL, '$VISUAL'],
    [env.EDITOR, '$EDITOR'],
  ];
  for (const [value, source] of candidates) {
    const command = value?.trim();
    // git treats ":" as "no editor"; so do we (fall through to the next).
    if (command && command !== ':') return { command, source };
  }
  // notepad opens its own window, so it needs no terminal; vi does.
  if (platform === 'windows') return { command: 'notepad', source: 'the Windows default' };
  return options.terminal ? { command: 'vi', source: 'the default (no editor is set)' } : undefined;
}

/**
 * Run the editor on `file` and wait for it. Like git, the configured command is handed to
 * a shell so that "code --wait" or a quoted path works: /bin/sh on POSIX; on Windows, the
 * sh that Git for Windows ships when it is on PATH, else the command is split on spaces
 * and run directly (notepad and `code --wait` both work that way).
 */
export function runEditor(command: string, file: string, env: NodeJS.ProcessEnv, platform: Platform = PLATFORM): SpawnSyncReturns<Buffer> {
  if (platform === 'posix') {
    return spawnSync('/bin/sh', ['-c', `${command} "$1"`, 'ehcp-editor', file], { stdio: 'inherit', env });
  }
  const viaSh = spawnSync('sh', ['-c', `${command} "$1"`, 'ehcp-editor', file], { stdio: 'inherit', env, windowsHide: false });
  if (!viaSh.error) return viaSh;
  const [program, ...args] = command.split(/\s+/);
  return spawnSync(program, [...args, file], { stdio: 'inherit', env, shell: false });
}

// ---------------------------------------------------------------------------------------
// The change scan

/**
 * Paths under `dir` (relative to `root`, the folder itself included) modified or changed
 * in status after `marker`'s time, from one POSIX `find` process; undefined when find is
 * not there or fails, and always on Windows (its find.exe searches text), where the
 * caller stats every file instead.
 */
export function findChangedSince(root: string, dir: string, marker: string, platform: Platform = PLATFORM): Promise<string[] | undefined> | undefined {
  if (!canFindChanges(platform)) return undefined;
  return new Promise((resolve) => {
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn('find', [dir, '(', '-newer', marker, '-o', '-cnewer', marker, ')', '-print0'], {
        cwd: root,
        stdio: ['ignore', 'pipe', 'ignore'],
        env: { ...process.env, LC_ALL: 'C' },
      });
    } catch {
      resolve(undefined);
      return;
    }
    const out: Buffer[] = [];
    child.stdout!.on('data', (d: Buffer) => out.push(d));
    child.on('error', () => resolve(undefined));
    child.on('close', (code) => {
      if (code !== 0) return resolve(undefined);
      const text = Buffer.concat(out).toString('utf8');
      resolve(text === '' ? [] : text.split('\0').filter(Boolean));
    });
  });
}

/** Whether the `find` scan is available at all (never on Windows). */
export function canFindChanges(platform: Platform = PLATFORM): boolean {
  return platform === 'posix';
}

// ---------------------------------------------------------------------------------------
// Paths handed to git

/** A repository-relative path as git writes it: forward slashes on every platform. */
export function gitPath(relative: string, platform: Platform = PLATFORM): string {
  return platform === 'windows' ? relative.split(path.win32.sep).join('/') : relative;
}

// ---------------------------------------------------------------------------------------
// Interrupts

/**
 * Run `handler` on Ctrl-C (before any other handler) until the returned function is
 * called. Node delivers Ctrl-C in a Windows console as SIGINT too, so one signal serves
 * both platforms. `last`: after every other handler (the process-wide fallback in
 * src/cli/main.ts that exits with 130).
 */
export function onInterrupt(handler: () => void, options: { last?: boolean } = {}): () => void {
  if (options.last) process.on('SIGINT', handler);
  else process.prependListener('SIGINT', handler);
  return () => {
    process.removeListener('SIGINT', handler);
  };
}

/** git's `core.editor` as git would read it in `dir` (undefined when unset or git fails). */
export async function readCoreEditor(dir: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const settings = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
  const r = await attemptGit(dir, ['config'], (g) => g.raw(['config', '--get', 'core.editor']), { env: settings }).catch(() => undefined);
  return r?.code === 0 && r.stdout.trim() !== '' ? r.stdout.trim() : undefined;
}

// ---------------------------------------------------------------------------------------
// How the officer can run this ehcp again

/**
 * The command line that runs this ehcp, for messages that tell the officer what to type
 * next: `ehcp` when an `ehcp` on PATH is this very program (installed with npm, or
 * linked), else `node /abs/path/bin/ehcp.js`, which works right after `npm run build`
 * in a fresh clone. On Windows npm installs `ehcp.cmd` shims that cannot be followed, so
 * any `ehcp.cmd` on PATH is taken to be this one.
 */
export function commandForThisEhcp(env: NodeJS.ProcessEnv, binFile: string, platform: Platform = PLATFORM): string {
  const dirs = (env.PATH ?? env.Path ?? '').split(platform === 'windows' ? ';' : ':').filter(Boolean);
  for (const dir of dirs) {
    if (platform === 'windows') {
      if (existsFile(path.join(dir, 'ehcp.cmd'))) return 'ehcp';
      continue;
    }
    const candidate = path.join(dir, 'ehcp');
    if (!existsFile(candidate)) continue;
    try {
      if (fs.realpathSync(candidate) === fs.realpathSync(binFile)) return 'ehcp';
    } catch {
      /* a broken link: not this one */
    }
    break; // the first ehcp on PATH is the one the shell would run, and it is another one
  }
  const quoted = /[\s'"$`\\]/.test(binFile) ? `"${binFile.replace(/(["$`\\])/g, '\\$1')}"` : binFile;
  return `node ${quoted}`;
}

function existsFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
