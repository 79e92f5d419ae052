// `ehcp rules list [--format table|json]`: the deadline rules in force (the built-in set
// after ehcp.config.yaml's standards, overrides and local rules), with id, period and
// citation. Outside a records repository it shows the built-in defaults.

import type { Definer } from '../definer.js';
import { emit, say, type Context } from '../context.js';
import { flagOption } from '../options.js';
import { readConfig } from '../common/config.js';
import { resolveRules } from '../../core/rules/index.js';
import { describePeriod } from '../../core/calendar/index.js';
import { findRepositoryRoot } from '../../store/read/root.js';
import { printable } from '../formatters/inert.js';
import { layoutTable, outputWidth } from '../formatters/columns.js';
import wrapAnsi from 'wrap-ansi';

export interface RulesListOptions {
  format: 'table' | 'json';
}

export const defineRules: Definer = (rules, context) => {
  rules
    .command('list')
    .description('the rules in force after ehcp.config.yaml, with id, period and citation')
    .addOption(flagOption('formatTableJson'))
    .addHelpText(
      'after',
      '\nExamples:\n  ehcp rules list\n  ehcp rules list --format json     # every field: clock, satisfied_by, cancelled_by, exceptions\n\nChange or add rules under `rules:` in ehcp.config.yaml (docs/rules.md).',
    )
    .action(async (opts: RulesListOptions) => {
      process.exitCode = await runRulesList(context(), opts);
    });
};

export async function runRulesList(ctx: Context, options: RulesListOptions): Promise<number> {

  let config: import('../../core/records.js').Config | undefined;
  let root: string | undefined;
  try {
    root = findRepositoryRoot(ctx.cwd, ctx.repo);
  } catch (error) {
    if (ctx.repo !== undefined) throw error;
    say(ctx, "ehcp rules list: not in a records repository, so these are the built-in defaults (give --repo DIR for a repository's own rules).");
  }
  if (root !== undefined) config = await readConfig(root);
  const set = resolveRules(config);
  const overridden = new Set(Object.keys(config?.rules?.overrides ?? {}));
  const added = new Set((config?.rules?.local ?? []).map((r) => r.id));
  const periodText = (r: (typeof set.rules)[number]) => (r.period ? describePeriod(r.period) : "each action's own due date");

  if (options.format === 'json') {
    const rules = set.rules.map((r) => ({
      ...r,
      enabled: r.enabled !== false,
      periodText: periodText(r),
      source: added.has(r.id) ? 'config' : overridden.has(r.id) ? 'built-in, changed in config' : 'built-in',
    }));
    emit(ctx, JSON.stringify({ version: 1, rules, dueSoonWorkingDays: set.dueSoonWorkingDays }, null, 2) + '\n');
    return 0;
  }
  const c = ctx.color;
  const rows = set.rules.map((r) => {
    const marks = [r.kind === 'clock' && r.uncertain ? '[U]' : '', overridden.has(r.id) ? '*' : '', added.has(r.id) ? '+' : ''].join('');
    const id = `${r.id}${marks ? ` ${marks}` : ''}`;
    return [r.enabled === false ? c.dim(`${id} (off)`) : id, r.category, periodText(r), r.kind === 'clock' ? (r.counting ?? 'local') : 'working-days', printable(r.citation)];
  });
  const legend = [
    '',
    '[U]  a fact behind the rule is not confirmed against the regulation\'s text; its description says which. Configurable.',
    ...(overridden.size ? ['*    changed in ehcp.config.yaml (rules.overrides)'] : []),
    ...(added.size ? ['+    added in ehcp.config.yaml (rules.local)'] : []),
    'COUNTING: how the words are read (docs/rules.md quotes them): within-weeks = X + 7N days; starting-with / beginning-with = the first day is inside the period;',
    '          at-least-before = counted back from the meeting; before-date = the day before; later-of = the later of two periods.',
    `due-soon window: ${set.dueSoonWorkingDays} working days (standards.due_soon_working_days; audit --due-within).`,
    `${set.rules.length} rules; \`ehcp rules list --format json\` shows what starts, meets and cancels each clock.`,
  ];
  // Fitted to the terminal (cells shortened at a word boundary); --format json has every word.
  const width = outputWidth(ctx.stdout, ctx.env, false);
  const lines = layoutTable(
    [{ header: 'ID' }, { header: 'CATEGORY' }, { header: 'PERIOD', shrink: 1, min: 12 }, { header: 'COUNTING' }, { header: 'CITATION', shrink: 2, min: 26 }],
    rows,
    { width, paintHeader: (h) => c.bold(h) },
  );
  emit(ctx, lines.join('\n') + '\n' + legend.map((l) => wrapAnsi(l, width ?? 1000, { hard: false })).join('\n') + '\n');
  return 0;
}

/** Only ehcp.config.yaml is read: listing rules never parses the records. */
