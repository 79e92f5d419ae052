// `ehcp audit` and `ehcp rules list` end to end: a repository built with the CLI's own
// commands (each commit dated with GIT_AUTHOR_DATE, so git history says when each record
// was written), audited --as-of several dates and compared with the expected findings;
// --fail-on exit codes; every output format checked, including record text and config
// that try to inject into a spreadsheet, a workflow log or Markdown.

import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gitSync, initRepo, runEhcp as spawnEhcp, tempDir, writeFile } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inProcess.js';

/** Most runs go through runCli in this process (fast); the tests that run the binary say `spawnEhcp`. */
const runEhcp = runInProcess;

const FORMULA_OFFICER = '=HYPERLINK("http://evil.invalid","click")';
const FORMULA_EVIDENCE = '-2+3 school closed for the summer';
const FORMULA_SUMMARY = '=HYPERLINK("http://evil.invalid/summary","x")';

let root: string;
const ids: Record<string, string> = {};

/** Run ehcp in the repository with the commit dated `day` (noon UTC). */
async function ehcp(args: string[], day?: string) {
  const env = day ? { GIT_AUTHOR_DATE: `${day}T12:00:00+00:00`, GIT_COMMITTER_DATE: `${day}T12:00:00+00:00` } : {};
  const r = await runEhcp(args, { cwd: root, env });
  if (r.code !== 0) throw new Error(`ehcp ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r;
}

/** Log a communication with `ehcp comm new --json`, committed on `committed` (default: its own date). */
async function comm(name: string, caseRef: string, purpose: string, date: string, extra: string[] = [], committed = date) {
  const r = await ehcp(['comm', 'new', '--case', caseRef, '--purpose', purpose, '--date', date, '--json', '--no-input', ...extra], committed);
  ids[name] = (JSON.parse(r.stdout) as { id: string }).id;
}

const finalMinutes = (kind: string) => [
  '--kind', kind, '--final', '--no-input', '--json',
  '--set', 'attendees[0].name=Test Parent Alpha', '--set', 'attendees[0].party=parent', '--set', 'attendees[0].attendance=present',
  '--set', 'decisions[0].decision=Synthetic decision', '--set', 'decisions[0].reasons=Synthetic reasons',
];

beforeAll(async () => {
  root = await initRepo({ authority: 'Synthetic Test Council' });
  await ehcp(['case', 'new', '--ref', 'C0001', '--officer', 'Test Officer Alpha', '--opened', '2024-01-02', '--no-input'], '2024-01-02');
  await ehcp(['case', 'new', '--ref', 'C0002', '--officer', FORMULA_OFFICER, '--opened', '2024-03-01', '--no-input'], '2024-03-01');

  // C0001: request 2 Jan 2024 → decision due 13 Feb (made 20 Feb: 7 days late), no-plan notice due 23 Apr, final plan due 21 May.
  await comm('request', 'C0001', 'assessment-request', '2024-01-02', ['--party', 'parent', '--summary', FORMULA_SUMMARY]);
  await comm('decision', 'C0001', 'assessment-decision', '2024-02-20', ['--outcome', 'assess', '--party', 'parent']);
  await comm('notice', 'C0001', 'hearing-notice', '2024-02-01', ['--event-date', '2024-03-05', '--party', 'tribunal']);
  // Hearing minutes written 14 Mar, two days after the 5-working-day standard (12 Mar).
  const m = await ehcp(['minutes', 'new', '--case', 'C0001', '--date', '2024-03-05', ...finalMinutes('appeal-hearing'), '--set', 'outcome.result=appeal-upheld'], '2024-03-14');
  ids.hearingMinutes = (JSON.parse(m.stdout) as { id: string }).id;
  await comm('shared', 'C0001', 'minutes-sent', '2024-03-15', ['--responds-to', ids.hearingMinutes, '--party', 'parent']);
  await comm('enquiry', 'C0001', 'enquiry', '2024-03-05', ['--party', 'parent']);
  await comm('reply', 'C0001', 'reply', '2024-03-12', ['--responds-to', ids.enquiry, '--party', 'parent']);
  // An action due 15 Mar, never done.
  const n = await ehcp(['note', 'new', '--case', 'C0001', '--date', '2024-03-08', '--kind', 'phone', '--summary', 'Synthetic call', '--no-input', '--json',
    '--set', 'actions[0].action=Send the synthetic letter', '--set', 'actions[0].due=2024-03-15', '--set', 'actions[0].owner=Test Officer Alpha'], '2024-03-08');
  ids.note = (JSON.parse(n.stdout) as { id: string }).id;
  // The reg 10(4)(a) exception, recorded on 1 Apr, applies to the 16- and 20-week clocks.
  await comm('exception', 'C0001', 'other', '2024-04-01', ['--direction', 'in', '--party', 'school', '--exception', 'reg 10(4)(a)', '--evidence', FORMULA_EVIDENCE]);
  // A pre-tribunal meeting on 16 Apr that nobody wrote minutes for (due 23 Apr).
  await comm('meeting', 'C0001', 'meeting-scheduled', '2024-04-02', ['--direction', 'out', '--event-date', '2024-04-16', '--meeting-kind', 'pre-tribunal-meeting']);
  await comm('finalPlan', 'C0001', 'final-plan', '2024-05-28', ['--party', 'parent']);

  // C0002: a complaint on 1 Mar, never answered: 20 working days across Easter → due 2 Apr.
  await comm('complaint', 'C0002', 'complaint', '2024-03-01', ['--party', 'parent']);
}, 180_000);

interface JsonFinding {
  case: string;
  rule: string;
  category: string;
  due: string | null;
  trigger: string | null;
  citation: string;
  message: string;
  officer?: string;
  daysOverdue?: number;
  workingDaysLeft?: number;
  exception?: { ground: string; evidence: string };
}
interface JsonReport {
  version: number;
  asOf: string;
  findings: JsonFinding[];
  summary: { total: number; byCategory: Record<string, number>; exceptionsApplied: { total: number }; cases: number };
}

async function auditJson(...args: string[]): Promise<JsonReport> {
  const r = await runEhcp(['audit', '--format', 'json', ...args], { cwd: root });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as JsonReport;
}
const brief = (f: JsonFinding) => [f.case, f.rule, f.category, f.due, f.daysOverdue ?? f.workingDaysLeft ?? null, f.exception?.ground ?? null];

describe('ehcp audit --as-of, on a repository built with the CLI', () => {
  it('10 Feb 2024: the 6-week decision is due soon', async () => {
    const report = await auditJson('--as-of', '2024-02-10');
    expect(report.findings.map(brief)).toEqual([['C0001', 'assessment-decision', 'due-soon', '2024-02-13', 2, null]]);
    expect(report.findings[0].trigger).toBe(ids.request);
  });

  it('14 Feb 2024: it is overdue (the decision of 20 Feb is not there yet)', async () => {
    const report = await auditJson('--as-of', '2024-02-14');
    expect(report.findings.map(brief)).toEqual([['C0001', 'assessment-decision', 'overdue', '2024-02-13', 1, null]]);
  });

  it('20 Mar 2024: late decision and minutes, an overdue action, a complaint due soon', async () => {
    const report = await auditJson('--as-of', '2024-03-20');
    expect(report.findings.map(brief)).toEqual([
      ['C0002', 'complaint-response', 'due-soon', '2024-04-02', 7, null],
      ['C0001', 'overdue-action', 'overdue-action', '2024-03-15', 5, null],
      ['C0001', 'late-record', 'late-record', '2024-03-12', 2, null],
      ['C0001', 'assessment-decision', 'late', '2024-02-13', 7, null],
      ['C0001', 'hearing-minutes', 'late', '2024-03-12', 2, null],
    ]);
    const late = report.findings.find((f) => f.rule === 'late-record')!;
    expect(late.trigger).toBe(ids.hearingMinutes);
  });

  it('1 May 2024: missing minutes, an overdue complaint, the no-plan clock overdue with the exception applied', async () => {
    const report = await auditJson('--as-of', '2024-05-01', '--category', 'overdue,missing-record');
    expect(report.findings.map(brief)).toEqual([
      ['C0002', 'complaint-response', 'overdue', '2024-04-02', 29, null],
      ['C0001', 'no-plan-notice', 'overdue', '2024-04-23', 8, 'reg 10(4)(a)'],
      ['C0001', 'meeting-minutes', 'missing-record', '2024-04-23', 8, null],
    ]);
    const excepted = report.findings[1];
    expect(excepted.message).toContain('Exception applied: reg 10(4)(a)');
    expect(excepted.exception!.evidence).toBe(FORMULA_EVIDENCE);
    expect(report.summary.exceptionsApplied.total).toBe(1);
    expect(report.summary.byCategory.overdue).toBe(1); // the excepted one is counted apart
  });

  it('1 Jun 2024: the final plan met a week late, exception shown; the no-plan clock stopped by it', async () => {
    const report = await auditJson('--as-of', '2024-06-01', '--case', 'C0001', '--category', 'late,overdue');
    expect(report.findings.map(brief)).toEqual([
      ['C0001', 'assessment-decision', 'late', '2024-02-13', 7, null],
      ['C0001', 'final-plan', 'late', '2024-05-21', 7, 'reg 10(4)(a)'],
      ['C0001', 'hearing-minutes', 'late', '2024-03-12', 2, null],
    ]);
    // --category missing means what --fail-on missing means.
    const missing = await auditJson('--as-of', '2024-05-01', '--category', 'missing');
    expect(new Set(missing.findings.map((f) => f.category))).toEqual(new Set(['overdue', 'missing-record']));
  });

  it('--officer picks the cases of one lead officer', async () => {
    const report = await auditJson('--as-of', '2024-05-01', '--officer', 'test officer alpha');
    expect(new Set(report.findings.map((f) => f.case))).toEqual(new Set(['C0001']));
    const other = await auditJson('--as-of', '2024-05-01', '--officer', FORMULA_OFFICER);
    expect(new Set(other.findings.map((f) => f.case))).toEqual(new Set(['C0002']));
  });

  it('an unknown --officer is exit 2 listing the officers there are, with the closest suggested', async () => {
    const r = await runEhcp(['audit', '--as-of', '2024-05-01', '--officer', 'alpha'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('"Test Officer Alpha"');
    expect(r.stderr).toContain('"=HYPERLINK(');
    expect(r.stderr).toContain('Did you mean --officer "Test Officer Alpha"?');
    const typo = await runEhcp(['audit', '--officer', 'Test Oficer Alpah'], { cwd: root });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('Did you mean --officer "Test Officer Alpha"?');
  });

  it('--due-within widens the due-soon window', async () => {
    const narrow = await auditJson('--as-of', '2024-03-20', '--category', 'due-soon', '--due-within', '3');
    expect(narrow.findings).toEqual([]);
    const wide = await auditJson('--as-of', '2024-03-20', '--category', 'due-soon', '--due-within', '30');
    expect(wide.findings.map((f) => f.rule).sort()).toEqual(['complaint-response', 'no-plan-notice']);
  });
});

describe('--fail-on', () => {
  const code = async (...args: string[]) => (await runEhcp(['audit', '--format', 'json', ...args], { cwd: root })).code;

  it('none never fails; due-soon never fails, even with any', async () => {
    expect(await code('--as-of', '2024-05-01', '--fail-on', 'none')).toBe(0);
    expect(await code('--as-of', '2024-02-10', '--fail-on', 'any')).toBe(0);
  });

  it('overdue fails on an overdue finding only', async () => {
    expect(await code('--as-of', '2024-02-14', '--fail-on', 'overdue')).toBe(1);
    expect(await code('--as-of', '2024-03-20', '--fail-on', 'overdue')).toBe(0);
  });

  it('an overdue finding with an exception applied does not fail the run', async () => {
    // C0001 on 1 May: only the excepted no-plan clock is overdue; the minutes are missing.
    expect(await code('--as-of', '2024-05-01', '--case', 'C0001', '--fail-on', 'overdue')).toBe(0);
    expect(await code('--as-of', '2024-05-01', '--case', 'C0001', '--fail-on', 'missing')).toBe(1);
  });

  it('any fails on an overdue action; missing does not', async () => {
    expect(await code('--as-of', '2024-03-20', '--fail-on', 'missing')).toBe(0);
    expect(await code('--as-of', '2024-03-20', '--fail-on', 'any')).toBe(1);
  });
});

describe('output formats', () => {
  it('json matches the contract exactly', async () => {
    const report = await auditJson('--as-of', '2024-05-01');
    expect(Object.keys(report)).toEqual(['version', 'asOf', 'findings', 'summary']);
    expect(report.version).toBe(1);
    expect(report.asOf).toBe('2024-05-01');
    for (const f of report.findings) {
      for (const key of ['case', 'rule', 'category', 'due', 'trigger', 'citation', 'message']) expect(f, key).toHaveProperty(key);
      expect(f.due === null || /^\d{4}-\d{2}-\d{2}$/.test(f.due)).toBe(true);
      expect(f.citation.length).toBeGreaterThan(0);
      expect(f.message).not.toContain('HYPERLINK'); // record text never reaches a message
    }
    expect(report.summary.total).toBe(report.findings.length);
    expect(Object.keys(report.summary.byCategory).sort()).toEqual(
      ['breached', 'due-soon', 'integrity', 'late', 'late-record', 'missing-record', 'overdue', 'overdue-action', 'stale-draft'],
    );
  });

  it('table: the summary first, then what needs action now; history only on request; fits 100 columns', async () => {
    const r = await runEhcp(['audit', '--as-of', '2024-05-01'], { cwd: root, env: { COLUMNS: '100' } });
    expect(r.code).toBe(0);
    const out = r.stdout;
    const lines = out.split('\n');
    expect(lines[0]).toBe('ehcp audit: Synthetic Test Council, as of 2024-05-01');
    expect(out).toMatch(/^Needs action now: \d+ items\n {2}overdue 2 · missing-record 1 · /m);
    expect(out).toMatch(/^Oldest overdue: C0002 complaint-response, due 2024-04-02, 29 days overdue/m);
    expect(out).toMatch(/^OFFICER +NOW +OVERDUE +MISSING +DUE SOON +HISTORY$/m);
    expect(out.indexOf('OFFICER')).toBeLessThan(out.indexOf('Overdue (2)')); // summary first
    expect(out).toMatch(/^Overdue \(2\)\n {2}CASE +OFFICER +DUE +WHEN +.*WHAT\n {2}C0002 +=HYPERLINK/m);
    expect(out.indexOf('  C0002')).toBeLessThan(out.indexOf('  C0001')); // the most overdue first
    expect(out).toMatch(/^ {6}exception applied: reg 10\(4\)\(a\), evidence: -2\+3 school/m);
    expect(out).toMatch(/^History: \d+ \(met late \d+, recorded late \d+\); not listed: --include-history lists them$/m);
    expect(out).not.toMatch(/^Met late|^Recorded late/m);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(100);
    expect(out).toMatch(/As of 2024-05-01: \d+ findings in 2 cases: overdue 1, missing-record 1, /);
    expect(out).not.toContain('\u001b['); // NO_COLOR

    const wide = await runEhcp(['audit', '--as-of', '2024-05-01', '--wide', '--include-history'], { cwd: root });
    expect(wide.stdout).toContain('SEND Regs 2014 reg 10(1); CFA 2014 s36(9)');
    expect(wide.stdout).toMatch(/Response to a complaint: due 2024-04-02 \(.*\); nothing recorded meets it, 29 days overdue\./);
    expect(wide.stdout).toMatch(/^Met late \(\d+\)$/m);
    // Naming a history category lists it.
    const named = await runEhcp(['audit', '--as-of', '2024-05-01', '--category', 'late-record'], { cwd: root });
    expect(named.stdout).toMatch(/^Recorded late \(1\)$/m);
  });

  it('one sort order: the table, JSON and CSV list the findings in the same order', async () => {
    const args = ['audit', '--as-of', '2024-05-01', '--include-history', '--wide'];
    const json = JSON.parse((await runEhcp([...args, '--format', 'json'], { cwd: root })).stdout) as JsonReport;
    const csv = (await runEhcp([...args, '--format', 'csv'], { cwd: root })).stdout.replace(/^\uFEFF/, '').trimEnd().split('\r\n').slice(1);
    const table = (await runEhcp(args, { cwd: root })).stdout.split('\n').filter((l) => /^ {2}C000\d /.test(l));
    const keys = json.findings.map((f) => `${f.case} ${f.rule}`);
    expect(keys.length).toBeGreaterThan(4);
    expect(csv.map((l) => { const cells = l.split(','); return `${cells[1]} ${cells[3]}`; }).filter((k) => /^C000\d [a-z-]+$/.test(k))).toEqual(
      keys.filter((_, i) => !json.findings[i].officer?.includes(',')),
    );
    expect(table.map((l) => { const m = /^ {2}(C000\d) .*? (\d{4}-\d\d-\d\d|) {2,}.*? {2}([a-z0-9-]+) {2}/.exec(l); return m ? `${m[1]} ${m[3]}` : l; })).toEqual(keys);
  });

  it('csv: a header, proper quoting, and no cell a spreadsheet would run as a formula', async () => {
    const r = await runEhcp(['audit', '--as-of', '2024-05-01', '--format', 'csv'], { cwd: root });
    expect(r.code).toBe(0);
    const rows = parseCsv(r.stdout.replace(/^\uFEFF/, ''));
    expect(rows[0].slice(0, 6)).toEqual(['category', 'case', 'officer', 'rule', 'title', 'due']);
    const header = rows[0];
    const body = rows.slice(1);
    expect(body.length).toBeGreaterThan(3);
    for (const row of body) {
      expect(row.length).toBe(header.length);
      for (const cell of row) expect(cell, cell).not.toMatch(/^\s*[=+\-@\t\r]/);
    }
    const officerCells = body.map((row) => row[header.indexOf('officer')]);
    expect(officerCells).toContain(`'${FORMULA_OFFICER}`);
    expect(body.map((row) => row[header.indexOf('exception_evidence')])).toContain(`'${FORMULA_EVIDENCE}`);
    expect(r.stdout).not.toContain('evil.invalid/summary'); // a communication's summary is not in the findings at all
  });

  it('github: annotations escaped, a summary line, and the Markdown step summary', async () => {
    const repo = copyRepo();
    // A local rule whose title tries to break out of its annotation.
    fs.appendFileSync(
      path.join(repo, 'ehcp.config.yaml'),
      [
        'rules:',
        '  local:',
        '    - id: synthetic-check',
        '      title: "100% synthetic\\n::error::injected, title: x"',
        '      citation: "Local protocol: 1, 2"',
        '      clock: {match: {type: communication, purpose: complaint}}',
        '      satisfied_by: {match: {type: communication, purpose: complaint-response}}',
        '      period: {unit: days, count: 1}',
        '',
      ].join('\n'),
    );
    gitSync(repo, ['commit', '-qam', 'config']);
    const summaryFile = path.join(tempDir(), 'step-summary.md');
    const r = await runEhcp(['audit', '--as-of', '2024-05-01', '--format', 'github', '--fail-on', 'overdue'], { cwd: repo, env: { GITHUB_STEP_SUMMARY: summaryFile } });
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    const annotations = lines.filter((l) => l.startsWith('::'));
    expect(annotations.length).toBe(lines.length - 1);
    for (const a of annotations) expect(a).toMatch(/^::(error|warning|notice) file=cases\/C000[12]\/[^,]+\.yaml,title=ehcp [a-z-]+%3A [a-z0-9-]+ \(C000[12]\)::/);
    const injected = annotations.find((a) => a.includes('synthetic-check'))!;
    expect(injected).toContain('100%25 synthetic%0A::error::injected, title: x');
    expect(injected.split('::').length).toBe(5); // ::error ... ::message (the injected :: stays inside the message)
    expect(lines[lines.length - 1]).toMatch(/^ehcp audit: As of 2024-05-01: /);
    const md = fs.readFileSync(summaryFile, 'utf8');
    expect(md).toMatch(/^## ehcp audit: Synthetic Test Council/);
    expect(md).toContain('| Case | Officer | Rule | Due | When | Citation | Detail |');
    expect(md).toContain(FORMULA_OFFICER); // officer text shown...
    expect(md).not.toMatch(/\]\(http/); // ...but never as a link
  });

  it('markdown: escaped cells', async () => {
    const r = await runEhcp(['audit', '--as-of', '2024-05-01', '--format', 'markdown'], { cwd: root });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('### Overdue (2)');
    for (const line of r.stdout.split('\n').filter((l) => l.startsWith('| C000'))) expect(line.split(' | ').length).toBe(7);
  });

  it('--out writes the file atomically and nothing to stdout', async () => {
    const out = path.join(tempDir(), 'audit.csv');
    const r = await runEhcp(['audit', '--as-of', '2024-05-01', '--format', 'csv', '--out', out], { cwd: root });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/findings written to/);
    expect(fs.readFileSync(out, 'utf8')).toMatch(/^\uFEFFcategory,case,officer/);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['audit.csv']);
  });
});

