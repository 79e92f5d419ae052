// Dates and case references as officers type them, where they enter through flags of
// commands other than the record writers (those are covered in note/comm/case tests).

import { describe, expect, it } from 'vitest';
import { treeSnapshot } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inProcess.js';
import { repoWithCase } from './record-helpers.js';

/** A flag matrix: every run goes through runCli in this process (each command's spawned tests are in its own file). */
const runEhcp = runInProcess;

describe('dates and references typed at the command line', () => {
  it('audit --as-of outside the supported range is a usage error (exit 2), not a crash', async () => {
    const repo = await repoWithCase();
    const before = treeSnapshot(repo);
    for (const asOf of ['9999-12-31', '0000-01-01']) {
      const r = await runEhcp(['audit', '--as-of', asOf], { cwd: repo });
      expect(r.code, asOf).toBe(2);
      expect(r.stderr).toContain('--as-of is outside the dates ehcp supports (between 1900-01-01 and 2199-12-31).');
      expect(r.stderr).not.toMatch(/unexpected|at .*\.[jt]s:\d+/);
    }
    const uk = await runEhcp(['audit', '--as-of', '30/11/2026', '--case', 't0042', '--format', 'json'], { cwd: repo });
    expect(uk.code).toBe(0);
    expect(JSON.parse(uk.stdout).asOf).toBe('2026-11-30');
    expect(treeSnapshot(repo)).toEqual(before);
  });

  it('report --as-of goes through the same parser: the supported range, and UK dates', async () => {
    const repo = await repoWithCase();
    const before = treeSnapshot(repo);
    for (const asOf of ['9999-12-31', '0000-01-01']) {
      const r = await runEhcp(['report', '--as-of', asOf, '--format', 'json'], { cwd: repo });
      expect(r.code, asOf).toBe(2);
      expect(r.stderr).toContain('--as-of is outside the dates ehcp supports (between 1900-01-01 and 2199-12-31).');
    }
    const uk = await runEhcp(['report', '--as-of', '30/11/2026', '--format', 'json'], { cwd: repo });
    expect(uk.code).toBe(0);
    expect(JSON.parse(uk.stdout).asOf).toBe('2026-11-30');
    expect(treeSnapshot(repo)).toEqual(before);
  });

  it('case show and history read a lower-case reference as the capitalised one', async () => {
    const repo = await repoWithCase();
    const show = await runEhcp(['case', 'show', 't0042', '--format', 'json'], { cwd: repo });
    expect(show.code).toBe(0);
    expect(JSON.parse(show.stdout).ref).toBe('T0042');
    const history = await runEhcp(['history', 't0042'], { cwd: repo });
    expect(history.code).toBe(0);
    expect(history.stdout).toMatch(/create case.yaml/);
  });
});
