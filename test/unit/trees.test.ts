// The trees of a record commit (src/store/write/trees.ts), checked against git's own way of
// building them: a temporary index with the parent read in, the files added, `write-tree`.
// Real git, in both object formats, with names that sort differently as trees and as files.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { treeWithEntries, type ObjectFormat } from '../../src/store/write/trees.js';
import { gitSync, tempDir } from '../helpers/cli.js';

/** A repository whose one commit holds folders and files named to test git's entry order. */
function repository(format: ObjectFormat): { root: string; parent: string } {
  const root = tempDir('ehcp-trees-');
  gitSync(root, ['init', '-q', `--object-format=${format}`, '-b', 'main']);
  const files = [
    'ehcp.config.yaml',
    'cases/ab/C0001/case.yaml',
    'cases/ab/C0001/2024-01-02-note-aaaaaa.yaml',
    'cases/ab/C0001.yaml', // a file beside the folder of the same stem: "C0001.yaml" < "C0001/" in git's order
    'cases/ab/C0001-x/case.yaml', // "C0001-x/" < "C0001.yaml" < "C0001/"
    'cases/cd/C0002/case.yaml',
    'cases.txt',
    'cases-old/readme.txt',
  ];
  for (const f of files) {
    fs.mkdirSync(path.join(root, path.dirname(f)), { recursive: true });
    fs.writeFileSync(path.join(root, f), `${f}\n`);
  }
  gitSync(root, ['add', '-A']);
  gitSync(root, ['commit', '-q', '-m', 'synthetic']);
  return { root, parent: gitSync(root, ['rev-parse', 'HEAD']).trim() };
}

/** The root tree git builds for `parent` with these files added (a temporary index). */
function gitsOwnTree(root: string, parent: string, files: [name: string, id: string][]): string {
  const env = { GIT_INDEX_FILE: path.join(tempDir(), 'index') };
  gitSync(root, ['read-tree', parent], env);
  for (const [name, id] of files) gitSync(root, ['update-index', '--add', '--cacheinfo', `100644,${id},${name}`], env);
  return gitSync(root, ['write-tree'], env).trim();
}

function blob(root: string, text: string): string {
  const file = path.join(tempDir(), 'blob');
  fs.writeFileSync(file, text);
  return gitSync(root, ['hash-object', '-w', file]).trim();
}

describe('the trees of a record commit', () => {
  for (const format of ['sha1', 'sha256'] as const) {
    it(`are the trees git builds itself (${format}): a file added to a case folder, one replaced, a new folder`, async () => {
      const { root, parent } = repository(format);
      const added = blob(root, 'schema: note/v1\n');
      const replaced = blob(root, 'schema: case/v1\n');
      const tree = await treeWithEntries(root, format, parent, 'cases/ab/C0001', [
        ['100644', added, '2024-03-05-note-bbbbbb.yaml'],
        ['100644', replaced, 'case.yaml'],
      ]);
      expect(tree).toBe(gitsOwnTree(root, parent, [['cases/ab/C0001/2024-03-05-note-bbbbbb.yaml', added], ['cases/ab/C0001/case.yaml', replaced]]));
      // A case folder (and its shard) the parent does not have yet.
      const fresh = await treeWithEntries(root, format, parent, 'cases/ef/C0003', [['100644', added, 'case.yaml']]);
      expect(fresh).toBe(gitsOwnTree(root, parent, [['cases/ef/C0003/case.yaml', added]]));
      // Flat layout: two levels.
      const flat = await treeWithEntries(root, format, parent, 'cases/C0004', [['100644', added, 'case.yaml']]);
      expect(flat).toBe(gitsOwnTree(root, parent, [['cases/C0004/case.yaml', added]]));
      expect(gitSync(root, ['cat-file', '-t', flat]).trim()).toBe('tree');
      gitSync(root, ['fsck', '--no-dangling']);
    });
  }
});
