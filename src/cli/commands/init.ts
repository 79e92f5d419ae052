// `ehcp init [dir] [--authority NAME] [--ci github|gitlab|azure|none] [--install-source SRC]
// [--upgrade]`: create or adopt a records repository, and set up this clone. Idempotent: a
// second run changes nothing and says so.
//
// What it lays down (docs/audit-trail.md): the settings, schemas, .gitattributes and
// .gitignore, a CI file, and the exact ehcp the repository is checked with
// (tools/ehcp-<version>.tgz, or the install source the settings name); then, in this clone
// only, ehcp's pre-commit hook in .git/hooks. A repository set up by an earlier ehcp (hook
// tracked in .githooks/ and enabled with core.hooksPath) is migrated: the setting is
// removed and the tracked hook deleted in the same commit.

import fs from 'node:fs';
import path from 'node:path';
import { Option } from 'commander';
import type { Definer } from '../definer.js';
import { emit, requireFlags, say, type Context } from '../context.js';
import { readBoundedText } from '../../store/read/readFile.js';
import { git, gitConfigValue, isGitRepository, withGit } from '../../store/git/git.js';
import { configFile, scaffoldFiles, CI_FILES } from '../../store/write/scaffold/files.js';
import { writeFileAtomic } from '../../store/write/write.js';
import { commitFiles, requireIdentity } from '../../store/write/commit.js';
import { CONFIG_FILE, ehcpVersion, repositoryLayout } from '../../store/paths.js';
import { EhcpError, UsageError } from '../../core/errors.js';
import { installHook } from '../../store/write/scaffold/hook.js';
import { parseYaml, MAX_RECORD_BYTES } from '../../core/yaml.js';
import * as pin from '../../store/write/scaffold/pin.js';

export interface InitOptions {
  dir?: string;
  authority?: string;
  ci?: 'github' | 'gitlab' | 'azure' | 'none';
  /** Install ehcp in CI from here (an internal registry's name@version, a git URL) instead of a tracked copy. */
  installSource?: string;
  /** Replace the pinned ehcp with the one running. */
  upgrade?: boolean;
  /** Where case folders live in a new repository (default flat; docs/records.md). */
  layout?: 'flat' | 'sharded';
}

export const defineInit: Definer = (command, context) => {
  command
    .argument('[dir]', 'folder to create or adopt', '.')
    .option('--authority <name>', 'the local authority, shown on reports (new repositories)')
    .addOption(new Option('--ci <kind>', 'CI file to install').choices(['github', 'gitlab', 'azure', 'none']))
    .option('--install-source <spec>', 'where CI installs ehcp from instead of a tracked tools/ehcp-<version>.tgz: an internal registry\'s name@version or a git URL (new repositories)')
    .addOption(new Option('--layout <layout>', 'a new repository\'s case folders: flat (cases/<REF>/, the default) or sharded (cases/<xx>/<REF>/, for thousands of cases)').choices(['flat', 'sharded']))
    .option('--upgrade', 'pin the ehcp you are running: replace tools/ehcp-<version>.tgz and the CI install line, in one commit')
    .addHelpText(
      'after',
      '\nExamples:\n  ehcp init records --authority "Example Council" --ci github\n  ehcp init            # in a fresh clone: install the pre-commit check; or check the set-up\n  ehcp init --upgrade  # after installing a newer ehcp: pin it for CI\n  ehcp init records --authority "Example Council" --layout sharded   # thousands of cases',
    )
    .action(async (dir: string, opts: Omit<InitOptions, 'dir'>) => {
      process.exitCode = await runInit(context(), { ...opts, dir });
    });
};

type Ci = NonNullable<InitOptions['ci']>;

