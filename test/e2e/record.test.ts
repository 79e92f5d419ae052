import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { gitSync, runEhcp as spawnEhcp, treeSnapshot, writeFile } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inProcess.js';
import { expectClean, expectCommitted, expectNoPersonalData, expectValid, idOf, read, recordFiles, repoWithCase } from './record-helpers.js';

/** Most runs go through runCli in this process (fast); the tests that run the binary say `spawnEhcp`. */
const runEhcp = runInProcess;

async function logComm(repo: string): Promise<string> {
  const r = await runEhcp(['comm', 'new', '--case', 'T0042', '--purpose', 'enquiry', '--date', '2024-03-07', '--channel', 'email', '--party', 'parent', '--summary', 'Asked about transport'], { cwd: repo });
  expect(r.code).toBe(0);
  return r.stdout.trim();
}

describe('ehcp record show', () => {
  it('prints the file as YAML, or its fields as JSON', async () => {
    const repo = await repoWithCase();
    const file = await logComm(repo);
    const yaml = await spawnEhcp(['record', 'show', idOf(file)], { cwd: repo });
    expect(yaml.code).toBe(0);
    expect(yaml.stdout).toBe(read(repo, file));
    const json = await spawnEhcp(['record', 'show', idOf(file), '--format', 'json'], { cwd: repo });
    expect(JSON.parse(json.stdout)).toEqual(parse(read(repo, file)));
    const missing = await spawnEhcp(['record', 'show', '2024-01-01-note-zzzzzz'], { cwd: repo });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no record 2024-01-01-note-zzzzzz');
    const traversal = await spawnEhcp(['record', 'show', '../../ehcp.config'], { cwd: repo });
    expect(traversal.code).toBe(2);
    expect(traversal.stderr).toContain('must be a record id');
  });
});

describe('ehcp record amend', () => {
  it('writes a new record of the same type that amends the original, which is untouched', async () => {
    const repo = await repoWithCase();
    const original = await logComm(repo);
    const before = read(repo, original);
    const r = await runEhcp(['record', 'amend', idOf(original), '--set', 'summary=Asked about transport and respite', '--json'], { cwd: repo });
    expect(r.stderr).toContain(`amends ${idOf(original)}`);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.id).toMatch(/^2024-03-07-comm-[a-z0-9]{6}$/);
    expect(out.id).not.toBe(idOf(original));
    expect(read(repo, original)).toBe(before);
    expect(parse(read(repo, out.path))).toMatchObject({
      schema: 'communication/v1',
      status: 'final',
      amends: idOf(original),
      purpose: 'enquiry',
      direction: 'in',
      channel: 'email',
      summary: 'Asked about transport and respite',
    });
    expect(expectCommitted(repo, out.path, { case: 'T0042', type: 'communication', record: out.id, action: 'amend' })).toBe(out.commit);
    expectClean(repo);
    await expectValid(repo);

    // From a file (e.g. the output of `record show`), edited.
    writeFile(repo, '../fixed.yaml', read(repo, original).replace('date: "2024-03-07"', 'date: "2024-03-08"'));
    const fromFile = await runEhcp(['record', 'amend', idOf(original), '--from', '../fixed.yaml'], { cwd: repo });
    expect(fromFile.code).toBe(0);
    expect(fromFile.stdout.trim()).toMatch(/2024-03-08-comm-[a-z0-9]{6}\.yaml$/);
    expectNoPersonalData(repo);
  });

  it('amended minutes start as a draft with the template guidance; nothing to change is refused', async () => {
    const repo = await repoWithCase();
    const minutes = (
      await runEhcp(
        ['minutes', 'new', '--case', 'T0042', '--kind', 'panel', '--date', '2024-03-05', '--final', '--set', 'attendees[0].name=Chair Test', '--set', 'decisions[0].decision=Assess', '--set', 'decisions[0].reasons=Evidence of need'],
        { cwd: repo },
      )
    ).stdout.trim();
    const r = await runEhcp(['record', 'amend', idOf(minutes), '--set', 'decisions[0].reasons=Evidence of need from the school'], { cwd: repo });
    expect(r.code).toBe(0);
    const amended = parse(read(repo, r.stdout.trim()));
    expect(amended).toMatchObject({ status: 'draft', amends: idOf(minutes), kind: 'panel', attendees: [{ name: 'Chair Test' }] });
    expect(amended.approved_by).toBeUndefined();
    expect(read(repo, r.stdout.trim())).toContain('# Decisions: each decision and WHY');
    const draft = r.stdout.trim();
    const refused = await runEhcp(['record', 'amend', idOf(draft), '--set', 'purpose=x'], { cwd: repo });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('drafts are edited in place');
    const same = await runEhcp(['record', 'amend', idOf(minutes), '--set', 'attendees[0].name=Chair Test'], { cwd: repo });
    expect(same.code).toBe(2);
    expect(same.stderr).toContain('changes nothing');
    const none = await runEhcp(['record', 'amend', idOf(minutes)], { cwd: repo });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--set PATH=VALUE, --from FILE or --edit');
  });
});

describe('ehcp record void', () => {
  it('needs --reason; then sets status void and the reason in place, in one commit', async () => {
    const repo = await repoWithCase();
    const file = await logComm(repo);
    const before = treeSnapshot(repo);
    const noReason = await runEhcp(['record', 'void', idOf(file)], { cwd: repo });
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toContain('--reason TEXT');
    expect(treeSnapshot(repo)).toEqual(before);

    const r = await runEhcp(['record', 'void', idOf(file), '--reason', 'Logged against the wrong case'], { cwd: repo });
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(file);
    const value = parse(read(repo, file));
    const original = parse(Buffer.from(before[file], 'base64').toString('utf8'));
    expect(value).toEqual({ ...original, status: 'void', void_reason: 'Logged against the wrong case' });
    expectCommitted(repo, file, { case: 'T0042', type: 'communication', record: idOf(file), action: 'void' });
    expect(gitSync(repo, ['log', '--format=%B']).includes('wrong case')).toBe(false);
    expectClean(repo);
    await expectValid(repo);
    const commits = gitSync(repo, ['rev-list', '--count', 'HEAD']);
    const again = await runEhcp(['record', 'void', idOf(file), '--reason', 'again'], { cwd: repo });
    expect(again.code).toBe(0); // already so: said, not an error
    expect(again.stderr).toContain('is already void; nothing was changed');
    expect(gitSync(repo, ['rev-list', '--count', 'HEAD'])).toBe(commits);
    expect(recordFiles(repo)).toEqual([file]);
    expect(fs.existsSync(path.join(repo, file))).toBe(true);
  });
});
