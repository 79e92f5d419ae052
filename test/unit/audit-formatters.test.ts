// The findings formatters with plain findings: exact table output, JSON key order, CSV
// formula neutralisation and quoting, Markdown and terminal escaping, GitHub escaping.

import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { summarise, type Finding } from '../../src/core/audit/index.js';
import { formatFindings, type FindingsReport } from '../../src/cli/formatters/findings/index.js';
import { csvCell } from '../../src/cli/formatters/findings/csv.js';
import { mdCell } from '../../src/cli/formatters/findings/markdown.js';
import { printable } from '../../src/cli/formatters/inert.js';
import { displayWidth, shorten } from '../../src/cli/formatters/columns.js';
import { suggest } from '../../src/cli/officers.js';
import { compareForReading, standardsDiffering, summariseTodo } from '../../src/core/audit/summary.js';

const color = new Chalk({ level: 0 });

const overdue: Finding = {
  case: 'C0002',
  rule: 'complaint-response',
  title: 'Response to a complaint',
  category: 'overdue',
  due: '2024-04-02',
  trigger: '2024-03-01-comm-aaaaaa',
  citation: 'Local service standard',
  message: 'Response to a complaint: due 2024-04-02; 29 days overdue.',
  ruleCategory: 'local',
  officer: 'Test Officer Beta',
  file: 'cases/C0002/2024-03-01-comm-aaaaaa.yaml',
  start: '2024-03-01',
  daysOverdue: 29,
};
const excepted: Finding = {
  case: 'C0001',
  rule: 'no-plan-notice',
  title: 'Decision not to issue a plan',
  category: 'overdue',
  due: '2024-04-23',
  trigger: '2024-01-02-comm-bbbbbb',
  citation: 'SEND Regs 2014 reg 10(1)',
  message: 'Decision not to issue a plan: due 2024-04-23; 8 days overdue. Exception applied: reg 10(4)(a) (recorded on 2024-04-01-comm-cccccc).',
  ruleCategory: 'statutory',
  officer: '@Test Officer\u001b[31m Alpha',
  daysOverdue: 8,
  exception: { ground: 'reg 10(4)(a)', evidence: '=cmd|" /C calc"!A0', record: '2024-04-01-comm-cccccc' },
};
const soon: Finding = {
  case: 'C0001',
  rule: 'final-plan',
  title: 'Final EHC plan issued',
  category: 'due-soon',
  due: '2024-05-21',
  trigger: '2024-01-02-comm-bbbbbb',
  citation: 'SEND Regs 2014 reg 13(2)',
  message: 'Final EHC plan issued: due 2024-05-21; 3 working days left.',
  ruleCategory: 'statutory',
  workingDaysLeft: 3,
};
const report = (findings: Finding[]): FindingsReport => ({ asOf: '2024-05-01', findings, summary: summarise(findings), authority: 'Synthetic | Council' });

