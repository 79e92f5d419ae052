// `ehcp audit` reports final records changed, deleted or moved (docs/rules.md, `integrity`)
// from the git history, without --base. A repository built with the CLI, then changed by
// hand with plain git (as an officer who bypasses the pre-commit hook with --no-verify, or
// whose clone never enabled it, would), audited by the built binary after each step.

import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gitSync, initRepo, tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inProcess.js';

/** Every run goes through runCli in this process (fast); audit.test.ts spawns the binary. */
const runEhcp = runInProcess;

interface JsonFinding {
  case: string;
  rule: string;
  category: string;
  due: string | null;
  trigger: string | null;
  citation: string;
  message: string;
  file?: string;
}

const SUMMARY = 'Synthetic call from Test Parent Alpha about transport';
const HAND = { name: 'Test Officer Beta', email: 'beta@example.invalid' };
const FINAL_RULES = new Set(['final-record-changed', 'final-record-deleted', 'record-moved']);

let root: string;
const files: Record<string, string> = {};
const id = (name: string) => path.basename(files[name], '.yaml');

async function ehcp(args: string[], day: string) {
  const env = { GIT_AUTHOR_DATE: `${day}T12:00:00+00:00`, GIT_COMMITTER_DATE: `${day}T12:00:00+00:00` };
  const r = await runEhcp(args, { cwd: root, env });
  if (r.code !== 0) throw new Error(`ehcp ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r;
}

async function record(name: string, args: string[], day: string) {
  const r = await ehcp([...args, '--json', '--no-input'], day);
  files[name] = (JSON.parse(r.stdout) as { path: string }).path;
}

/** A commit of everything changed under cases/, made by hand outside ehcp by another officer, skipping the pre-commit hook. */
function handCommit(day: string): string {
  const env = {
    GIT_AUTHOR_NAME: HAND.name,
    GIT_AUTHOR_EMAIL: HAND.email,
    GIT_AUTHOR_DATE: `${day}T15:30:00+01:00`,
    GIT_COMMITTER_DATE: `${day}T15:30:00+01:00`,
  };
  gitSync(root, ['add', '-A', '--', 'cases'], env);
  gitSync(root, ['commit', '-q', '--no-verify', '-m', 'Tidy records'], env);
  return gitSync(root, ['rev-parse', 'HEAD']).trim();
}

async function integrity(args: string[] = []): Promise<{ code: number | null; findings: JsonFinding[]; stderr: string }> {
  const r = await runEhcp(['audit', '--format', 'json', '--as-of', '2024-06-28', ...args], { cwd: root });
  expect(r.stdout, r.stderr).not.toBe('');
  const findings = (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings.filter((f) => FINAL_RULES.has(f.rule));
  return { code: r.code, findings, stderr: r.stderr };
}

const edit = (name: string, from: string, to: string) => {
  const abs = path.join(root, files[name]);
  const text = fs.readFileSync(abs, 'utf8');
  expect(text).toContain(from);
  fs.writeFileSync(abs, text.replace(from, to));
};

beforeAll(async () => {
  root = await initRepo();
  await ehcp(['case', 'new', '--ref', 'C0001', '--officer', 'Test Officer Alpha', '--opened', '2024-01-02', '--no-input'], '2024-01-02');
  await ehcp(['case', 'new', '--ref', 'C0002', '--officer', 'Test Officer Alpha', '--opened', '2024-01-02', '--no-input'], '2024-01-02');
  const comm = (purpose: string, date: string, extra: string[] = []) => ['comm', 'new', '--case', 'C0001', '--purpose', purpose, '--date', date, '--party', 'parent', ...extra];
  await record('call', comm('enquiry', '2024-03-05', ['--channel', 'phone', '--summary', SUMMARY]), '2024-03-05');
  await record('letter', comm('reply', '2024-03-08', ['--channel', 'letter', '--summary', 'Synthetic reply']), '2024-03-08');
  await record('request', comm('assessment-request', '2024-03-11'), '2024-03-11');
  await record(
    'minutes',
    [
      'minutes', 'new', '--case', 'C0001', '--kind', 'case-discussion', '--date', '2024-03-12', '--final',
      '--set', 'attendees[0].name=Test Officer Alpha', '--set', 'attendees[0].party=local-authority', '--set', 'attendees[0].attendance=present',
      '--set', 'decisions[0].decision=Synthetic decision', '--set', 'decisions[0].reasons=Synthetic reasons',
    ],
    '2024-03-12',
  );
  await record('draft', ['minutes', 'new', '--case', 'C0001', '--kind', 'case-discussion', '--date', '2024-03-13'], '2024-03-13');
}, 120_000);

describe('ehcp audit: final records against the history', () => {
  it('a repository written only through ehcp has no such finding, and --fail-on any passes on it', async () => {
    const r = await integrity(['--category', 'integrity', '--fail-on', 'any']);
    expect(r.findings).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('a hand edit of a final record, committed with plain git, is an integrity finding naming the record and the commit', async () => {
    edit('call', 'channel: phone', 'channel: email');
    const sha = handCommit('2024-04-02');
    const r = await integrity();
    expect(r.findings).toHaveLength(1);
    const [f] = r.findings;
    expect(f).toMatchObject({
      case: 'C0001',
      rule: 'final-record-changed',
      category: 'integrity',
      due: null,
      trigger: id('call'),
      citation: 'UK GDPR Art 5(1)(d), 5(2) (accuracy, accountability); local record-keeping policy',
      file: files.call,
    });
    expect(f.message).toContain(`commit ${sha.slice(0, 7)} by ${HAND.name} on 2024-04-02`);
    expect(f.message).toContain('changed: channel');
    expect(f.message).toContain(`ehcp record amend ${id('call')}`);
    expect(f.message).toContain(`git checkout ${sha.slice(0, 7)}^ -- ${files.call}`);
    // No record text in the message, even where the record holds a name.
    expect(f.message).not.toMatch(/Test Parent|transport|email|phone/);

    // --fail-on any fails on it (the only integrity finding); none does not.
    expect((await integrity(['--category', 'integrity', '--fail-on', 'any'])).code).toBe(1);
    expect((await integrity(['--category', 'integrity', '--fail-on', 'none'])).code).toBe(0);
    // The other formats carry it too.
    const table = await runEhcp(['audit', '--as-of', '2024-06-28', '--category', 'integrity'], { cwd: root });
    expect(table.stdout).toContain('final-record-changed');
    expect(table.stdout).toContain(sha.slice(0, 7));
    // Reproducible: as of the day before the edit, it had not happened.
    const before = await runEhcp(['audit', '--format', 'json', '--as-of', '2024-04-01'], { cwd: root });
    expect((JSON.parse(before.stdout) as { findings: JsonFinding[] }).findings.filter((x) => FINAL_RULES.has(x.rule))).toEqual([]);
    // --case filters it like any finding.
    expect((await integrity(['--case', 'C0001'])).findings).toHaveLength(1);
  });

  it('the same answer from the cache, from a damaged cache, and after the cache is removed', async () => {
    const first = await integrity();
    expect(fs.existsSync(path.join(root, '.ehcp/cache/final-changes.json'))).toBe(true);
    const cached = await integrity();
    fs.writeFileSync(path.join(root, '.ehcp/cache/final-changes.json'), '{"version":1,"versions":{},"statuses":[],"pairs":{"x":1},"result":{"head":');
    const damaged = await integrity();
    // An answer cached for this very head, but not in the shape the audit reads: ignored.
    const head = gitSync(root, ['rev-parse', 'HEAD']).trim();
    fs.writeFileSync(path.join(root, '.ehcp/cache/final-changes.json'), JSON.stringify({ version: 1, versions: {}, statuses: {}, pairs: {}, result: { head, lastDay: '', changes: [{ rule: 'final-record-changed' }] } }));
    expect((await integrity()).findings).toEqual(first.findings);
    fs.rmSync(path.join(root, '.ehcp/cache'), { recursive: true, force: true });
    const rebuilt = await integrity();
    expect(cached.findings).toEqual(first.findings);
    expect(damaged.findings).toEqual(first.findings);
    expect(rebuilt.findings).toEqual(first.findings);
  });

  it('`ehcp record void` of a final record, and hand edits of a draft, are not findings', async () => {
    await ehcp(['record', 'void', id('letter'), '--reason', 'Logged against the wrong case'], '2024-04-03');
    edit('draft', 'status: draft', 'status: draft\npurpose: Synthetic purpose added by hand');
    handCommit('2024-04-04');
    const r = await integrity();
    expect(r.findings.map((f) => f.trigger)).toEqual([id('call')]);
  });

  it('restoring the final version clears the finding', async () => {
    const sha = gitSync(root, ['log', '-1', '--format=%H', '--author', HAND.email, '--', files.call]).trim();
    gitSync(root, ['checkout', `${sha}^`, '--', files.call]);
    handCommit('2024-04-05');
    const r = await integrity(['--category', 'integrity', '--fail-on', 'any']);
    expect(r.findings).toEqual([]);
    expect(r.code).toBe(0);
    // As of the day of the edit, before the restore, it is still reported.
    const then = await runEhcp(['audit', '--format', 'json', '--as-of', '2024-04-04'], { cwd: root });
    expect((JSON.parse(then.stdout) as { findings: JsonFinding[] }).findings.filter((x) => FINAL_RULES.has(x.rule)).map((x) => x.trigger)).toEqual([id('call')]);
  });

  it('a hand deletion of a final record, and a record moved by hand, are findings', async () => {
    fs.rmSync(path.join(root, files.minutes));
    const del = handCommit('2024-04-08');
    gitSync(root, ['mv', files.request, 'cases/C0001/renamed-by-hand.yaml']);
    const mv = handCommit('2024-04-09');
    const r = await integrity(['--category', 'integrity', '--fail-on', 'any']);
    expect(r.code).toBe(1);
    const byRule = Object.fromEntries(r.findings.map((f) => [f.rule, f]));
    expect(Object.keys(byRule).sort()).toEqual(['final-record-deleted', 'record-moved']);
    expect(byRule['final-record-deleted']).toMatchObject({ trigger: id('minutes'), case: 'C0001', category: 'integrity', due: null });
    expect(byRule['final-record-deleted'].message).toContain(`commit ${del.slice(0, 7)} by ${HAND.name} on 2024-04-08`);
    expect(byRule['final-record-deleted'].message).toContain(`git checkout ${del.slice(0, 7)}^ -- ${files.minutes}`);
    expect(byRule['record-moved']).toMatchObject({ trigger: id('request'), file: 'cases/C0001/renamed-by-hand.yaml' });
    expect(byRule['record-moved'].message).toContain(`commit ${mv.slice(0, 7)}`);
    expect(byRule['record-moved'].message).toContain(`git mv cases/C0001/renamed-by-hand.yaml ${files.request}`);
  });

  it('a record moved to another case and rewritten (a deletion and an addition to git) is a move', async () => {
    const to = `cases/C0002/${path.basename(files.letter)}`;
    const rewritten = [
      'schema: communication/v1',
      `id: ${id('letter')}`,
      'case: C0002',
      'status: final',
      'date: "2024-03-08"',
      'direction: out',
      'channel: email',
      'party: school',
      'purpose: other',
      'summary: |',
      ...Array.from({ length: 30 }, (_, i) => `  Synthetic line ${i} rewritten by hand.`),
      '',
    ].join('\n');
    fs.rmSync(path.join(root, files.letter));
    fs.writeFileSync(path.join(root, to), rewritten);
    const sha = handCommit('2024-04-10');
    // git itself does not see a rename here: the audit pairs the two by file name.
    expect(gitSync(root, ['show', '--name-status', '-M', '--format=', sha]).trim().split('\n').map((l) => l[0]).sort()).toEqual(['A', 'D']);
    const moved = (await integrity()).findings.filter((f) => f.trigger === id('letter'));
    expect(moved).toHaveLength(1);
    expect(moved[0]).toMatchObject({ rule: 'record-moved', case: 'C0001', file: to });
    expect(moved[0].message).toContain(`Void record ${id('letter')} was moved from ${files.letter} to ${to} in commit ${sha.slice(0, 7)}`);
    expect(moved[0].message).toMatch(/and edited \(changed: [a-z_, ]+\)/);
    expect(moved[0].message).not.toMatch(/Synthetic line|school/);
  });

  it('in a shallow clone the check is skipped, with the same notice as late-record', async () => {
    const clone = path.join(tempDir(), 'shallow');
    gitSync(path.dirname(clone), ['clone', '-q', '--depth', '1', `file://${root}`, clone]);
    const r = await runEhcp(['audit', '--format', 'json', '--as-of', '2024-06-28'], { cwd: clone });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/shallow clone/);
    expect(r.stderr).toMatch(/no final record was changed, deleted or moved/);
    expect(r.stderr).toMatch(/git fetch --unshallow/);
    expect((JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings.filter((f) => FINAL_RULES.has(f.rule))).toEqual([]);
  });
});
