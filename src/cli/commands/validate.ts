// `ehcp validate [PATH...] [--staged] [--base REV] [--format text|json|github|junit]`

import fs from 'node:fs';
import path from 'node:path';
import type { Definer } from '../definer.js';
import { emit, type Context } from '../context.js';
import { flagOption } from '../options.js';
import { PROBLEM_FORMATS, type ProblemFormat, formatProblems, markdownSummary } from '../formatters/problems.js';
import { findRepositoryRoot } from '../../store/read/root.js';
import { readRepository } from '../../store/read/read.js';
import { checkSinceBase } from '../../store/git/baseCheck.js';
import { compareProblems, problem } from '../../core/problems.js';
import { CONFIG_FILE, ehcpVersion, repositoryLayout } from '../../store/paths.js';
import { caseFolderInLayout } from '../../core/layout.js';
import { startProgress } from '../progress.js';
import * as pin from '../../store/write/scaffold/pin.js';

export interface ValidateOptions {
  paths: string[];
  staged?: boolean;
  /** Also check that no final record changed since this revision (store/git/baseCheck.ts). */
  base?: string;
  format: ProblemFormat;
}

export const defineValidate: Definer = (command, context) => {
  command
    .argument('[path...]', 'only report problems in these files or folders (the whole repository is still read)')
    .option('--staged', "check what is staged in git's index, not the working tree (the pre-commit hook)")
    .option('--base <rev>', 'also check every commit since REV: fail when a final record was edited, deleted or moved, or a record changed id or case; report changes to settings, schemas, templates, hooks or CI, and commit dates that do not add up')
    .addOption(flagOption('format', { help: 'output format', choices: [...PROBLEM_FORMATS], default: 'text' }))
    .addHelpText(
      'after',
      '\nExamples:\n  ehcp validate\n  ehcp validate cases/C0042\n  ehcp validate --staged\n  ehcp validate --format github --base origin/main',
    )
    .action(async (paths: string[], opts: Omit<ValidateOptions, 'paths'>) => {
      process.exitCode = await runValidate(context(), { ...opts, paths });
    });
};

export async function runValidate(ctx: Context, options: ValidateOptions): Promise<number> {
  const root = findRepositoryRoot(ctx.cwd, ctx.repo);
  const progress = startProgress(ctx, 'Reading the records'); // a terminal only
  const snapshot = await readRepository(root, { staged: options.staged }).finally(() => progress.stop());
  let problems = [...snapshot.problems, ...(await olderThanPinned(root, snapshot.config?.install?.source))];
  if (options.base !== undefined) {
    problems = [...problems, ...(await checkSinceBase(root, { base: options.base, staged: options.staged }))].sort(compareProblems);
  }
  let files = [snapshot.configDocument.file, ...snapshot.documents.map((d) => d.file)];
  if (options.paths.length > 0) {
    // cases/<REF> is understood in a sharded repository too (it names cases/<xx>/<REF>).
    const layout = repositoryLayout(root);
    const wanted = options.paths.map((p) => caseFolderInLayout(toRepoPath(root, ctx.cwd, p), layout));
    const inScope = (f: string) => wanted.some((w) => w === '' || f === w || f.startsWith(w + '/'));
    files = files.filter(inScope);
    problems = problems.filter((p) => inScope(p.file));
  }
  const report = { files, problems };
  emit(ctx, formatProblems(options.format, report, ctx.color));
  if (options.format === 'github' && ctx.env.GITHUB_STEP_SUMMARY) {
    fs.appendFileSync(ctx.env.GITHUB_STEP_SUMMARY, markdownSummary(report));
  }
  return problems.some((p) => p.severity === 'error') ? 1 : 0;
}

/** A warning when the ehcp running is older than the one the repository is checked with (CI's). */
async function olderThanPinned(root: string, source: string | undefined): Promise<import('../../core/problems.js').Problem[]> {
  const running = ehcpVersion();
  const pinned = source
    ? [{ file: CONFIG_FILE, version: pin.versionOfSource(source) }]
    : pin.pinnedTarballs(root).map((t) => ({ file: t.file, version: t.version as string | undefined }));
  return pinned.flatMap(({ file, version }) =>
    version && pin.compareVersions(running, version) < 0
      ? [
          problem(
            file,
            'tool-version',
            `This repository is checked with ehcp ${version} (CI installs it); you are running ${running}, which is older and may judge records differently: install the pinned one with \`${pin.installCommand({ source, version })}\`.`,
            {},
            'warning',
          ),
        ]
      : [],
  );
}

function toRepoPath(root: string, cwd: string, p: string): string {
  const rel = path.relative(root, path.resolve(cwd, p));
  return rel.split(path.sep).join('/').replace(/\/$/, '');
}