describe('what the audit does with a less than perfect repository', () => {
  it('an uncommitted record is an integrity finding until it is committed', async () => {
    const repo = copyRepo();
    const r = await runEhcp(['comm', 'new', '--case', 'C0002', '--purpose', 'other', '--direction', 'out', '--date', '2024-04-01', '--no-commit', '--no-input'], { cwd: repo });
    expect(r.code).toBe(0);
    const file = r.stdout.trim();
    const report = JSON.parse((await runEhcp(['audit', '--as-of', '2024-05-01', '--format', 'json', '--category', 'integrity'], { cwd: repo })).stdout) as JsonReport;
    expect(report.findings.map((f) => [f.case, f.category, f.due, f.trigger])).toEqual([['C0002', 'integrity', null, path.basename(file, '.yaml')]]);
    expect((await runEhcp(['audit', '--as-of', '2024-05-01', '--fail-on', 'any', '--category', 'integrity'], { cwd: repo })).code).toBe(1);
  });

  it('invalid files are skipped with a note on stderr; the valid records are still audited', async () => {
    const repo = copyRepo();
    writeFile(repo, 'cases/C0002/2024-04-01-note-zzzzzz.yaml', 'schema: note/v1\nid: 2024-04-01-note-zzzzzz\n: broken [\n');
    gitSync(repo, ['add', '-A']);
    gitSync(repo, ["commit", "-qm", "broken", "--no-verify"]);
    const r = await runEhcp(['audit', '--as-of', '2024-05-01', '--format', 'json'], { cwd: repo });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/1 file was skipped as invalid.*ehcp validate/);
    expect((JSON.parse(r.stdout) as JsonReport).findings.length).toBeGreaterThan(2);
  });

  it('a broken config is exit 2 with what to do', async () => {
    const repo = copyRepo();
    fs.appendFileSync(path.join(repo, 'ehcp.config.yaml'), 'rules:\n  overrides:\n    no-such-rule: {enabled: false}\n');
    const r = await runEhcp(['audit', '--as-of', '2024-05-01'], { cwd: repo });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/rules\.overrides\.no-such-rule names no built-in rule/);
    expect(r.stderr).not.toMatch(/at .*\.js/); // no stack trace
    fs.appendFileSync(path.join(repo, 'ehcp.config.yaml'), 'colour: red\n');
    const schemaBroken = await runEhcp(['audit'], { cwd: repo });
    expect(schemaBroken.code).toBe(2);
    expect(schemaBroken.stderr).toMatch(/ehcp\.config\.yaml is not valid/);
  });

  it('usage mistakes are exit 2', async () => {
    // The first through the binary (the exit code a shell sees); the rest of the matrix in-process.
    const mistakes = [['--as-of', '2024-02-30'], ['--category', 'overdue,nonsense'], ['--due-within', 'soon'], ['--case', 'lower-case'], ['--case', 'C9999'], ['--format', 'pdf']];
    for (const [i, args] of mistakes.entries()) {
      const r = await (i === 0 ? spawnEhcp : runEhcp)(['audit', ...args], { cwd: root });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
    }
  });

  it('in a shallow clone: says how to fetch the history and skips only late-record', async () => {
    const clone = path.join(tempDir(), 'shallow');
    gitSync(path.dirname(clone), ['clone', '-q', '--depth', '1', `file://${root}`, clone]);
    const r = await runEhcp(['audit', '--as-of', '2024-03-20', '--format', 'json'], { cwd: clone });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/shallow clone/);
    expect(r.stderr).toMatch(/fetch-depth: 0/);
    expect(r.stderr).toMatch(/git fetch --unshallow/);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.findings.some((f) => f.category === 'late-record')).toBe(false);
    expect(report.findings.map((f) => f.rule)).toContain('assessment-decision');
  });
});