export async function runInit(ctx: Context, options: InitOptions): Promise<number> {
  const root = path.resolve(ctx.cwd, options.dir ?? '.');
  checkInitFlags(root, options);
  const configPath = path.join(root, CONFIG_FILE);
  const existing = fs.existsSync(configPath) ? await readExistingConfig(configPath) : undefined;
  const authority = await authorityFor(ctx, root, options, existing);
  // Check the officer's identity before creating anything (global config answers for a
  // folder that is not a repository yet).
  await requireIdentity(fs.existsSync(root) ? root : ctx.cwd);
  const notes: string[] = [];
  const pinned = await planPin(root, options, existing, notes);

  fs.mkdirSync(root, { recursive: true });
  const created = await ensureOwnRepository(root);
  const written = writeScaffold(root, options, { existing, authority, install: pinned.install, tarball: pinned.tarball });
  updateInstallLines(root, options, pinned.install, written, notes);
  const { migrated, hook } = await setUpHook(root, pinned.removed, notes);

  const changed = [...written, ...pinned.removed];
  if (changed.length > 0) {
    const subject = options.upgrade && existing ? `ehcp init: pin ehcp ${pinned.source ? 'from the configured source' : pinned.running}` : migrated && existing ? 'ehcp init: records repository set up (hook moved into each clone)' : 'ehcp init: records repository set up';
    await commitFiles(root, { files: changed, subject, trailers: { action: 'init' } });
    say(ctx, `${created ? 'Created' : 'Set up'} the records repository (${changed.length} file${changed.length === 1 ? '' : 's'} committed).`);
  } else if (hook === 'installed' || migrated) {
    say(ctx, 'The records repository was already set up; installed the pre-commit check for this clone.');
  } else {
    say(ctx, 'The records repository is already set up; nothing changed.');
  }
  for (const note of notes) say(ctx, note);
  emit(ctx, root);
  return 0;
}

type ExistingConfig = Awaited<ReturnType<typeof readExistingConfig>>;

function checkInitFlags(root: string, options: InitOptions): void {
  if (fs.existsSync(root) && !fs.statSync(root).isDirectory()) {
    throw new EhcpError(`${root} exists and is not a folder.`, 'Give a folder path to `ehcp init`.');
  }
  if (options.installSource !== undefined && !pin.INSTALL_SOURCE.test(options.installSource)) {
    throw new UsageError(
      '--install-source must be a package spec npm can install: letters, digits and @ . _ / : + # ~ = - only, at most 300 characters.',
      'e.g. `--install-source @council/ehcp@0.1.0` (an internal registry) or `--install-source git+https://git.example.gov.uk/tools/ehcp.git#v0.1.0`.',
    );
  }
}

/** The authority of a new repository (asked in a terminal); an existing one's settings (authority, layout, install source) are not changed here. */
async function authorityFor(ctx: Context, root: string, options: InitOptions, existing: ExistingConfig | undefined): Promise<string | undefined> {
  const authority = options.authority;
  if (existing) {
    // Settings of an existing repository change by editing ehcp.config.yaml (a commit the
    // CI names as a governance change), never silently here.
    if (authority !== undefined && authority.trim() !== existing.authority) {
      throw new UsageError(
        `This repository is already set up for ${JSON.stringify(existing.authority)}; --authority does not change it.`,
        `To rename the authority, edit \`authority:\` in ${CONFIG_FILE} and commit it; run \`ehcp init\` without --authority to check the set-up.`,
      );
    }
    if (options.installSource !== undefined && options.installSource !== existing.installSource) {
      throw new UsageError(
        `--install-source applies to a new repository; this one ${existing.installSource ? `installs ehcp from ${existing.installSource}` : 'pins a tracked tools/ehcp-<version>.tgz'}.`,
        `Set \`install: {source: ...}\` in ${CONFIG_FILE} (or remove it to pin a tracked copy), commit it, then run \`ehcp init --upgrade\`.`,
      );
    }
    const layout = options.layout === undefined ? undefined : repositoryLayout(root);
    if (layout !== undefined && options.layout !== layout) {
      throw new UsageError(
        `This repository uses the ${layout} layout; --layout applies to a new repository.`,
        `Move its case folders with \`ehcp migrate --layout ${options.layout}\` (one commit).`,
      );
    }
    return authority;
  }
  if (authority) return authority;
  if (ctx.interactive) {
    // Lazily: inquirer is loaded only when init really asks.
    const { input } = await import('@inquirer/prompts');
    return input({ message: 'Local authority name', validate: (v) => v.trim().length > 0 || 'Enter the authority name' });
  }
  requireFlags(ctx, 'init', { '--authority NAME': true });
  return authority;
}

