// `ehcp export --case REF [--format html|md] [--include-internal] [--out FILE]`: a case's
// records for the family, a subject access response or a tribunal bundle. Every record in
// date order, corrections beside what they correct, void records marked, internal notes
// left out unless asked for (the officer is told how many, on stderr).
//
// Where it goes: --out FILE; else stdout when it is not a terminal; else
// .ehcp/exports/REF-DATE.html|md in the repository (ignored by git: it holds personal data).

import path from 'node:path';
import type { Definer } from '../definer.js';
import { say, today, type Context } from '../context.js';
import { flagOption } from '../options.js';
import { deliver } from '../common/deliver.js';
import { UsageError } from '../../core/errors.js';
import { CASE_REF, caseDir, repositoryLayout } from '../../store/paths.js';
import { findRepositoryRoot } from '../../store/read/root.js';
import { validValues } from '../../core/document.js';
import { readCaseFolder } from '../../store/read/documents.js';
import { buildCaseExport } from '../../core/caseExport.js';
import { formatExportMarkdown } from '../formatters/export/markdown.js';
import { formatExportHtml } from '../formatters/export/html.js';

export interface ExportOptions {
  case?: string;
  format: 'html' | 'md';
  includeInternal?: boolean;
  out?: string;
}

export const defineExport: Definer = (command, context) => {
  command
    .addOption(flagOption('caseFilter', { help: 'the case reference' }).makeOptionMandatory())
    .addOption(flagOption('format', { help: 'html (prints with page numbers) or md (Markdown)', choices: ['html', 'md'], default: 'html' }))
    .option('--include-internal', 'include internal notes (left out by default)')
    .addOption(flagOption('out', { help: 'write to FILE (atomically); default: stdout, or .ehcp/exports/ when stdout is a terminal' }))
    .addHelpText('after', '\nExamples:\n  ehcp export --case C0042 --out C0042.html\n  ehcp export --case C0042 --format md --include-internal > C0042.md')
    .action(async (opts: ExportOptions) => {
      process.exitCode = await runExport(context(), opts);
    });
};

export async function runExport(ctx: Context, options: ExportOptions): Promise<number> {

  const ref = options.case;
  if (ref === undefined || !CASE_REF.test(ref)) {
    throw new UsageError('--case must be a case reference (capitals, digits, - and _).', 'For example `ehcp export --case C0042`.');
  }
  const root = findRepositoryRoot(ctx.cwd, ctx.repo);
  const documents = readCaseFolder(root, ref);
  const [caseFile] = validValues(documents, 'case');
  const folder = caseDir(ref, repositoryLayout(root));
  if (!caseFile) throw new UsageError(`${folder}/case.yaml is missing or not valid, so the case cannot be exported.`, `Run \`ehcp validate ${folder}\` and correct it.`);
  const invalid = documents.filter((d) => !d.valid);
  const records = validValues(documents, 'minutes', 'note', 'communication');
  const model = buildCaseExport(caseFile, records, { includeInternal: options.includeInternal === true });

  const madeOn = today(ctx);
  let text: string;
  if (options.format === 'md') {
    text = formatExportMarkdown(model, { madeOn, includeInternal: options.includeInternal === true });
  } else {
    text = formatExportHtml(model, { madeOn, includeInternal: options.includeInternal === true });
  }
  await deliver(ctx, text, { out: options.out, root, defaultName: path.join('.ehcp', 'exports', `${ref}-${madeOn}.${options.format}`), what: 'export' });
  if (model.omittedInternal > 0) {
    say(ctx, `ehcp export: ${model.omittedInternal} internal note${model.omittedInternal === 1 ? ' was' : 's were'} left out; --include-internal includes them.`);
  }
  if (invalid.length > 0) {
    say(ctx, `ehcp export: ${invalid.length} file${invalid.length === 1 ? '' : 's'} in ${folder} ${invalid.length === 1 ? 'is' : 'are'} not valid and ${invalid.length === 1 ? 'is' : 'are'} NOT in this export: run \`ehcp validate cases/${ref}\`, correct, and export again.`);
    return 1;
  }
  return 0;
}