describe('ehcp case show', () => {
  it("lists the case's open clocks: what is due, when, under which rule", async () => {
    const r = await spawnEhcp(['case', 'show', 'C0002', '--format', 'json'], { cwd: root });
    expect(r.code).toBe(0);
    const view = JSON.parse(r.stdout) as { deadlines: { rule: string; due: string; trigger: string; citation: string; overdue: boolean }[] };
    expect(view.deadlines).toEqual([
      { rule: 'complaint-response', title: 'Response to a complaint', due: '2024-04-02', start: '2024-03-01', trigger: ids.complaint, citation: expect.stringContaining('complaint_response_working_days'), overdue: true },
    ]);
    const text = await spawnEhcp(['case', 'show', 'C0001'], { cwd: root });
    expect(text.stdout).toMatch(/Open deadlines as of \d{4}-\d{2}-\d{2} \(\d+\)/);
    expect(text.stdout).toMatch(/meeting-minutes +2024-04-23 +\d+ days overdue +Minutes of a scheduled meeting/);
    const deadlines = text.stdout.slice(text.stdout.indexOf('Open deadlines'));
    expect(deadlines).not.toMatch(/^ +reply /m); // met: not open
    expect(deadlines).not.toMatch(/^ +final-plan /m); // met on 28 May 2024
    expect(deadlines).toMatch(/annual-review-due +2025-05-27 +(\d+ days (overdue|left)|due today) /); // 12 months starting with that final plan
  });
});