describe('table', () => {
  const full = (findings: Finding[]): FindingsReport => ({ ...report([...findings].sort(compareForReading)), todo: summariseTodo(findings) });

  it('the summary first, then one table per category, most urgent first, fitted to 80 columns', () => {
    const late: Finding = { ...overdue, category: 'late', rule: 'reply', title: 'Reply to an enquiry', daysOverdue: 3, satisfiedOn: '2024-04-05' };
    const out = formatFindings('table', full([soon, excepted, late, overdue]), { color, width: 80 });
    expect(out).toBe(
      [
        'ehcp audit: Synthetic | Council, as of 2024-05-01',
        'Needs action now: 3 items',
        '  overdue 2 · missing-record 0 · due-soon 1 · overdue-action 0 · stale-draft 0…',
        'History: 1 (met late 1, recorded late 0); not listed: --include-history lists…',
        'With a statutory exception applied (counted apart, still listed): 1',
        'Oldest overdue: C0002 complaint-response, due 2024-04-02, 29 days overdue (Test…',
        '',
        'OFFICER                        NOW  OVERDUE  MISSING  DUE SOON  HISTORY',
        '@Test Officer\\u001b[31m Alpha    1        1        0         0        0',
        'Test Officer Beta                1        1        0         0        1',
        '(no officer)                     1        0        0         1        0',
        '',
        'Overdue (2)',
        '  CASE   OFFICER                 DUE         WHEN             WHAT',
        '  C0002  Test Officer Beta       2024-04-02  29 days overdue  Response to a…',
        '  C0001  @Test…                  2024-04-23  8 days overdue   Decision not to…',
        '      exception applied: reg 10(4)(a), evidence: =cmd|" /C calc"!A0',
        '',
        'Due soon (1)',
        '  CASE   DUE         WHEN                 RULE        WHAT',
        '  C0001  2024-05-21  3 working days left  final-plan  Final EHC plan issued',
        '',
        'As of 2024-05-01: 4 findings in 2 cases: overdue 1, missing-record 0, due-soon',
        '1, overdue-action 0, stale-draft 0, integrity 0, breached 0, late-record 0, late',
        '1; 1 finding with a statutory exception applied, counted apart (overdue 1).',
        '',
      ].join('\n'),
    );
    for (const line of out.split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(80);
  });

  it('--wide: every column in full, history when asked for', () => {
    const late: Finding = { ...overdue, category: 'late', rule: 'reply', daysOverdue: 3 };
    const out = formatFindings('table', { ...full([overdue, late]), includeHistory: true }, { color, width: undefined });
    expect(out).toContain('  CASE   OFFICER            DUE         WHEN             RULE                CITATION                WHAT');
    expect(out).toContain('Response to a complaint: due 2024-04-02; 29 days overdue.');
    expect(out).toMatch(/^Met late \(1\)$/m);
  });

  it('says so when there is nothing', () => {
    expect(formatFindings('table', full([]), { color, width: 100 })).toMatch(/\nNo findings\. As of 2024-05-01: 0 findings in 0 cases/);
  });
});

describe('shortening cells', () => {
  it('at a word boundary, with an ellipsis; a single long word is cut', () => {
    expect(shorten('Minutes of the appeal hearing', 16)).toBe('Minutes of the…');
    expect(shorten('Minutes of the appeal hearing', 40)).toBe('Minutes of the appeal hearing');
    expect(shorten('=HYPERLINK("http://x")', 10)).toBe('=HYPERLIN…');
    expect(shorten('漢字漢字漢字 wide', 8)).toBe('漢字漢字…'.slice(0, 3) + '…'); // wide characters count two columns
  });

  it('the closest officer is suggested', () => {
    expect(suggest('amber', ['Officer Amber Test', 'Officer Basil Test'])).toBe('Officer Amber Test');
    expect(suggest('officer basl test', ['Officer Amber Test', 'Officer Basil Test'])).toBe('Officer Basil Test');
  });
});

describe('the one sort order and the summary', () => {
  it('category first, then the most overdue, then the fewest working days left', () => {
    const a = { ...overdue, daysOverdue: 3, case: 'C0009' };
    const b = { ...overdue, daysOverdue: 30, case: 'C0001' };
    const s1 = { ...soon, workingDaysLeft: 5 };
    const s2 = { ...soon, workingDaysLeft: 1 };
    expect([s1, a, s2, b].sort(compareForReading)).toEqual([b, a, s2, s1]);
  });

  it("another body's overdue duty is listed but kept out of the authority's counts and the oldest overdue", () => {
    const advice: Finding = { ...overdue, case: 'C0003', rule: 'advice-response', title: 'Advice given', duty: 'other-body', daysOverdue: 90 };
    const todo = summariseTodo([overdue, advice]);
    expect(todo.otherBodies).toBe(1);
    expect(todo.actionNow).toBe(1);
    expect(todo.oldestOverdue?.case).toBe('C0002');
    const out = formatFindings('table', { ...report([overdue, advice]), todo }, { color, width: 100 });
    expect(out).toContain('Awaiting another body (their duty, listed to chase; not counted above): 1');
    expect(out).toContain('C0003');
  });

  it('standards that differ from the defaults are named', () => {
    expect(standardsDiffering({ late_record_working_days: 365, reply_working_days: 10 }, { late_record_working_days: 5, reply_working_days: 10 })).toEqual([
      { name: 'late_record_working_days', value: 365, default: 5 },
    ]);
    const out = formatFindings('table', { ...report([]), todo: summariseTodo([]), standards: [{ name: 'late_record_working_days', value: 365, default: 5 }] }, { color, width: 100 });
    expect(out).toContain("Standard changed in ehcp.config.yaml: late_record_working_days 365 (ehcp's default: 5)");
  });
});

describe('json', () => {
  it('is {version, asOf, findings, summary} with keys in a fixed order', () => {
    const out = JSON.parse(formatFindings('json', report([soon, overdue]), { color }));
    expect(Object.keys(out)).toEqual(['version', 'asOf', 'findings', 'summary']);
    expect(Object.keys(out.findings[1])).toEqual(['case', 'rule', 'title', 'category', 'due', 'trigger', 'citation', 'message', 'ruleCategory', 'officer', 'file', 'start', 'daysOverdue']);
    expect(out.summary.total).toBe(2);
  });
});

describe('csv', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+44 123', "'+44 123"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', `"'\rx"`],
    ['  =1+1', "'  =1+1"],
    ['=HYPERLINK("http://x.invalid","a")', `"'=HYPERLINK(""http://x.invalid"",""a"")"`],
    ['a,b', '"a,b"'],
    ['line\nbreak', '"line\nbreak"'],
    ['plain text', 'plain text'],
    ['2024-05-01', '2024-05-01'],
  ])('%j → %s', (input, output) => {
    expect(csvCell(input)).toBe(output);
  });

  it('numbers and empty values', () => {
    expect(csvCell(29)).toBe('29');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(null)).toBe('');
  });

  it('a header row, CRLF rows, evidence neutralised', () => {
    const out = formatFindings('csv', report([excepted]), { color });
    const lines = out.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe(
      'category,case,officer,rule,title,due,days_overdue,working_days_left,trigger,file,satisfied_by,satisfied_on,exception_ground,exception_evidence,exception_until,action,action_owner,citation,rule_category,message',
    );
    expect(lines[1]).toContain(`"'=cmd|"" /C calc""!A0"`);
    expect(lines[1]).toContain("'@Test Officer");
    expect(lines[2]).toBe('');
  });
});

