// `ehcp init [dir] [--authority NAME] [--ci github|gitlab|none]`: create or adopt a records
// repository. Idempotent: a second run changes nothing and says so.

import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import type { Definer } from '../program.js';
import { emit, requireFlags, say, type Context } from '../context.js';
import { readBoundedText } from '../../store/readFile.js';

export interface InitOptions {
  dir?: string;
  authority?: string;
  ci?: 'github' | 'gitlab' | 'none';
}

export const defineInit: Definer = (program: Command, context) => {
  program
    .command('init')
    .description('create (or adopt) a records repository; running it again changes nothing')
    .argument('[dir]', 'folder to create or adopt', '.')
    .option('--authority <name>', 'the local authority, shown on reports')
    .addOption(new Option('--ci <kind>', 'CI workflow to install').choices(['github', 'gitlab', 'none']))
    .addHelpText('after', '\nExamples:\n  ehcp init records --authority "Example Council" --ci github\n  ehcp init            # adopt the current folder, or check it')
    .action(async (dir: string, opts: Omit<InitOptions, 'dir'>) => {
      process.exitCode = await runInit(context(), { ...opts, dir });
    });
};

export async function runInit(ctx: Context, options: InitOptions): Promise<number> {
  const { git, isGitRepository } = await import('../../store/git.js');
  const { configFile, scaffoldFiles } = await import('../../store/scaffold/files.js');
  const { writeFileAtomic } = await import('../../store/write.js');
  const { commitFiles, requireIdentity } = await import('../../store/commit.js');
  const { CONFIG_FILE } = await import('../../store/paths.js');
  const { EhcpError } = await import('../../core/errors.js');

  const root = path.resolve(ctx.cwd, options.dir ?? '.');
  if (fs.existsSync(root) && !fs.statSync(root).isDirectory()) {
    throw new EhcpError(`${root} exists and is not a folder.`, 'Give a folder path to `ehcp init`.');
  }
  const hasConfig = fs.existsSync(path.join(root, CONFIG_FILE));
  let authority = options.authority;
  if (!hasConfig && !authority) {
    if (ctx.interactive) {
      const { input } = await import('@inquirer/prompts');
      authority = await input({ message: 'Local authority name', validate: (v) => v.trim().length > 0 || 'Enter the authority name' });
    } else {
      requireFlags(ctx, 'init', { '--authority NAME': true });
    }
  }
  // Check the officer's identity before creating anything (global config answers for a
  // folder that is not a repository yet).
  await requireIdentity(fs.existsSync(root) ? root : ctx.cwd);
  fs.mkdirSync(root, { recursive: true });
  let created = false;
  if (!(await isGitRepository(root))) {
    await git(root, ['init', '--quiet', '--initial-branch=main']);
    created = true;
  } else {
    const top = (await git(root, ['rev-parse', '--show-toplevel'])).stdout.trim();
    if (fs.realpathSync(top) !== fs.realpathSync(root)) {
      throw new EhcpError(`${root} is inside another git repository (${top}).`, 'Initialise the records repository at the top of its own git repository, or in a new folder.');
    }
  }

  // The hook falls back to the binary that ran init when `ehcp` is not on PATH.
  const ehcpBin = path.resolve(process.argv[1] ?? 'ehcp');
  const files = scaffoldFiles(options.ci ?? detectCi(root), ehcpBin);
  if (!hasConfig) files.unshift(configFile(authority!.trim()));
  const written: string[] = [];
  for (const file of files) {
    const abs = path.join(root, file.path);
    const exists = fs.existsSync(abs);
    if (exists && (file.userOwned || sameContent(abs, file.content))) continue;
    writeFileAtomic(abs, file.content, { mode: file.mode });
    if (file.mode) fs.chmodSync(abs, file.mode);
    written.push(file.path);
  }
  const hooksPath = (await git(root, ['config', '--get', 'core.hooksPath'], { allowFailure: true })).stdout.trim();
  const hookChanged = hooksPath !== '.githooks';
  if (hookChanged) await git(root, ['config', 'core.hooksPath', '.githooks']);

  if (written.length > 0) {
    await commitFiles(root, { files: written, subject: 'ehcp init: records repository set up', trailers: { action: 'init' } });
    say(ctx, `${created ? 'Created' : 'Set up'} the records repository in ${root} (${written.length} file${written.length === 1 ? '' : 's'} committed).`);
  } else if (hookChanged) {
    say(ctx, `The records repository in ${root} was already set up; enabled the pre-commit check for this clone.`);
  } else {
    say(ctx, `The records repository in ${root} is already set up; nothing changed.`);
  }
  emit(ctx, root);
  return 0;
}

function detectCi(root: string): 'github' | 'gitlab' | 'none' {
  if (fs.existsSync(path.join(root, '.github/workflows/ehcp.yml'))) return 'github';
  if (fs.existsSync(path.join(root, '.gitlab-ci.yml'))) return 'gitlab';
  return 'none';
}

/** Whether a file already holds `content` (read bounded: a FIFO or device there is "different" and replaced). */
function sameContent(abs: string, content: string): boolean {
  try {
    return readBoundedText(abs, { maxBytes: Buffer.byteLength(content) + 1, label: abs, noLinks: true }) === content;
  } catch {
    return false;
  }
}