describe('ehcp rules list', () => {
  it('lists the rules in force with period and citation, after the config', async () => {
    const repo = copyRepo();
    fs.appendFileSync(
      path.join(repo, 'ehcp.config.yaml'),
      'rules:\n  overrides:\n    order-reconsider: {period: {unit: weeks, count: 3}}\n    stale-draft: {enabled: false}\n',
    );
    const config = path.join(repo, 'ehcp.config.yaml');
    fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace('reply_working_days: 10', 'reply_working_days: 7'));
    const r = await runEhcp(['rules', 'list'], { cwd: repo, env: { COLUMNS: '250' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ID +CATEGORY +PERIOD +COUNTING +CITATION/);
    expect(r.stdout).toMatch(/^final-plan +statutory +20 weeks +within-weeks +SEND Regs 2014 reg 13\(2\)$/m);
    expect(r.stdout).toMatch(/^annual-review-due \[U\] +statutory +12 calendar months starting with the(?: first day|…) +starting-with +CFA 2014 s44\(1\)$/m);
    expect(r.stdout).toMatch(/^review-notice +statutory +at least 2 weeks before +at-least-before +SEND Regs 2014 reg 20\(3\); reg 21\(3\)$/m);
    expect(r.stdout).toMatch(/^reply +local +7 working days /m);
    expect(r.stdout).toMatch(/^order-reconsider \[U\]\* +statutory +3 weeks /m);
    expect(r.stdout).toMatch(/^stale-draft \* \(off\)/m);
    // The audit's summary names the loosened (or tightened) standard.
    const audited = await runEhcp(['audit', '--as-of', '2024-05-01'], { cwd: repo });
    expect(audited.stdout).toContain("Standard changed in ehcp.config.yaml: reply_working_days 7 (ehcp's default: 10)");
    const standardJson = JSON.parse((await runEhcp(['audit', '--as-of', '2024-05-01', '--format', 'json'], { cwd: repo })).stdout) as { summary: { standardsDiffering: unknown } };
    expect(standardJson.summary.standardsDiffering).toEqual([{ name: 'reply_working_days', value: 7, default: 10 }]);
    const narrow = await runEhcp(['rules', 'list'], { cwd: repo, env: { COLUMNS: '100' } });
    for (const line of narrow.stdout.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(100);
    const json = JSON.parse((await runEhcp(['rules', 'list', '--format', 'json'], { cwd: repo })).stdout) as { version: number; rules: { id: string; citation: string; period?: unknown; enabled: boolean }[] };
    expect(json.version).toBe(1);
    for (const rule of json.rules) expect(rule.citation.length, rule.id).toBeGreaterThan(0);
    expect(json.rules.find((x) => x.id === 'stale-draft')!.enabled).toBe(false);
    expect(json.rules.find((x) => x.id === 'annual-review-due')).toMatchObject({ counting: 'starting-with', words: expect.stringContaining('starting with the date on which the plan was first made') });
  });

  it('outside a repository shows the built-in defaults', async () => {
    const r = await spawnEhcp(['rules', 'list'], { cwd: tempDir() });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/built-in defaults/);
    expect(r.stdout).toMatch(/^assessment-decision +statutory +6 weeks +within-weeks +SEND Regs 2014 reg 5\(1\)$/m);
  });
});

/** A copy of the built repository (git history included) to change without touching the shared one. */
function copyRepo(): string {
  const dest = path.join(tempDir(), 'records');
  fs.cpSync(root, dest, { recursive: true });
  return dest;
}

/** RFC 4180: quoted cells may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) row.push(cell), rows.push(row);
  return rows;
}
