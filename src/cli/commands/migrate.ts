// `ehcp migrate --layout sharded|flat`: move every case folder to where the layout puts it
// (cases/<REF>/ or cases/<xx>/<REF>/), and record the layout in ehcp.config.yaml, in one
// commit (store/write/migrate.ts). Named for what it does to the repository, not to one
// record: nothing else in ehcp moves files.

import { Option } from 'commander';
import type { Definer } from '../definer.js';
import { say, type Context } from '../context.js';
import { UsageError } from '../../core/errors.js';
import type { Layout } from '../../core/layout.js';
import { repositoryRoot } from '../common/repository.js';
import { migrateLayout } from '../../store/write/migrate.js';

export interface MigrateOptions {
  layout?: string;
}

export const defineMigrate: Definer = (command, context) => {
  command
    .addOption(new Option('--layout <layout>', 'the layout to move to: sharded (cases/<xx>/<REF>/) or flat (cases/<REF>/)').choices(['sharded', 'flat']))
    .addHelpText(
      'after',
      '\nEvery case folder moves, unchanged, in ONE commit (Ehcp-Action: migrate); files not committed under cases/ stop it first.\n' +
        'Each officer then runs `ehcp sync` (or git pull) as usual.\n' +
        '\nExamples:\n  ehcp migrate --layout sharded   # a large repository: faster history reads\n  ehcp migrate --layout flat      # back to cases/<REF>/',
    )
    .action(async (opts: MigrateOptions) => {
      process.exitCode = await runMigrate(context(), opts);
    });
};

export async function runMigrate(ctx: Context, options: MigrateOptions): Promise<number> {
  if (options.layout !== 'sharded' && options.layout !== 'flat') {
    throw new UsageError('--layout must be sharded or flat.', 'For example `ehcp migrate --layout sharded`.');
  }
  const root = await repositoryRoot(ctx);
  const outcome = await migrateLayout(root, options.layout as Layout);
  if (!outcome.commit) {
    say(ctx, `This repository already uses the ${outcome.to} layout; nothing was changed.`);
    return 0;
  }
  say(
    ctx,
    `Moved ${outcome.folders} case folder${outcome.folders === 1 ? '' : 's'} (${outcome.files} file${outcome.files === 1 ? '' : 's'}) to the ${outcome.to} layout in commit ${outcome.commit.slice(0, 7)}. ` +
      'Share it with `ehcp sync`; other clones take it with their next sync.',
  );
  return 0;
}
