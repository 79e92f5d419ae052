// `ehcp report [--as-of D] [--months N] [--format html|json] [--out FILE] [--names]`: the
// Director's dashboard. Runs the audit, measures timeliness from its clocks (SEN2 and the
// other duties), audits the records as committed a week earlier to say exactly what changed,
// and writes one self-contained HTML file (or the same figures as JSON).
//
// Where it goes: --out FILE; else stdout when stdout is not a terminal (a pipe, a file); else
// .ehcp/reports/report-DATE.html in the repository (ignored by git), path printed on stdout.

import path from 'node:path';
import type { Definer } from '../definer.js';
import { dateFlag, today, type Context } from '../context.js';
import { flagOption } from '../options.js';
import { readAuditInput } from '../common/auditInput.js';
import { deliver } from '../common/deliver.js';
import { UsageError } from '../../core/errors.js';
import { addDays } from '../../core/calendar/index.js';
import { audit, computeClocks } from '../../core/audit/index.js';
import { buildReport } from '../../core/measures/report.js';
import { startProgress } from '../progress.js';
import { formatReportHtml } from '../formatters/report/html.js';
import { recordsAsCommittedOn } from '../../store/git/past.js';

export interface ReportOptions {
  asOf?: string;
  months?: string;
  format: 'html' | 'json';
  out?: string;
  names?: boolean;
}

export const defineReport: Definer = (command, context) => {
  command
    .addOption(flagOption('asOf', { help: 'the report as the repository stood on this date (YYYY-MM-DD, DD/MM/YYYY, today; default today)' }))
    .option('--months <n>', 'the period the figures and the trend cover, in calendar months ending with the as-of month (1 to 60; default 12)')
    .addOption(flagOption('format', { help: 'html (a self-contained page) or json (the same figures)', choices: ['html', 'json'], default: 'html' }))
    .addOption(flagOption('out', { help: 'write to FILE (atomically); default: stdout, or .ehcp/reports/ when stdout is a terminal' }))
    .option('--names', "show children's names beside case references (default: references only)")
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  ehcp report --out report.html',
        '  ehcp report --as-of 2026-03-31 --months 12 --out q4.html',
        '  ehcp report --format json | jq .sen2',
      ].join('\n'),
    )
    .action(async (opts: ReportOptions) => {
      process.exitCode = await runReport(context(), opts);
    });
};

export async function runReport(ctx: Context, options: ReportOptions): Promise<number> {

  // The one date parser every flag uses: DD/MM/YYYY, today, and the supported range.
  const asOf = (await dateFlag(ctx, '--as-of', options.asOf)) ?? today(ctx);
  const months = options.months === undefined ? 12 : Number(options.months);
  if (options.months !== undefined && (!/^\d+$/.test(options.months) || months < 1 || months > 60)) {
    throw new UsageError('--months must be a whole number from 1 to 60.', 'For example `ehcp report --months 12`.');
  }

  const progress = startProgress(ctx, 'Reading the records');
  try {
    const input = await readAuditInput(ctx, { asOf, command: 'report' });
    progress.update('Auditing');
    const findings = audit(input.audit);
    const clocks = computeClocks(input.audit);
    progress.update('Comparing with a week ago');
    const weekAgo = await auditWeekAgo(input, asOf, addDays(asOf, -7));
    const minutes = input.audit.records
      .filter((r) => r.schema === 'minutes/v1' && r.amends === undefined && r.status !== 'void')
      .map((r) => ({ id: r.id, date: (r as { date: string }).date }));
    const model = buildReport({
      asOf,
      months,
      authority: input.config.authority,
      cases: [...input.usable.cases.values()],
      clocks,
      findings,
      minutes,
      weekAgo,
      names: options.names === true,
    });
    progress.stop();
    let text: string;
    if (options.format === 'json') {
      text = JSON.stringify(model, null, 2) + '\n';
    } else {
      text = formatReportHtml(model);
    }
    await deliver(ctx, text, {
      out: options.out,
      root: input.root,
      defaultName: path.join('.ehcp', 'reports', `report-${asOf}.${options.format === 'json' ? 'json' : 'html'}`),
      what: 'report',
    });
    return 0;
  } finally {
    progress.stop();
  }
}

/**
 * The audit of the records as committed at the end of `day` (the last commit on or before
 * it), as of that day, with the same rules: what needed action then. Undefined when the
 * history does not go back that far (or is shallow).
 */
async function auditWeekAgo(input: Awaited<ReturnType<typeof readAuditInput>>, asOf: string, day: string) {
  if (!input.history) return undefined;
  const past = await recordsAsCommittedOn(input.root, input.snapshot, day);
  if (!past) return undefined;
  void asOf;
  const findings = audit({ ...input.audit, cases: past.cases, records: past.records, asOf: day, uncommitted: [], integrity: [], finalRecordChanges: [] });
  return { asOf: day, commit: past.commit, findings };
}
