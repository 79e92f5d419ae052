// `ehcp demo [--dir DIR] [--cases N] [--seed N] [--as-of D]`: build a realistic synthetic
// records repository, with several officers' git history, and audit it.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Definer } from '../definer.js';
import { emit, say, type Context, dateFlag } from '../context.js';
import { flagOption } from '../options.js';
import { plural } from '../formatters/problems.js';
import { UsageError } from '../../core/errors.js';
import { assertEmptyFolder, DEFAULT_CASES, DEFAULT_SEED, DEMO_AS_OF, generateDemoRepository } from '../../demo/generate.js';
import { startProgress, progressAllowed } from '../progress.js';
import { commandForThisEhcp } from '../../store/platform.js';
import { PACKAGE_ROOT } from '../../store/paths.js';

export interface DemoCommandOptions {
  dir?: string;
  cases?: string;
  seed?: string;
  asOf?: string;
  commits?: string;
  layout?: string;
}

export const MAX_DEMO_CASES = 20_000;

export const defineDemo: Definer = (command, context) => {
  command
    .option('--dir <dir>', 'where to build it: a new or empty folder (default: a new temporary folder)')
    .option('--cases <n>', 'how many synthetic cases (default 25)')
    .option('--seed <n>', 'the random seed: the same seed builds the same repository (default 1)')
    .addOption(flagOption('asOf', { help: 'the demo\'s "today": every date is placed relative to it (default 2026-11-16)' }))
    .option('--commits <how>', 'record: one commit per record, as the writing commands make them; day: one commit per day\'s records (default: record up to 5,000 cases, day above)')
    .option('--layout <layout>', 'flat: case folders at cases/<REF>/; sharded: at cases/<xx>/<REF>/ (default: flat below 1,000 cases, sharded from 1,000)')
    .addHelpText(
      'after',
      '\nEverything in it is invented: names such as "Test Child Alpha 0001", officers at example.invalid.\n' +
        '\nExamples:\n  ehcp demo\n  ehcp demo --dir /tmp/ehcp-demo\n  ehcp demo --dir big-demo --cases 500 --seed 7\n  ehcp demo --dir huge-demo --cases 20000          # a commit a day: minutes, not hours',
    )
    .action(async (opts: DemoCommandOptions) => {
      process.exitCode = await runDemo(context(), opts);
    });
};