/**
 * The pinned ehcp: a configured source, else the tracked tarball (kept as it is unless
 * --upgrade; a repository without one gets the running ehcp's). Packed before anything is
 * created, so a failure (no npm) leaves nothing behind.
 */
async function planPin(root: string, options: InitOptions, existing: ExistingConfig | undefined, notes: string[]) {
  const source = existing ? existing.installSource : options.installSource;
  const running = ehcpVersion();
  const tarballs = pin.pinnedTarballs(root);
  let pinnedVersion = running;
  let tarball: { path: string; bytes: Buffer } | undefined;
  const removed: string[] = [];
  if (source) {
    if (options.upgrade) removed.push(...tarballs.map((t) => t.file)); // CI installs from the source now
  } else if (tarballs.length === 0 || options.upgrade) {
    const newest = tarballs.map((t) => t.version).sort(pin.compareVersions).pop();
    if (options.upgrade && newest && pin.compareVersions(newest, running) > 0) {
      throw new EhcpError(
        `This repository is pinned to ehcp ${newest}, newer than the ehcp running (${running}); --upgrade does not go back.`,
        `Install the pinned version (npm install --global ./${pin.tarballPath(newest)}) and run the command again.`,
      );
    }
    const bytes = await pin.packRunningEhcp();
    const file = pin.tarballPath(running);
    const abs = path.join(root, file);
    if (!fs.existsSync(abs) || !fs.readFileSync(abs).equals(bytes)) tarball = { path: file, bytes };
    removed.push(...tarballs.filter((t) => t.file !== file).map((t) => t.file));
  } else {
    pinnedVersion = tarballs.map((t) => t.version).sort(pin.compareVersions).pop()!;
    if (pin.compareVersions(running, pinnedVersion) > 0) {
      notes.push(`This repository is pinned to ehcp ${pinnedVersion}; you are running ${running}. \`ehcp init --upgrade\` pins the one you are running.`);
    } else if (pin.compareVersions(running, pinnedVersion) < 0) {
      notes.push(`This repository is checked with ehcp ${pinnedVersion}, newer than the one you are running (${running}): install it with \`${pin.installCommand({ version: pinnedVersion })}\`.`);
    }
  }
  return { source, running, tarball, removed, install: pin.installCommand({ source, version: pinnedVersion }) };
}

/** A git repository of its own at `root` (made when there is none); true when it was made now. */
async function ensureOwnRepository(root: string): Promise<boolean> {
  if (!(await isGitRepository(root))) {
    await withGit(root, ['init'], (g) => g.init(['--quiet', '--initial-branch=main']));
    return true;
  }
  const top = (await withGit(root, ['rev-parse'], (g) => g.revparse(['--show-toplevel']))).trim();
  if (fs.realpathSync(top) !== fs.realpathSync(root)) {
    throw new EhcpError(`${root} is inside another git repository (${top}).`, 'Initialise the records repository at the top of its own git repository, or in a new folder.');
  }
  return false;
}

/** The scaffold's files (and the pinned tarball) that are missing or ehcp's own and out of date; returns what was written. */
function writeScaffold(
  root: string,
  options: InitOptions,
  what: { existing?: ExistingConfig; authority?: string; install: string; tarball?: { path: string; bytes: Buffer } },
): string[] {
  const ci = options.ci ?? detectCi(root, CI_FILES);
  const files = scaffoldFiles(ci, what.install);
  if (!what.existing) files.unshift(configFile(what.authority!.trim(), options.installSource, options.layout ?? 'flat'));
  const written: string[] = [];
  for (const file of files) {
    const abs = path.join(root, file.path);
    const exists = fs.existsSync(abs);
    if (exists && (file.userOwned || sameContent(abs, file.content))) continue;
    writeFileAtomic(abs, file.content, { mode: file.mode });
    written.push(file.path);
  }
  if (what.tarball) {
    writeFileAtomic(path.join(root, what.tarball.path), what.tarball.bytes);
    written.push(what.tarball.path);
  }
  return written;
}

