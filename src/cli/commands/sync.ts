// `ehcp sync`: pull (rebase), then push, retrying when another officer pushed first.
// Everything it says goes to stderr; `--json` puts the counts on stdout for scripts.

import type { Definer } from '../definer.js';
import { emit, say, type Context } from '../context.js';
import { findRepositoryRoot } from '../../store/read/root.js';
import { syncRepository } from '../../store/git/sync.js';

export interface SyncCommandOptions {
  json?: boolean;
}

export const defineSync: Definer = (command, context) => {
  command
    .option('--json', 'print {"branch","upstream","pushed","received","attempts"} on stdout')
    .addHelpText(
      'after',
      '\nUncommitted files stop it before anything changes (it says which and how to commit them).\n' +
        'A conflict (only possible after a hand edit) stops it with the rebase in progress and the commands to finish.\n' +
        '\nExamples:\n  ehcp sync\n  ehcp sync --json',
    )
    .action(async (opts: SyncCommandOptions) => {
      process.exitCode = await runSync(context(), opts);
    });
};

export async function runSync(ctx: Context, options: SyncCommandOptions): Promise<number> {
  const root = findRepositoryRoot(ctx.cwd, ctx.repo);
  const result = await syncRepository(root, { progress: (m) => say(ctx, m) });
  const pushed = `${result.pushed} commit${result.pushed === 1 ? '' : 's'} pushed`;
  const received = `${result.received} received`;
  say(ctx, `Synced ${result.branch} with ${result.upstream}: ${pushed}, ${received}.`);
  if (options.json) emit(ctx, JSON.stringify(result));
  return 0;
}
