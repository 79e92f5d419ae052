// `ehcp validate --base REV` end to end: real git, the built binary. A final record edited,
// deleted or moved by hand fails, naming the file and the commit; amending and voiding
// through ehcp, editing drafts and adding records pass.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gitSync, initRepo, runEhcp as spawnEhcp, tempDir, type RunResult } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inProcess.js';

/** Most runs go through runCli in this process (fast); the tests that run the binary say `spawnEhcp`. */
const runEhcp = runInProcess;

let template: string;
let noteFile: string;
let noteId: string;
let draftFile: string;
let draftId: string;

async function ok(repo: string, args: string[]): Promise<string> {
  const r = await runEhcp(args, { cwd: repo });
  if (r.code !== 0) throw new Error(`ehcp ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout.trim();
}

beforeAll(async () => {
  template = await initRepo();
  await ok(template, ['case', 'new', '--ref', 'T0042', '--name', 'Test Child Alpha', '--dob', '2015-06-01']);
  await ok(template, ['case', 'new', '--ref', 'T0043', '--name', 'Test Child Beta', '--dob', '2016-07-02']);
  noteFile = await ok(template, ['note', 'new', '--case', 'T0042', '--date', '2024-03-05', '--kind', 'phone', '--summary', 'Called the school']);
  draftFile = await ok(template, ['minutes', 'new', '--case', 'T0042', '--kind', 'case-discussion', '--date', '2024-03-07', '--no-input', '--set', 'attendees[0].name=Officer Amber Test', '--set', 'purpose=Review the timeline']);
  noteId = path.basename(noteFile, '.yaml');
  draftId = path.basename(draftFile, '.yaml');
  gitSync(template, ['tag', 'base']);
});

/** A fresh copy of the repository at `base`, for one test to change. */
function copy(): string {
  const dir = path.join(tempDir(), 'records');
  fs.cpSync(template, dir, { recursive: true });
  return dir;
}

function edit(repo: string, file: string, change: (text: string) => string): void {
  const abs = path.join(repo, file);
  fs.writeFileSync(abs, change(fs.readFileSync(abs, 'utf8')));
}

/** A commit made by hand (not through ehcp), skipping the pre-commit check as someone might. */
function handCommit(repo: string, message = 'hand edit'): string {
  gitSync(repo, ['add', '-A', 'cases']);
  gitSync(repo, ['commit', '-q', '--no-verify', '-m', message]);
  return gitSync(repo, ['rev-parse', '--short=7', 'HEAD']).trim();
}

function validateBase(repo: string, ...extra: string[]): Promise<RunResult> {
  return runEhcp(['validate', '--base', 'base', ...extra], { cwd: repo });
}

function expectPass(r: RunResult): void {
  expect(r.stdout).toContain('0 errors');
  expect(r.code).toBe(0);
}

describe('ehcp validate --base: what fails', () => {
  it('a hand edit of a final record, committed, fails naming the file and the commit; the same correction through `ehcp record amend` passes', async () => {
    const bad = copy();
    edit(bad, noteFile, (t) => t.replace('Called the school', 'Called the school twice'));
    const sha = handCommit(bad);
    const r = await validateBase(bad);
    expect(r.code).toBe(1);
    const line = r.stdout.split('\n').find((l) => l.includes('[final-changed]'))!;
    expect(line).toMatch(new RegExp(`^${noteFile}:\\d+:\\d+ error `));
    expect(line).toContain(`in commit ${sha}`);
    expect(line).toContain('changed: summary');
    expect(line).toContain(`ehcp record amend ${noteId}`);
    // Messages name fields, never their text.
    expect(r.stdout).not.toContain('Called the school');

    const good = copy();
    await ok(good, ['record', 'amend', noteId, '--set', 'summary=Called the school twice']);
    expectPass(await validateBase(good));
  });

  it('a final record deleted, moved to another case, or renamed fails', async () => {
    const deleted = copy();
    fs.rmSync(path.join(deleted, noteFile));
    const sha = handCommit(deleted);
    const d = await validateBase(deleted);
    expect(d.code).toBe(1);
    expect(d.stdout).toMatch(new RegExp(`^${noteFile}:1:1 error .*deleted in commit ${sha}.*ehcp record void ${noteId}.*\\[final-deleted\\]$`, 'm'));

    const moved = copy();
    gitSync(moved, ['mv', noteFile, `cases/T0043/${noteId}.yaml`]);
    const movedSha = handCommit(moved);
    const m = await validateBase(moved);
    expect(m.code).toBe(1);
    expect(m.stdout).toMatch(new RegExp(`^cases/T0043/${noteId}.yaml:1:1 error This record was moved here from ${noteFile} in commit ${movedSha}.*\\[record-moved\\]$`, 'm'));

    const renamed = copy();
    gitSync(renamed, ['mv', noteFile, 'cases/T0042/2024-03-05-note-zzzzzz.yaml']);
    handCommit(renamed);
    const n = await validateBase(renamed);
    expect(n.code).toBe(1);
    expect(n.stdout).toContain('[record-moved]');
  });

  it("a draft's id or case changed, or a draft moved, fails", async () => {
    const recased = copy();
    edit(recased, draftFile, (t) => t.replace('case: T0042', 'case: T0043'));
    handCommit(recased);
    const r = await validateBase(recased);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^${draftFile}:\\d+:\\d+ error The \`case\` of this record changed since base .*put back case: T0042.*\\[record-identity-changed\\]$`, 'm'));

    const moved = copy();
    gitSync(moved, ['mv', draftFile, `cases/T0043/${draftId}.yaml`]);
    handCommit(moved);
    const m = await validateBase(moved);
    expect(m.code).toBe(1);
    expect(m.stdout).toContain('[record-moved]');
  });

  it('voiding by hand with any other change fails; a case reference change fails', async () => {
    const repo = copy();
    edit(repo, noteFile, (t) => t.replace('status: final', 'status: void\nvoid_reason: Logged twice').replace('Called the school', 'Called nobody'));
    edit(repo, 'cases/T0043/case.yaml', (t) => t.replace('ref: T0043', 'ref: T0044'));
    handCommit(repo);
    const r = await validateBase(repo);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/changed: status, void_reason, summary|changed: status, summary, void_reason|changed: [a-z_, ]+/);
    expect(r.stdout).toContain('[final-changed]');
    expect(r.stdout).toMatch(/^cases\/T0043\/case.yaml:\d+:\d+ error The `ref` of this case changed .*\[record-identity-changed\]$/m);
  });

  it('an uncommitted hand edit fails too, and --staged checks exactly what is staged', async () => {
    const repo = copy();
    edit(repo, noteFile, (t) => t.replace('kind: phone', 'kind: email'));
    const working = await validateBase(repo);
    expect(working.code).toBe(1);
    expect(working.stdout).toContain('in changes not yet committed');
    // Not staged: the pre-commit check has nothing to object to.
    expectPass(await runEhcp(['validate', '--staged', '--base', 'HEAD'], { cwd: repo }));
    gitSync(repo, ['add', noteFile]);
    const staged = await runEhcp(['validate', '--staged', '--base', 'HEAD'], { cwd: repo });
    expect(staged.code).toBe(1);
    expect(staged.stdout).toContain('in the staged change');
    expect(staged.stdout).toContain('changed: kind');
  });
});

