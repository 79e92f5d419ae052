// `ehcp migrate --layout flat|sharded`: move every case folder to where the other layout
// puts it (core/layout.ts), and set `layout:` in ehcp.config.yaml, in ONE commit carrying
// `Ehcp-Action: migrate` (docs/audit-trail.md).
//
// Interrupt-safe: the new tree is built in a temporary index (git's objects only, nothing
// anyone sees), committed with commit-tree, and HEAD moves with one compare-and-swap
// update-ref. Until then nothing has changed; an interruption leaves only unreachable
// objects. Only after it does the working tree follow (`git read-tree -m -u`, what a
// checkout does); if that step fails, the error says how to bring the files up to date.
//
// Every file is moved unchanged (same blob), so `git log -M` shows each as an exact rename,
// which git detects whatever diff.renameLimit says; history matches records by case and
// file name across the move (store/git/history.ts isLayoutMigration, core/finalChanges.ts).

import fs from 'node:fs';
import path from 'node:path';
import { isScalar, isMap, parseDocument } from 'yaml';
import { EhcpError } from '../../core/errors.js';
import { caseDirIn, layoutOf, SHARD_NAME, type Layout } from '../../core/layout.js';
import { sameValue } from '../../core/finalChanges.js';
import { git, resolveCommit } from '../git/git.js';
import { gitWithInput } from '../git/gitPlumbing.js';
import { CASE_REF, CASES_DIR, CONFIG_FILE, repositoryLayout } from '../paths.js';
import { requireIdentity } from './commit.js';

export interface MigrateOutcome {
  from: Layout;
  to: Layout;
  /** Case folders moved, and files in them. */
  folders: number;
  files: number;
  /** The migration's commit; undefined when the repository already had the layout. */
  commit?: string;
}

/** Move the repository to `to` in one commit; nothing changes when it already has that layout. */
export async function migrateLayout(root: string, to: Layout): Promise<MigrateOutcome> {
  const from = repositoryLayout(root);
  const head = await resolveCommit(root, 'HEAD^{commit}');
  if (!head) throw new EhcpError('This repository has no commit yet, so there is nothing to migrate.', 'Run `ehcp init` first; a new repository takes its layout from `ehcp init --layout`.');
  await refuseUncommitted(root);
  if (from === to) return { from, to, folders: 0, files: 0 };
  // The index's stat data brought up to date (ehcp's own `git status` runs never write it),
  // so that the checkout step after the commit sees every file as unchanged.
  await git(root, ['update-index', '-q', '--refresh'], { allowFailure: true });
  await requireIdentity(root);

  const configText = (await git(root, ['cat-file', 'blob', `${head}:${CONFIG_FILE}`], { allowFailure: true })).stdout;
  if (!configText) throw new EhcpError(`${CONFIG_FILE} is not committed, so the repository's layout cannot be changed.`, 'Run `ehcp init` and commit, then migrate.');
  const newConfig = configWithLayout(configText, to);

  // Every file under cases/ in HEAD, and where it goes.
  const listed = (await git(root, ['ls-tree', '-r', '-z', '--full-tree', head, '--', CASES_DIR])).stdout;
  const moves: { mode: string; oid: string; from: string; to: string }[] = [];
  const strays: string[] = [];
  const folders = new Set<string>();
  // Where every file ends up, those that stay where they are included: a case folder in
  // both places would otherwise have one copy of a record written over the other.
  const targets = new Set<string>();
  const collisions: string[] = [];
  for (const line of listed.split('\0')) {
    if (!line) continue;
    const tab = line.indexOf('\t');
    const [mode, type, oid] = line.slice(0, tab).split(' ');
    const file = line.slice(tab + 1);
    const target = type === 'blob' ? movedPath(file, from, to) : undefined;
    if (!target) {
      strays.push(file);
      continue;
    }
    folders.add(target.slice(0, target.lastIndexOf('/')));
    if (targets.has(target)) collisions.push(target);
    targets.add(target);
    if (target !== file) moves.push({ mode, oid, from: file, to: target });
  }
  if (strays.length > 0) {
    const shown = strays.slice(0, 10).map((f) => `\n  ${f}`).join('') + (strays.length > 10 ? `\n  ... and ${strays.length - 10} more` : '');
    throw new EhcpError(
      `Nothing was changed: ${strays.length} file${strays.length === 1 ? ' is' : 's are'} under cases/ but not in a case folder, so ${strays.length === 1 ? 'it' : 'they'} cannot be moved with the records:${shown}`,
      'Move or remove them (`ehcp validate` explains each), commit, and run `ehcp migrate` again.',
    );
  }
  if (collisions.length > 0) {
    throw new EhcpError(
      `Nothing was changed: two files would end up at ${collisions[0]}${collisions.length > 1 ? ` (and ${collisions.length - 1} more places)` : ''}: the same case folder is in both layouts.`,
      'Run `ehcp validate`, put each case folder in one place, commit, and migrate again.',
    );
  }

  const message = `ehcp migrate: case folders to the ${to} layout (${folders.size} case folder${folders.size === 1 ? '' : 's'})\n\nEhcp-Action: migrate\n`;
  const [format, gitDir] = (await git(root, ['rev-parse', '--show-object-format', '--absolute-git-dir'])).stdout.trim().split('\n');
  // update-index takes a removal as mode 0 with an all-zero id of the repository's hash length.
  const zeroId = '0'.repeat(format === 'sha256' ? 64 : 40);
  const tempIndex = path.join(gitDir, `ehcp-migrate-${process.pid}.index`);
  const env = { GIT_INDEX_FILE: tempIndex };
  let commit: string;
  try {
    await git(root, ['read-tree', head], { env });
    const blob = (await gitWithInput(root, ['hash-object', '-w', '--stdin'], { input: newConfig })).stdout.trim();
    const entries: string[] = [`100644 ${blob}\t${CONFIG_FILE}`];
    for (const m of moves) entries.push(`0 ${zeroId}\t${m.from}`, `${m.mode} ${m.oid}\t${m.to}`);
    await gitWithInput(root, ['update-index', '-z', '--index-info'], { input: entries.join('\0') + '\0', env });
    const tree = (await git(root, ['write-tree'], { env })).stdout.trim();
    commit = (await git(root, ['commit-tree', tree, '-p', head, '-m', message])).stdout.trim();
    const moved = await git(root, ['update-ref', '-m', 'ehcp migrate', 'HEAD', commit, head], { allowFailure: true });
    if (moved.code !== 0) {
      throw new EhcpError('Nothing was changed: a commit arrived while the migration was being prepared.', 'Run `ehcp migrate` again.');
    }
  } finally {
    fs.rmSync(tempIndex, { force: true });
  }

  // The commit has landed: now the index and the files follow, as a checkout would.
  const updated = await git(root, ['read-tree', '-m', '-u', head, commit], { allowFailure: true });
  if (updated.code !== 0) {
    throw new EhcpError(
      `The migration was committed (${commit.slice(0, 7)}), but the files could not all be moved: ${updated.stderr.trim().split('\n')[0] ?? ''}`,
      'Nothing is lost (every record is in the commit). Bring the files up to date with: git reset -q && git checkout -- cases ehcp.config.yaml && git clean -fdq -- cases',
    );
  }
  return { from, to, folders: folders.size, files: moves.length, commit };
}