export async function runDemo(ctx: Context, options: DemoCommandOptions): Promise<number> {

  const cases = integerOption(options.cases, '--cases', DEFAULT_CASES, 1, MAX_DEMO_CASES, UsageError);
  const seed = integerOption(options.seed, '--seed', DEFAULT_SEED, 0, 2 ** 32 - 1, UsageError);
  const asOf = (await dateFlag(ctx, '--as-of', options.asOf)) ?? DEMO_AS_OF;
  if (options.commits !== undefined && options.commits !== 'record' && options.commits !== 'day') {
    throw new UsageError('--commits must be record or day.', 'For example `ehcp demo --cases 20000 --commits day`.');
  }
  if (options.layout !== undefined && options.layout !== 'flat' && options.layout !== 'sharded') {
    throw new UsageError('--layout must be flat or sharded.', 'For example `ehcp demo --cases 5000 --layout flat`.');
  }

  let root: string;
  if (options.dir) {
    root = path.resolve(ctx.cwd, options.dir);
    assertEmptyFolder(root); // before any work: never write into a folder that holds files
  } else {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'ehcp-demo-'));
  }

  const started = Date.now();
  // On a terminal the steps show on one progress line; in a pipe or a CI log, one line each.
  const spinner = progressAllowed(ctx) ? startProgress(ctx, 'Building the demo repository', 0) : undefined;
  const summary = await generateDemoRepository(root, {
    cases,
    seed,
    asOf,
    ehcpBin: path.resolve(process.argv[1] ?? 'ehcp'),
    ...(options.commits ? { commits: options.commits as 'record' | 'day' } : {}),
    ...(options.layout ? { layout: options.layout as 'flat' | 'sharded' } : {}),
    progress: (m) => (spinner ? spinner.update(m.trim()) : say(ctx, m)),
  }).finally(() => spinner?.stop());
  say(
    ctx,
    `Built ${plural(summary.cases, 'synthetic case')} with ${plural(summary.records, 'record')} in ${plural(summary.commits, 'commit')} by ${plural(summary.officers.length, 'officer')} ` +
      `(${summary.firstDate} to ${summary.asOf}) in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
  );

  const code = await checkDemo(ctx, root, asOf);
  // The Director's view of the same repository: written under .ehcp/ (ignored by git).
  const report = path.join(root, '.ehcp', 'reports', `report-${asOf}.html`);
  await inDemo(ctx, root, ['report', '--as-of', asOf, '--format', 'html', '--out', report], { stdout: ctx.stderr });

  const rel = path.relative(ctx.cwd, root);
  const shown = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : root;
  const first = summary.highlights[0]?.ref ?? 'C0001';
  // Commands the officer can paste as they are: \`ehcp\` only when that is this ehcp on PATH.
  const ehcp = commandForThisEhcp(ctx.env, path.join(PACKAGE_ROOT, 'bin', 'ehcp.js'));
  say(
    ctx,
    [
      '',
      `The demo repository is in ${shown}`,
      `Its report (open it in a browser): ${report}`,
      `Its dates are placed around ${asOf}; give \`--as-of ${asOf}\` to see the audit as of that day.`,
      'Try next:',
      `  cd ${shellQuote(shown)}`,
      `  ${ehcp} audit --as-of ${asOf}`,
      `  ${ehcp} report --as-of ${asOf} --out report.html`,
      `  ${ehcp} export --case ${first} --out ${first}.html`,
      `  ${ehcp} case show ${first}`,
      ...summary.highlights.map((h) => `    (${h.ref}: ${h.shows})`),
      `  ${ehcp} history ${first}`,
      `  ${ehcp} validate`,
      '  git log --format="%h %ad %an  %s" --date=short | head',
      ...(ehcp === 'ehcp' ? [] : ['(To type just `ehcp`, install it once: `npm install --global .` in the ehcp folder.)'])
    ].join('\n'),
  );
  emit(ctx, '');
  return code;
}

/** Validate the new repository (it must be clean), then audit it as of the demo's date. */
async function checkDemo(ctx: Context, root: string, asOf: string): Promise<number> {
  say(ctx, '\nValidating it:');
  const valid = await inDemo(ctx, root, ['validate', '--format', 'text']);
  say(ctx, `\nAuditing it as of ${asOf}:`);
  await inDemo(ctx, root, ['audit', '--as-of', asOf, '--format', 'table', '--fail-on', 'none']);
  return valid;
}

/**
 * Run an ehcp command on the demo repository, in this process, never prompting. Through
 * ctx.runCommand (the same parse as the command line) rather than by importing the
 * validate, audit and report commands: no command file imports another, and the demo
 * shows exactly what those commands print when the officer types them.
 */
function inDemo(ctx: Context, root: string, args: string[], io: Partial<Context> = {}): Promise<number> {
  const global = ['--repo', root, '--no-input', ...(ctx.color.level === 0 ? ['--no-color'] : []), ...(ctx.debug ? ['--debug'] : [])];
  return ctx.runCommand([...global, ...args], { cwd: root, env: ctx.env, stdin: ctx.stdin, stdout: ctx.stdout, stderr: ctx.stderr, now: ctx.now, ...io });
}

function integerOption(value: string | undefined, flag: string, fallback: number, min: number, max: number, UsageError: new (m: string, h?: string) => Error): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}.`, `For example ${flag} ${fallback}.`);
  }
  return Number(value);
}

function shellQuote(p: string): string {
  return /^[\w@%+=:,./-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`;
}