describe('ehcp validate --base: what passes', () => {
  it('voiding, amending, finalising, editing drafts, adding records and reformatting', async () => {
    const repo = copy();
    await ok(repo, ['record', 'void', noteId, '--reason', 'Logged against the wrong case']);
    await ok(repo, ['note', 'new', '--case', 'T0043', '--date', '2024-03-05', '--kind', 'phone', '--summary', 'Called the school']);
    edit(repo, draftFile, (t) => t.replace('purpose: Review the timeline', 'purpose: Review the timeline again') + 'decisions:\n  - decision: Proceed\n    reasons: The evidence is sufficient\n');
    handCommit(repo, 'fill in the draft');
    await ok(repo, ['minutes', 'finalise', draftId]);
    // The same values written differently (quoting, key order, comments) are not a change.
    const commFile = await ok(repo, ['comm', 'new', '--case', 'T0042', '--direction', 'in', '--purpose', 'enquiry', '--date', '2024-03-08', '--summary', 'Asked about the plan']);
    gitSync(repo, ['tag', '-f', 'base']);
    edit(repo, commFile, (t) => {
      const lines = t.trimEnd().split('\n');
      const summary = lines.findIndex((l) => l.startsWith('summary:'));
      const [moved] = lines.splice(summary, 1);
      return [lines[0], '# a comment added by hand', moved.replace('summary: Asked about the plan', "summary: 'Asked about the plan'"), ...lines.slice(1)].join('\n') + '\n';
    });
    handCommit(repo, 'reformat');
    expectPass(await validateBase(repo));
  });

  it('voiding a final record by hand with exactly the change ehcp makes passes', async () => {
    const repo = copy();
    edit(repo, noteFile, (t) => t.replace('status: final', 'status: void') + 'void_reason: Logged twice\n');
    handCommit(repo);
    expectPass(await validateBase(repo));
  });
});