/** Where `file` goes in `to`: its case folder's new place (undefined: not a file of a case folder in `from`). */
function movedPath(file: string, from: Layout, to: Layout): string | undefined {
  const parts = file.split('/');
  if (parts[0] !== CASES_DIR) return undefined;
  let ref: string;
  let rest: string[];
  if (from === 'sharded' && parts.length === 4 && SHARD_NAME.test(parts[1]) && CASE_REF.test(parts[2])) {
    ref = parts[2];
    rest = parts.slice(3);
  } else if (parts.length === 3 && CASE_REF.test(parts[1])) {
    // A flat repository's case folder (or, in a sharded one, a folder left in the flat place).
    ref = parts[1];
    rest = parts.slice(2);
  } else {
    return undefined;
  }
  return `${caseDirIn(ref, to)}/${rest.join('/')}`;
}

/** Files under cases/ or the config that are not committed stop the migration: nothing is changed. */
async function refuseUncommitted(root: string): Promise<void> {
  const r = await git(root, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', CASES_DIR, CONFIG_FILE]);
  const files = r.stdout.split('\0').filter((row) => row.length > 3 && row[2] === ' ').map((row) => row.slice(3));
  if (files.length === 0) return;
  const shown = files.slice(0, 10).map((f) => `\n  ${f}`).join('') + (files.length > 10 ? `\n  ... and ${files.length - 10} more (see \`git status\`)` : '');
  throw new EhcpError(
    `Nothing was changed: ${files.length} file${files.length === 1 ? ' is' : 's are'} under cases/ or ${CONFIG_FILE} and not committed:${shown}`,
    'Commit them (or remove them) first, then run `ehcp migrate` again: the migration moves only committed files, in one commit.',
  );
}

/**
 * The config's text with `layout:` set for `to` (flat: the key removed, as in every
 * repository made before layouts). The line is edited as text, so comments and
 * formatting stay as the officer left them; the result must parse to the same settings.
 */
export function configWithLayout(text: string, to: Layout): string {
  let out: string;
  if (/^layout\s*:.*$/m.test(text)) {
    out = to === 'flat' ? text.replace(/^layout\s*:.*\r?\n?/m, '') : text.replace(/^layout\s*:.*$/m, `layout: ${to}`);
  } else if (to === 'flat') {
    out = text;
  } else if (/^authority\s*:.*$/m.test(text) && /^authority\s*:[^\n]*\n(?![ \t])/m.test(text)) {
    out = text.replace(/^(authority\s*:[^\n]*\n)/m, `$1layout: ${to}\n`);
  } else {
    out = text.replace(/\n*$/, `\nlayout: ${to}\n`);
  }
  // The edit must change the layout and nothing else.
  const before = parseDocument(text).toJS() as Record<string, unknown> | null;
  const after = parseDocument(out);
  const value = after.toJS() as Record<string, unknown> | null;
  const rest = (v: Record<string, unknown> | null) => Object.fromEntries(Object.entries(v ?? {}).filter(([k]) => k !== 'layout'));
  if (after.errors.length > 0 || !isMap(after.contents) || layoutOf(value) !== to || !sameValue(rest(before), rest(value)) || (to === 'flat' && after.contents.items.some((p) => isScalar(p.key) && p.key.value === 'layout'))) {
    throw new EhcpError(`Nothing was changed: ${CONFIG_FILE} could not be given \`layout: ${to}\` by editing one line.`, `Run \`ehcp validate\` and correct ${CONFIG_FILE} (one setting a line), commit, and migrate again.`);
  }
  return out;
}