/**
 * The CI files and the records README are the officer's, but their install line is
 * ehcp's: --upgrade rewrites it, and any run replaces the line earlier versions wrote
 * (`npm install --global ehcp`: a package name the authority does not own).
 */
function updateInstallLines(root: string, options: InitOptions, install: string, written: string[], notes: string[]): void {
  const LEGACY_INSTALL = /npm install --global ehcp$/gm;
  for (const file of [...Object.values(CI_FILES), 'README.md']) {
    const abs = path.join(root, file);
    if (!fs.existsSync(abs) || written.includes(file)) continue;
    const text = fs.readFileSync(abs, 'utf8');
    const next = text.replace(options.upgrade ? /npm install --global \S+/g : LEGACY_INSTALL, install);
    if (next !== text) {
      writeFileAtomic(abs, next);
      written.push(file);
    } else if (options.upgrade && Object.values(CI_FILES).includes(file) && !text.includes(install)) {
      notes.push(`${file} has no \`npm install --global ...\` line to update: make it install ehcp with \`${install}\`.`);
    }
  }
}

/** This clone's hook, and the migration away from a tracked, shared one; removes the files `removed` lists. */
async function setUpHook(root: string, removed: string[], notes: string[]): Promise<{ migrated: boolean; hook: Awaited<ReturnType<typeof installHook>> }> {
  const hooksPath = await gitConfigValue(root, 'core.hooksPath');
  let migrated = false;
  if (hooksPath === '.githooks') {
    await git(root, ['config', '--unset-all', 'core.hooksPath']);
    migrated = true;
    const tracked = path.join(root, '.githooks', 'pre-commit');
    if (fs.existsSync(tracked) && /Installed by `ehcp init`/.test(fs.readFileSync(tracked, 'utf8'))) {
      fs.rmSync(tracked);
      if ((await git(root, ['ls-files', '--', '.githooks/pre-commit'])).stdout.trim()) removed.push('.githooks/pre-commit');
      if (fs.readdirSync(path.join(root, '.githooks')).length === 0) fs.rmdirSync(path.join(root, '.githooks'));
    }
  } else if (hooksPath) {
    notes.push(
      `git runs this clone's hooks from ${hooksPath} (core.hooksPath), so ehcp's pre-commit check is not run; add \`ehcp validate --staged --base HEAD --no-input\` to ${hooksPath}/pre-commit, or unset core.hooksPath and run \`ehcp init\` again.`,
    );
  }
  for (const file of removed) if (fs.existsSync(path.join(root, file))) fs.rmSync(path.join(root, file));
  const hook = await installHook(root);
  if (hook === 'foreign') {
    notes.push('This clone already has its own pre-commit hook, left as it is: add `ehcp validate --staged --base HEAD --no-input` to .git/hooks/pre-commit to check records before each commit.');
  }
  return { migrated, hook };
}

async function readExistingConfig(file: string): Promise<{ authority: string; installSource?: string }> {
  const stat = fs.lstatSync(file);
  if (!stat.isFile() || stat.size > MAX_RECORD_BYTES) {
    throw new EhcpError(`${path.basename(file)} is not a regular file of at most 1 MiB, so init cannot read the settings.`, 'Replace it with the settings file itself (not a link or a device), then run `ehcp init` again.');
  }
  const parsed = parseYaml(path.basename(file), fs.readFileSync(file, 'utf8'));
  const value = parsed.ok && parsed.value && typeof parsed.value === 'object' ? (parsed.value as Record<string, unknown>) : undefined;
  if (!value) {
    throw new EhcpError(`${path.basename(file)} is not a readable settings file, so init cannot check the set-up.`, 'Run `ehcp validate` to see what is wrong with it, fix it, and run `ehcp init` again.');
  }
  const install = value.install as { source?: unknown } | undefined;
  return {
    authority: typeof value.authority === 'string' ? value.authority : '',
    installSource: typeof install?.source === 'string' ? install.source : undefined,
  };
}

function detectCi(root: string, files: Record<'github' | 'gitlab' | 'azure', string>): Ci {
  for (const [kind, file] of Object.entries(files)) if (fs.existsSync(path.join(root, file))) return kind as Ci;
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
