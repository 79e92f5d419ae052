// The records as they were at an earlier commit: what `ehcp report` audits to say what
// changed since a week ago. Exact, and cheap: only the files that differ between that
// commit and HEAD are read from git; every other file is the one already read from disk.

import type { CaseFile, CaseRecord } from '../../core/records.js';
import { validValues } from '../../core/document.js';
import { catFileBatch } from './catFile.js';
import { attemptGit, git } from './git.js';
import type { Snapshot } from '../read/read.js';
import { documentOf } from '../read/documents.js';

export interface PastRecords {
  /** The commit that was HEAD at the end of the day asked for. */
  commit: string;
  cases: Map<string, CaseFile>;
  records: CaseRecord[];
}

/**
 * The valid cases and records as committed at the last commit on or before `day` (committer
 * date, end of day), or undefined when HEAD's history holds no commit that old.
 */
export async function recordsAsCommittedOn(root: string, snapshot: Snapshot, day: string): Promise<PastRecords | undefined> {
  // A bounded log (one commit) through simple-git; a repository without commits has none.
  const rev = await attemptGit(root, ['log'], async (g) => (await g.log({ format: { hash: '%H' }, maxCount: 1, '--before': `${day} 23:59:59` })).latest?.hash ?? '');
  const commit = rev.stdout.trim();
  if (rev.code !== 0 || !/^[0-9a-f]{40,64}$/.test(commit)) return undefined;
  const diff = await git(root, ['diff', '--name-only', '-z', '--no-renames', commit, 'HEAD', '--', 'cases/']);
  const changed = new Set(diff.stdout.split('\0').filter(Boolean));
  // Files on disk not committed yet did not exist then either.
  const uncommitted = new Set(snapshot.problems.filter((p) => p.rule === 'uncommitted').map((p) => p.file));
  const documents = snapshot.documents.filter((d) => !changed.has(d.file) && !uncommitted.has(d.file));
  const names = [...changed].filter((f) => f.endsWith('.yaml'));
  const objects = await catFileBatch(root, names.map((f) => `${commit}:${f}`));
  names.forEach((file, i) => {
    const object = objects[i];
    if (object) documents.push(documentOf(file, object.bytes));
  });
  const cases = new Map<string, CaseFile>();
  for (const caseFile of validValues(documents, 'case')) cases.set(caseFile.ref, caseFile);
  const records: CaseRecord[] = validValues(documents, 'minutes', 'note', 'communication');
  return { commit, cases, records };
}