describe('ehcp validate --base: the revision', () => {
  it('an unknown revision is exit 2 with a clear message', async () => {
    const repo = copy();
    const r = await spawnEhcp(['validate', '--base', 'no-such-branch'], { cwd: repo });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--base no-such-branch is not a commit in this repository');
    const option = await spawnEhcp(['validate', '--base=--output=/tmp/x'], { cwd: repo });
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('--base needs a revision');
  });

  it('in a shallow clone without the revision, says how to fetch it', async () => {
    const shallow = path.join(tempDir(), 'shallow');
    gitSync(path.dirname(shallow), ['clone', '-q', '--depth', '1', `file://${template}`, shallow]);
    const base = gitSync(template, ['rev-parse', 'HEAD~2']).trim();
    const r = await runEhcp(['validate', '--base', base], { cwd: shallow });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('shallow');
    expect(r.stderr).toContain('git fetch --unshallow');
    expect(r.stderr).toContain('fetch-depth: 0');
  });
});

describe('ehcp validate --base: every commit of the range, not only its ends', () => {
  it('a final record edited and then edited back is reported with both commits, though the ends are equal', async () => {
    const repo = copy();
    const original = fs.readFileSync(path.join(repo, noteFile), 'utf8');
    edit(repo, noteFile, (t) => t.replace('Called the school', 'Called nobody'));
    const first = handCommit(repo, 'edit');
    fs.writeFileSync(path.join(repo, noteFile), original);
    const second = handCommit(repo, 'put back');
    expect(gitSync(repo, ['diff', 'base', '--', noteFile])).toBe('');
    const r = await validateBase(repo);
    expect(r.code).toBe(1);
    const line = r.stdout.split('\n').find((l) => l.includes('[final-changed]'))!;
    expect(line).toContain(`in commits ${first}, ${second}`);
    expect(line).toContain(`git checkout ${first}^ -- ${noteFile}`);
  });

  it('a final record created and then edited inside the range is reported with the editing commit', async () => {
    const repo = copy();
    const file = await ok(repo, ['note', 'new', '--case', 'T0043', '--date', '2024-03-06', '--kind', 'email', '--summary', 'Emailed the school']);
    edit(repo, file, (t) => t.replace('kind: email', 'kind: phone'));
    const sha = handCommit(repo);
    const r = await validateBase(repo);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^${file}:\\d+:\\d+ error This record was final and has been edited in place \\(changed: kind\\) in commit ${sha}:.*\\[final-changed\\]$`, 'm'));
  });

  it('a final record edited then deleted is reported twice: the edit and the deletion, each with its commit', async () => {
    const repo = copy();
    edit(repo, noteFile, (t) => t.replace('kind: phone', 'kind: visit'));
    const edited = handCommit(repo, 'edit');
    fs.rmSync(path.join(repo, noteFile));
    const removed = handCommit(repo, 'remove');
    const r = await validateBase(repo);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^${noteFile}:.*edited in place \\(changed: kind\\) in commit ${edited}:.*\\[final-changed\\]$`, 'm'));
    expect(r.stdout).toMatch(new RegExp(`^${noteFile}:.*deleted in commit ${removed}:.*\\[final-deleted\\]$`, 'm'));
  });

  it('a merge: the branch commits are judged one by one, and a merge that rewrites a final record is named', async () => {
    const repo = copy();
    gitSync(repo, ['switch', '-q', '-c', 'side']);
    await ok(repo, ['note', 'new', '--case', 'T0043', '--date', '2024-03-06', '--kind', 'email', '--summary', 'Emailed the school']);
    edit(repo, noteFile, (t) => t.replace('kind: phone', 'kind: visit'));
    const onBranch = handCommit(repo, 'edit on the branch');
    gitSync(repo, ['switch', '-q', 'main']);
    await ok(repo, ['note', 'new', '--case', 'T0042', '--date', '2024-03-07', '--kind', 'email', '--summary', 'Emailed the parent']);
    gitSync(repo, ['merge', '-q', '--no-ff', '--no-verify', '--no-edit', 'side']);
    const r = await validateBase(repo);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`in commit ${onBranch}`);

    // An "evil" merge: both sides clean, the merge commit itself edits the final record.
    const evil = copy();
    gitSync(evil, ['switch', '-q', '-c', 'side']);
    await ok(evil, ['note', 'new', '--case', 'T0043', '--date', '2024-03-06', '--kind', 'email', '--summary', 'Emailed the school']);
    gitSync(evil, ['switch', '-q', 'main']);
    await ok(evil, ['note', 'new', '--case', 'T0042', '--date', '2024-03-07', '--kind', 'email', '--summary', 'Emailed the parent']);
    gitSync(evil, ['merge', '-q', '--no-ff', '--no-commit', 'side']);
    edit(evil, noteFile, (t) => t.replace('kind: phone', 'kind: visit'));
    gitSync(evil, ['add', noteFile]);
    gitSync(evil, ['commit', '-q', '--no-verify', '--no-edit']);
    const merge = gitSync(evil, ['rev-parse', '--short=7', 'HEAD']).trim();
    const e = await validateBase(evil);
    expect(e.code).toBe(1);
    expect(e.stdout).toMatch(new RegExp(`^${noteFile}:.*in commit ${merge}:.*\\[final-changed\\]$`, 'm'));
  });
});