describe('markdown', () => {
  it('escapes what could break a table, make a link or inject HTML', () => {
    expect(mdCell('a | b')).toBe('a \\| b');
    expect(mdCell('[x](javascript:alert(1))')).toBe('\\[x\\](javascript:alert(1))');
    expect(mdCell('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mdCell('*bold* _it_ `code` # ! ~')).toBe('\\*bold\\* \\_it\\_ \\`code\\` \\# \\! \\~');
    expect(mdCell('two\nlines')).toBe('two lines');
    expect(mdCell('Tom & Jerry')).toBe('Tom &amp; Jerry');
  });

  it('a heading with the authority, a summary and one table per category', () => {
    const out = formatFindings('markdown', report([overdue, soon]), { color });
    expect(out).toMatch(/^## ehcp audit: Synthetic \\\| Council\n/);
    expect(out).toContain('### Overdue (1)');
    expect(out).toContain('| C0002 | Test Officer Beta | `complaint-response` | 2024-04-02 | 29 days overdue | Local service standard |');
    expect(out).toContain('### Due soon (1)');
  });
});

describe('github', () => {
  it('one escaped annotation per finding, then the summary', () => {
    const tricky: Finding = { ...overdue, message: '100% done\r\nnext::line', file: 'cases/C0002/a,b:c.yaml' };
    const out = formatFindings('github', report([tricky, soon]), { color }).trimEnd().split('\n');
    expect(out).toHaveLength(3);
    expect(out[0]).toBe('::error file=cases/C0002/a%2Cb%3Ac.yaml,title=ehcp overdue%3A complaint-response (C0002)::100%25 done%0D%0Anext::line [Local service standard]');
    expect(out[1]).toBe('::warning file=cases/C0001/case.yaml,title=ehcp due-soon%3A final-plan (C0001)::Final EHC plan issued: due 2024-05-21; 3 working days left. [SEND Regs 2014 reg 13(2)]');
    expect(out[2]).toMatch(/^ehcp audit: As of 2024-05-01: 2 findings/);
  });
});

describe('terminal safety', () => {
  it('control characters in record text become visible escapes', () => {
    expect(printable('a\u001b[2Jb')).toBe('a\\u001b[2Jb');
    expect(printable('line\nbreak\ttab')).toBe('line break tab');
    expect(printable('Zoë O’Neill')).toBe('Zoë O’Neill');
  });
});

describe('duties of other bodies and breached minimum periods', () => {
  it('the summary line counts another body\'s duty apart; breached says how many days too soon', () => {
    const advice: Finding = { ...overdue, rule: 'advice-response', duty: 'other-body' };
    const early: Finding = { ...overdue, case: 'C0003', rule: 'comment-period', category: 'breached', daysEarly: 5, daysOverdue: undefined };
    const text = formatFindings('table', report([advice, early]), { color, includeHistory: true } as never);
    expect(text).toContain('overdue 0,');
    expect(text).toContain("1 finding on another body's duty, counted apart.");
    expect(text).toContain('5 days too soon');
  });
});
