import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runEhcp as spawnEhcp, treeSnapshot } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inProcess.js';
import { expectClean, expectCommitted, expectNoPersonalData, expectValid, idOf, read, repoWithCase } from './record-helpers.js';

/** Most runs go through runCli in this process (fast); the tests that run the binary say `spawnEhcp`. */
const runEhcp = runInProcess;

describe('ehcp note new', () => {
  it('writes a final case note and commits only it', async () => {
    const repo = await repoWithCase();
    const r = await spawnEhcp(
      ['note', 'new', '--case', 'T0042', '--date', '2024-03-06', '--kind', 'phone', '--with', 'Parent', '--summary', 'Explained the next steps', '--details', 'Line one\nLine two',
        '--set', 'actions[0].action=Send the leaflet', '--set', 'actions[0].due=2024-03-08'],
      { cwd: repo },
    );
    expect(r.code).toBe(0);
    const file = r.stdout.trim();
    expect(file).toMatch(/^cases\/T0042\/2024-03-06-note-[a-z0-9]{6}\.yaml$/);
    expect(parse(read(repo, file))).toEqual({
      schema: 'note/v1',
      id: idOf(file),
      case: 'T0042',
      status: 'final',
      recorded_by: 'Test Officer',
      date: '2024-03-06',
      kind: 'phone',
      with: 'Parent',
      summary: 'Explained the next steps',
      details: 'Line one\nLine two',
      actions: [{ action: 'Send the leaflet', due: '2024-03-08' }],
    });
    expectCommitted(repo, file, { case: 'T0042', type: 'note', record: idOf(file), action: 'create' });
    expectClean(repo);
    expectNoPersonalData(repo);
    await expectValid(repo);
  });

  it('defaults --kind to internal, and without a terminal names the missing flags', async () => {
    const repo = await repoWithCase();
    const r = await runEhcp(['note', 'new', '--case', 'T0042', '--date', '2024-03-06', '--summary', 'Discussed with the team lead', '--json'], { cwd: repo });
    expect(r.code).toBe(0);
    expect(parse(read(repo, JSON.parse(r.stdout).path)).kind).toBe('internal');
    const before = treeSnapshot(repo);
    const missing = await runEhcp(['note', 'new', '--case', 'T0042'], { cwd: repo });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('note new needs --date YYYY-MM-DD, --summary TEXT');
    const bad = await runEhcp(['note', 'new', '--case', 'T0042', '--date', '03/27/2024', '--summary', 'x'], { cwd: repo });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--date is not a real date: write the day first (DD/MM/YYYY, UK order), e.g. 27/11/2026');
    // Out of the supported range: refused where it enters, never committed (it used to break every audit).
    const ancient = await runEhcp(['note', 'new', '--case', 'T0042', '--date', '0000-01-01', '--summary', 'x'], { cwd: repo });
    expect(ancient.code).toBe(2);
    expect(ancient.stderr).toContain('--date is outside the dates ehcp supports (between 1900-01-01 and 2199-12-31).');
    expect(ancient.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(treeSnapshot(repo)).toEqual(before);
  });

  it('takes a UK date and a lower-case reference, and stores ISO and the reference in capitals', async () => {
    const repo = await repoWithCase();
    const r = await runEhcp(['note', 'new', '--case', 't0042', '--date', '6/3/2024', '--summary', 'Called the school', '--set', 'actions[0].action=Send the report', '--set', 'actions[0].due=13/03/2024', '--json'], { cwd: repo });
    expect(r.code).toBe(0);
    const value = parse(read(repo, JSON.parse(r.stdout).path));
    expect(value).toMatchObject({ case: 'T0042', date: '2024-03-06', actions: [{ action: 'Send the report', due: '2024-03-13' }] });
    const bad = await runEhcp(['note', 'new', '--case', 'T0042', '--date', 'today', '--summary', 'x', '--set', 'actions[0].action=y', '--set', 'actions[0].due=31/02/2024'], { cwd: repo });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--set actions[0].due is not a real calendar date');
    expect(JSON.parse(r.stdout).id).toMatch(/^2024-03-06-note-/);
  });
});
