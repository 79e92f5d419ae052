// The records as committed on an earlier day (`ehcp report`'s "what changed since"): files
// changed since then are read from that commit through the read path's one loader, so a
// case.yaml edited since is read as the case it was then (it was once dropped: the old
// version was checked as if it had to be a record).

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitSync, initRepo } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inProcess.js';
import { readRepository } from '../../src/store/read/read.js';
import { recordsAsCommittedOn } from '../../src/store/git/past.js';

const dated = (day: string) => ({ GIT_AUTHOR_DATE: `${day}T12:00:00+00:00`, GIT_COMMITTER_DATE: `${day}T12:00:00+00:00` });

describe('recordsAsCommittedOn', () => {
  it('gives a case and a record changed since that day as they were then', async () => {
    const root = await initRepo();
    const run = async (args: string[], day: string) => {
      const r = await runInProcess(args, { cwd: root, env: dated(day) });
      expect(r.code, r.stderr).toBe(0);
      return r;
    };
    await run(['case', 'new', '--ref', 'T0001', '--officer', 'Officer Amber Test', '--opened', '2024-01-02', '--no-input'], '2024-01-02');
    const note = await run(['note', 'new', '--case', 'T0001', '--date', '2024-01-03', '--kind', 'phone', '--summary', 'First call', '--json', '--no-input'], '2024-01-03');
    const noteId = (JSON.parse(note.stdout) as { id: string }).id;
    // Later: the case changes hands, and a second note is written.
    const caseYaml = path.join(root, 'cases/T0001/case.yaml');
    fs.writeFileSync(caseYaml, fs.readFileSync(caseYaml, 'utf8').replace('Officer Amber Test', 'Officer Birch Test'));
    gitSync(root, ['commit', '-q', '--no-verify', '-am', 'T0001 case edit'], dated('2024-02-01'));
    await run(['note', 'new', '--case', 'T0001', '--date', '2024-02-02', '--kind', 'phone', '--summary', 'Second call', '--no-input'], '2024-02-02');

    const snapshot = await readRepository(root);
    const then = await recordsAsCommittedOn(root, snapshot, '2024-01-10');
    expect(then?.cases.get('T0001')?.officer).toBe('Officer Amber Test');
    expect(then?.records.map((r) => r.id)).toEqual([noteId]);
    const now = await recordsAsCommittedOn(root, snapshot, '2024-02-10');
    expect(now?.cases.get('T0001')?.officer).toBe('Officer Birch Test');
    expect(now?.records).toHaveLength(2);
  });
});
