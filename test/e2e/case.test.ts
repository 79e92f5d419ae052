import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitSync, initRepo, runEhcp as spawnEhcp, treeSnapshot } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inProcess.js';
import { CHILD_DOB, CHILD_NAME, expectClean, expectCommitted, expectNoPersonalData, expectValid, read, repoWithCase } from './record-helpers.js';

/** Most runs go through runCli in this process (fast); the tests that run the binary say `spawnEhcp`. */
const runEhcp = runInProcess;

describe('ehcp case new', () => {
  it('writes cases/<REF>/case.yaml, commits only it, and keeps the name out of git metadata', async () => {
    const repo = await initRepo();
    const r = await spawnEhcp(
      ['case', 'new', '--ref', 'T0042', '--name', CHILD_NAME, '--dob', CHILD_DOB, '--officer', 'Officer Amber Test', '--opened', '2024-01-02', '--phase-year', '2027', '--phase', 'primary-to-secondary'],
      { cwd: repo },
    );
    expect(r.stderr).toContain('Opened case T0042');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('cases/T0042/case.yaml');
    const text = read(repo, 'cases/T0042/case.yaml');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../../schemas/case.schema.json');
    expect(text).toContain(`name: ${CHILD_NAME}`);
    expect(text).toContain(`dob: "${CHILD_DOB}"`);
    expect(text).toContain('year: 2027');
    expect(text).toContain('recorded_by: Test Officer');
    expectCommitted(repo, 'cases/T0042/case.yaml', { case: 'T0042', action: 'create' });
    expectClean(repo);
    expectNoPersonalData(repo);
    expect(r.stderr).not.toContain(CHILD_NAME);
    await expectValid(repo);
  });

  it('refuses a second case with the same reference, a name as a reference, and a half phase transfer', async () => {
    const repo = await repoWithCase();
    const before = treeSnapshot(repo);
    const commits = gitSync(repo, ['rev-list', '--count', 'HEAD']);
    const again = await runEhcp(['case', 'new', '--ref', 'T0042'], { cwd: repo });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
    const named = await runEhcp(['case', 'new', '--ref', 'Test Child'], { cwd: repo });
    expect(named.code).toBe(2);
    expect(named.stderr).toContain('--ref must be a case reference');
    expect(named.stderr).not.toContain('Test Child');
    const half = await runEhcp(['case', 'new', '--ref', 'T0043', '--phase-year', '2027'], { cwd: repo });
    expect(half.code).toBe(2);
    expect(half.stderr).toContain('--phase-year and --phase go together');
    const dob = await runEhcp(['case', 'new', '--ref', 'T0044', '--dob', '2015-02-30'], { cwd: repo });
    expect(dob.code).toBe(2);
    expect(dob.stderr).toContain('--dob is not a real calendar date');
    expect(dob.stderr).not.toContain('2015-02-30');
    expect(treeSnapshot(repo)).toEqual(before);
    expect(gitSync(repo, ['rev-list', '--count', 'HEAD'])).toBe(commits);
  });

  it('without a terminal, a missing --ref is a usage error naming the flag', async () => {
    const repo = await initRepo();
    const r = await runEhcp(['case', 'new', '--name', CHILD_NAME], { cwd: repo });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--ref REF');
    expect(r.stderr).toContain('not prompting');
    expect(r.stderr).not.toContain(CHILD_NAME);
    expect(fs.existsSync(path.join(repo, 'cases'))).toBe(false);
  });
});

describe('ehcp case list and show', () => {
  it('lists cases without names unless --names, as a table or JSON', async () => {
    const repo = await repoWithCase();
    expect((await runEhcp(['case', 'new', '--ref', 'T0001', '--officer', 'Officer Beta Test', '--status', 'ceased', '--opened', '2023-05-01'], { cwd: repo })).code).toBe(0);
    const table = await runEhcp(['case', 'list'], { cwd: repo });
    expect(table.code).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^REF\s+STATUS\s+OFFICER\s+OPENED\s+PHASE TRANSFER$/);
    expect(lines[1]).toMatch(/^T0001\s+ceased\s+Officer Beta Test\s+2023-05-01$/);
    expect(lines[2]).toMatch(/^T0042\s+open\s+Officer Amber Test\s+2024-01-02$/);
    expect(lines[3]).toBe('2 cases');
    expect(table.stdout).not.toContain(CHILD_NAME);
    const json = JSON.parse((await runEhcp(['case', 'list', '--format', 'json', '--names'], { cwd: repo })).stdout);
    expect(json.cases.map((c: { ref: string }) => c.ref)).toEqual(['T0001', 'T0042']);
    expect(json.cases[1]).toMatchObject({ ref: 'T0042', status: 'open', name: CHILD_NAME, dob: CHILD_DOB });
  });

  it("shows a case's records in date order with type, purpose or kind, status, id and a summary", async () => {
    const repo = await repoWithCase();
    const run = async (args: string[]) => {
      const r = await runEhcp(args, { cwd: repo });
      expect(r.stderr, args.join(' ')).not.toContain('error');
      expect(r.code).toBe(0);
      return path.basename(r.stdout.trim(), '.yaml');
    };
    const late = await run(['note', 'new', '--case', 'T0042', '--date', '2024-03-06', '--kind', 'phone', '--summary', 'Explained next steps']);
    const early = await run(['comm', 'new', '--case', 'T0042', '--purpose', 'assessment-request', '--date', '2024-01-08', '--party', 'parent', '--summary', 'Request from the family']);
    const middle = await run(['minutes', 'new', '--case', 'T0042', '--kind', 'appeal-hearing', '--date', '2024-03-05', '--no-input']);
    const r = await runEhcp(['case', 'show', 'T0042'], { cwd: repo });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Case T0042');
    expect(r.stdout).toContain('officer: Officer Amber Test');
    expect(r.stdout).not.toContain(CHILD_NAME);
    const rows = r.stdout.split('\n').filter((l) => /^\s+\d{4}-\d{2}-\d{2}\s/.test(l));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(new RegExp(`2024-01-08\\s+communication\\s+in assessment-request\\s+final\\s+${early}\\s+Request from the family`));
    expect(rows[1]).toMatch(new RegExp(`2024-03-05\\s+minutes\\s+appeal-hearing\\s+draft\\s+${middle}`));
    expect(rows[2]).toMatch(new RegExp(`2024-03-06\\s+note\\s+phone\\s+final\\s+${late}\\s+Explained next steps`));

    const json = JSON.parse((await runEhcp(['case', 'show', 'T0042', '--format', 'json'], { cwd: repo })).stdout);
    expect(json.records.map((x: { id: string }) => x.id)).toEqual([early, middle, late]);
    expect(json.case.name).toBeUndefined();
    const named = JSON.parse((await runEhcp(['case', 'show', 'T0042', '--format', 'json', '--names'], { cwd: repo })).stdout);
    expect(named.case.name).toBe(CHILD_NAME);

    const missing = await runEhcp(['case', 'show', 'T9999'], { cwd: repo });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no case T9999');
  });
});
