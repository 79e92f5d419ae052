// The trees of a record commit: the case folder's tree with the written files put in, and
// each tree above it (the shard, cases/, the root) with the new one put in, built from the
// parent commit's trees without touching the index (see commitInCaseFolder in commit.ts).
//
// Two git processes, however deep the folder: `cat-file --batch` reads the parent's trees
// along the path, and `mktree --batch` writes the new ones. A tree above must name the new
// tree below it, so the id of each new tree is computed here (the object format's hash of
// its canonical bytes), and git's own answer for every tree must be the same id, or nothing
// is committed. (It was a `ls-tree` and a `mktree` per level: six or eight processes.)

import { createHash } from 'node:crypto';
import { GitError } from '../git/git.js';
import { catFileBatch } from '../git/catFile.js';
import { gitWithInput } from '../git/gitPlumbing.js';

/** What the object format of a repository is: `git rev-parse --show-object-format`. */
export type ObjectFormat = 'sha1' | 'sha256';

interface Entry {
  /** As git stores it: 100644, 100755, 120000, 160000, or 40000 for a tree. */
  mode: string;
  id: string;
}

/**
 * Write the trees for `parent` with `entries` ([mode, type, id, name]) put into the folder
 * `dir` (e.g. cases/C0042 or cases/ab/C0042); returns the new root tree's id.
 */
export async function treeWithEntries(root: string, format: ObjectFormat, parent: string, dir: string, entries: [mode: string, id: string, name: string][]): Promise<string> {
  const segments = dir.split('/');
  // Deepest first: the folder itself, each folder above it, then the root.
  const paths = segments.map((_, i) => segments.slice(0, segments.length - i).join('/'));
  const old = await readTrees(root, format, [...paths.map((p) => `${parent}:${p}`), `${parent}^{tree}`]);
  const trees: Map<string, Entry>[] = [];
  const expected: string[] = [];
  for (let level = 0; level <= paths.length; level++) {
    const tree = old[level] ?? new Map<string, Entry>();
    if (level === 0) for (const [mode, id, name] of entries) tree.set(name, { mode, id });
    else tree.set(segments[segments.length - level], { mode: '40000', id: expected[level - 1] });
    trees.push(tree);
    expected.push(treeId(format, tree));
  }
  // mktree's input: "<mode> <type> <id>\t<name>" per entry, NUL-terminated (-z), a tree ended by an empty entry.
  const input = trees.map((t) => [...t].map(([name, e]) => `${e.mode} ${e.mode === '40000' ? 'tree' : e.mode === '160000' ? 'commit' : 'blob'} ${e.id}\t${name}\0`).join('') + '\0').join('');
  const written = (await gitWithInput(root, ['mktree', '-z', '--batch'], { input })).stdout.trim().split('\n');
  if (written.length !== expected.length || written.some((id, i) => id !== expected[i])) {
    throw new GitError(['mktree'], `fatal: the trees git wrote (${written.join(', ')}) are not the ones ehcp computed (${expected.join(', ')})`, 1);
  }
  return expected[expected.length - 1];
}

/** The entries of each tree named (a missing path, or one that is no tree, gives undefined), from one `cat-file --batch`. */
async function readTrees(root: string, format: ObjectFormat, names: string[]): Promise<(Map<string, Entry> | undefined)[]> {
  // Whole trees, however large: a flat cases/ tree passes 1 MiB at about 30,000 case folders.
  const objects = await catFileBatch(root, names, { maxBytes: Infinity });
  const idBytes = format === 'sha256' ? 32 : 20;
  return objects.map((o) => (o?.type === 'tree' ? parseTree(o.bytes, idBytes) : undefined));
}

/** A tree object's entries: "<mode> <name>\0<raw id>" one after another. */
function parseTree(content: Buffer, idBytes: number): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  let at = 0;
  while (at < content.length) {
    const space = content.indexOf(0x20, at);
    const nul = content.indexOf(0, space);
    entries.set(content.subarray(space + 1, nul).toString('utf8'), { mode: content.subarray(at, space).toString('latin1'), id: content.subarray(nul + 1, nul + 1 + idBytes).toString('hex') });
    at = nul + 1 + idBytes;
  }
  return entries;
}

/** The id git gives a tree of these entries: the object format's hash of "tree <size>\0" and the entries in git's order. */
function treeId(format: ObjectFormat, tree: Map<string, Entry>): string {
  const sorted = [...tree].map(([name, e]) => ({ name: Buffer.from(name, 'utf8'), e })).sort((a, b) => compareEntryNames(a.name, a.e.mode === '40000', b.name, b.e.mode === '40000'));
  const body = Buffer.concat(sorted.flatMap(({ name, e }) => [Buffer.from(`${e.mode} `, 'latin1'), name, Buffer.from([0]), Buffer.from(e.id, 'hex')]));
  return createHash(format).update(`tree ${body.length}\0`, 'latin1').update(body).digest('hex');
}

/** git's order of tree entries: by bytes, a tree's name compared as if it ended in "/". */
function compareEntryNames(a: Buffer, aTree: boolean, b: Buffer, bTree: boolean): number {
  const common = Math.min(a.length, b.length);
  const c = Buffer.compare(a.subarray(0, common), b.subarray(0, common));
  if (c !== 0) return c;
  const next = (name: Buffer, tree: boolean) => (name.length > common ? name[common] : tree ? 0x2f : 0);
  return next(a, aTree) - next(b, bTree);
}
