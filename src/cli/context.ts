// What every command receives: where it runs, whether it may prompt, where output goes.
// Commands take this instead of reaching for `process`, so tests can call them directly.

import type { Writable } from 'node:stream';
import { Chalk, type ChalkInstance } from 'chalk';
import { UsageError } from '../core/errors.js';
import { printable } from './formatters/inert.js';

export interface Context {
  cwd: string;
  /** --repo, when given. */
  repo?: string;
  /** Prompts allowed: stdin is a TTY, CI is unset and --no-input was not given. */
  interactive: boolean;
  color: ChalkInstance;
  debug: boolean;
  env: NodeJS.ProcessEnv;
  stdout: Writable;
  stderr: Writable;
  stdin: NodeJS.ReadableStream;
  /** The officer's clock: "now" for today/yesterday and default dates. Tests fix it. */
  now: () => Date;
  /**
   * Run another ehcp command line (without the leading `ehcp`) in this process, with its
   * output to `io`'s streams; resolves to its exit code. program.ts provides it, so a
   * command that runs others (`ehcp demo` runs validate, audit and report on the
   * repository it built) never imports another command's file.
   */
  runCommand: (args: string[], io?: Partial<Context>) => Promise<number>;
}

export interface GlobalOptions {
  repo?: string;
  input?: boolean;
  color?: boolean;
  debug?: boolean;
}

export function createContext(global: GlobalOptions, io: Partial<Context> = {}): Context {
  const env = io.env ?? process.env;
  const stdin = io.stdin ?? process.stdin;
  const stderr = io.stderr ?? process.stderr;
  const wantColor = colourWanted(global, env, Boolean((stderr as { isTTY?: boolean }).isTTY));
  return {
    cwd: io.cwd ?? process.cwd(),
    repo: global.repo,
    interactive: global.input !== false && !env.CI && Boolean((stdin as { isTTY?: boolean }).isTTY),
    color: new Chalk({ level: wantColor ? 1 : 0 }),
    debug: Boolean(global.debug) || env.EHCP_DEBUG === '1',
    env,
    stdout: io.stdout ?? process.stdout,
    stderr,
    stdin,
    now: io.now ?? (() => new Date()),
    runCommand: io.runCommand ?? notWired,
  };
}

/** A context made outside program.ts (a test's) cannot run other commands unless given a way. */
async function notWired(): Promise<number> {
  throw new Error('This context cannot run other commands: pass runCommand (program.ts and runCli provide it).');
}

/**
 * Colour, decided here because chalk alone ignores NO_COLOR: --no-color and NO_COLOR
 * always win; otherwise FORCE_COLOR (any value but 0/false) turns it on even when stderr
 * is piped (a CI log that renders colour); otherwise colour only on a terminal.
 */
export function colourWanted(global: GlobalOptions, env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (global.color === false || 'NO_COLOR' in env) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !['0', 'false'].includes(force.trim().toLowerCase());
  return isTTY;
}

/** Today on the officer's clock, as YYYY-MM-DD (local time zone). */
export function today(ctx: Context): string {
  const d = ctx.now();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * A date typed in a flag, as ISO: YYYY-MM-DD, DD/MM/YYYY, today or yesterday, inside the
 * supported range; anything else is a usage error naming the flag, with an example.
 */
export async function dateFlag(ctx: Context, flag: string, value: string): Promise<string>;
export async function dateFlag(ctx: Context, flag: string, value: string | undefined): Promise<string | undefined>;
export async function dateFlag(ctx: Context, flag: string, value: string | undefined): Promise<string | undefined> {
  if (value === undefined) return undefined;
  // Lazily: this module loads with `ehcp --help`, date-fns's parser need not.
  const { parseDateInput } = await import('../core/dateInput.js');
  const r = parseDateInput(value, today(ctx));
  if (!r.ok) throw new UsageError(`${flag} ${r.problem}.`);
  return r.date;
}

/** A case reference as typed: spaces trimmed and upper-cased (c0042 is C0042). */
export function caseRefInput(value: string): string;
export function caseRefInput(value: string | undefined): string | undefined;
export function caseRefInput(value: string | undefined): string | undefined {
  return value === undefined ? undefined : value.trim().toUpperCase();
}

/**
 * A message for the person at the terminal (stderr; stdout is for data). Each line is
 * made inert (printable): a message may quote a path, a field name or a git error.
 */
export function say(ctx: Context, message: string): void {
  const text = inertLines(message);
  ctx.stderr.write(text.endsWith('\n') ? text : text + '\n');
}

/** printable() line by line: control characters made visible, the message's own line breaks kept. */
export function inertLines(message: string): string {
  return message.split('\n').map(printable).join('\n');
}

/** Data for a pipe or a file (stdout). */
export function emit(ctx: Context, data: string): void {
  ctx.stdout.write(data.endsWith('\n') || data === '' ? data : data + '\n');
}

/**
 * When prompting is not allowed, a missing value is a usage error naming the flags needed.
 * `missing` maps a flag (e.g. '--case REF') to whether it is missing.
 */
export function requireFlags(ctx: Context, command: string, missing: Record<string, boolean>): void {
  const names = Object.entries(missing)
    .filter(([, isMissing]) => isMissing)
    .map(([flag]) => flag);
  if (names.length === 0) return;
  const why = ctx.interactive ? '' : ' (not prompting: stdin is not a terminal, CI is set, or --no-input was given)';
  throw new UsageError(`${command} needs ${names.join(', ')}${why}.`, `Give ${names.length > 1 ? 'them' : 'it'} as flag${names.length > 1 ? 's' : ''}, e.g. \`ehcp ${command} ${names.join(' ')}\`.`);
}

/** Commander's accumulator for a repeatable flag (`--set a=1 --set b=2`). */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