describe('ehcp validate --base: governance, dates and signatures', () => {
  const loosen = (repo: string) => edit(repo, 'ehcp.config.yaml', (t) => t.replace(/late_record_working_days: \d+/, 'late_record_working_days: 365'));

  it('a loosened standard is a warning naming it, with its old and new values; a policy in force makes it an error', async () => {
    const repo = copy();
    loosen(repo);
    gitSync(repo, ['commit', '-q', '--no-verify', '-am', 'settings']);
    const sha = gitSync(repo, ['rev-parse', '--short=7', 'HEAD']).trim();
    const r = await validateBase(repo);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^ehcp.config.yaml:1:1 warning The settings changed \\(standards.late_record_working_days 5 → 365\\) in commit ${sha}:.*\\[governance-change\\]$`, 'm'));

    // With `policy: {governance_changes: error}` at the base, the same push fails; a push
    // that also removes the policy is judged under the base's (stricter) one.
    const strict = copy();
    fs.appendFileSync(path.join(strict, 'ehcp.config.yaml'), 'policy:\n  governance_changes: error\n');
    gitSync(strict, ['commit', '-q', '--no-verify', '-am', 'policy']);
    gitSync(strict, ['tag', '-f', 'base']);
    loosen(strict);
    edit(strict, 'ehcp.config.yaml', (t) => t.replace(/policy:\n  governance_changes: error\n/, ''));
    gitSync(strict, ['commit', '-q', '--no-verify', '-am', 'settings']);
    const s = await validateBase(strict);
    expect(s.code).toBe(1);
    expect(s.stdout).toMatch(/^ehcp.config.yaml:1:1 error The settings changed \(standards.late_record_working_days 5 → 365; policy\).*\[governance-change\]$/m);
  });

  it('a tampered hook, CI file or schema is reported; so is one only staged (the pre-commit check)', async () => {
    const repo = copy();
    fs.mkdirSync(path.join(repo, '.githooks'), { recursive: true });
    fs.writeFileSync(path.join(repo, '.githooks/pre-commit'), '#!/bin/sh\nexit 0\n');
    edit(repo, 'schemas/note.schema.json', (t) => t.replace('"additionalProperties": false', '"additionalProperties": true'));
    gitSync(repo, ['add', '.githooks', 'schemas']);
    gitSync(repo, ['commit', '-q', '--no-verify', '-m', 'tools']);
    const r = await validateBase(repo);
    expect(r.stdout).toMatch(/^\.githooks\/pre-commit:1:1 warning A git hook changed \(added\).*\[governance-change\]$/m);
    expect(r.stdout).toMatch(/^schemas\/note.schema.json:1:1 warning A schema changed \(edited\).*\[governance-change\]$/m);
    fs.mkdirSync(path.join(repo, '.github/workflows'), { recursive: true });
    fs.writeFileSync(path.join(repo, '.github/workflows/ehcp.yml'), 'name: nothing\n');
    gitSync(repo, ['add', '.github']);
    const staged = await runEhcp(['validate', '--staged', '--base', 'HEAD'], { cwd: repo });
    expect(staged.code).toBe(0);
    expect(staged.stdout).toMatch(/^\.github\/workflows\/ehcp.yml:1:1 warning The CI changed \(added\) in the staged change:/m);
  });

  it('a backdated commit (committer date before its parent) and an author date far from the committer date are reported', async () => {
    const repo = copy();
    const file = `cases/T0042/2024-03-09-note-late01.yaml`;
    fs.writeFileSync(path.join(repo, file), `schema: note/v1\nid: 2024-03-09-note-late01\ncase: T0042\nstatus: final\ndate: "2024-03-09"\nkind: phone\nsummary: Written late\n`);
    gitSync(repo, ['add', file]);
    gitSync(repo, ['commit', '-q', '--no-verify', '-m', 'T0042 note'], { GIT_AUTHOR_DATE: '2024-03-09T10:00:00Z', GIT_COMMITTER_DATE: '2024-03-09T10:00:00Z' });
    const backdated = gitSync(repo, ['rev-parse', '--short=7', 'HEAD']).trim();
    await ok(repo, ['note', 'new', '--case', 'T0042', '--date', '2024-03-10', '--kind', 'phone', '--summary', 'Called again']);
    const r = await validateBase(repo);
    expect(r.code).toBe(0);
    const line = r.stdout.split('\n').find((l) => l.includes('[commit-date]'))!;
    expect(line).toMatch(new RegExp(`^${file}:1:1 warning A commit's dates do not add up: it is dated \\d+ days before its parent commit, in commit ${backdated}:`));
    expect(r.stdout.match(/\[commit-date\]/g)).toHaveLength(1);

    const author = copy();
    gitSync(author, ['commit', '-q', '--no-verify', '--allow-empty', '-m', 'empty'], { GIT_AUTHOR_DATE: '2020-01-01T10:00:00Z' });
    const a = await validateBase(author);
    expect(a.stdout).toMatch(/warning A commit's dates do not add up: its author date is \d+ days before its committer date, in commit [0-9a-f]{7}:.*\[commit-date\]$/m);
  });

  it('with require_signed_commits, every unsigned commit of the range is an error', async () => {
    const repo = copy();
    fs.appendFileSync(path.join(repo, 'ehcp.config.yaml'), 'policy:\n  require_signed_commits: true\n');
    gitSync(repo, ['commit', '-q', '--no-verify', '-am', 'require signing']);
    await ok(repo, ['note', 'new', '--case', 'T0042', '--date', '2024-03-10', '--kind', 'phone', '--summary', 'Called again']);
    const r = await validateBase(repo);
    expect(r.code).toBe(1);
    expect(r.stdout.match(/error An unsigned commit, where the settings require signed commits/g)).toHaveLength(2);
    expect(r.stdout).toContain('[unsigned-commit]');
    // A signed commit (an SSH signature; the runner need not hold the key to see it is signed) passes.
    const signed = copy();
    fs.appendFileSync(path.join(signed, 'ehcp.config.yaml'), 'policy:\n  require_signed_commits: true\n');
    const key = path.join(tempDir(), 'key');
    spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    gitSync(signed, ['-c', 'gpg.format=ssh', '-c', `user.signingkey=${key}.pub`, 'commit', '-q', '-S', '--no-verify', '-am', 'require signing']);
    const s = await validateBase(signed);
    expect(s.stdout).toContain('[governance-change]');
    expect(s.stdout).not.toContain('unsigned');
    // Without the policy: nothing said about signatures.
    const plain = copy();
    await ok(plain, ['note', 'new', '--case', 'T0042', '--date', '2024-03-10', '--kind', 'phone', '--summary', 'Called again']);
    expect((await validateBase(plain)).stdout).not.toContain('unsigned');
  });
});
