// docs/rules.md and the rule data are one: its worked examples are test data (each row's
// due date is computed from the rule in force), and its rules table and quoted words must
// match what `ehcp rules list` prints.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeDueDate, createWorkingCalendar, isIsoDate } from '../../src/core/calendar/index.js';
import { COUNTING_READINGS, resolveRules, type ClockRule } from '../../src/core/rules/index.js';
import { PROJECT_ROOT } from '../helpers/cli.js';

const doc = fs.readFileSync(path.join(PROJECT_ROOT, 'docs', 'rules.md'), 'utf8');
const rules = resolveRules().rules.filter((r): r is ClockRule => r.kind === 'clock');
const calendar = createWorkingCalendar();

/** The rows of the markdown table between the worked-examples markers. */
function workedExamples(): { rule: string; from: string; also: string; due: string; why: string }[] {
  const body = /<!-- worked-examples:start -->([\s\S]*?)<!-- worked-examples:end -->/.exec(doc)?.[1];
  if (!body) throw new Error('docs/rules.md has no worked-examples table');
  return body
    .split('\n')
    .filter((line) => line.startsWith('|') && !line.startsWith('|---') && !line.startsWith('| rule '))
    .map((line) => {
      const [rule, from, also, due, why] = line.split('|').slice(1, -1).map((c) => c.trim().replace(/`/g, ''));
      return { rule, from, also, due, why };
    });
}

describe('docs/rules.md worked examples', () => {
  const rows = workedExamples();

  it('has the annual-review examples and their month-end cousins', () => {
    const starts = rows.filter((r) => r.rule === 'annual-review-due').map((r) => r.from);
    expect(starts).toEqual(expect.arrayContaining(['2024-06-10', '2024-10-02', '2024-01-29', '2024-01-30', '2024-01-31', '2024-02-29']));
  });

  it.each(rows.map((r) => [`${r.rule} from ${r.from}${r.also ? ` (and ${r.also})` : ''} is due ${r.due}`, r] as const))('%s', (_name, row) => {
    const rule = rules.find((r) => r.id === row.rule);
    expect(rule, `${row.rule} is a rule in force`).toBeDefined();
    expect(isIsoDate(row.from) && isIsoDate(row.due), 'dates are YYYY-MM-DD').toBe(true);
    let due = computeDueDate(row.from, rule!.period, calendar);
    if (row.also) {
      expect(rule!.later_of, `${row.rule} has a later-of period`).toBeDefined();
      const other = computeDueDate(row.also, rule!.later_of!.period, calendar);
      if (other > due) due = other;
    }
    expect(due).toBe(row.due);
  });
});

describe('docs/rules.md and the rule data agree', () => {
  it('lists every built-in clock rule with its counting reading and citation', () => {
    for (const r of rules) {
      const row = doc.split('\n').find((line) => line.startsWith(`| \`${r.id}\` |`));
      expect(row, r.id).toBeDefined();
      expect(row, r.id).toContain(`\`${r.counting}\``);
      expect(row, r.id).toContain(r.citation);
    }
  });

  it('quotes the words of every statutory rule, and every rule has a reading', () => {
    for (const r of rules) {
      expect(Object.keys(COUNTING_READINGS), r.id).toContain(r.counting);
      if (r.category !== 'statutory') continue;
      expect(r.words, r.id).toBeTruthy();
      expect(doc, r.id).toContain(r.words!);
    }
  });

  it('explains every counting reading', () => {
    for (const reading of Object.keys(COUNTING_READINGS)) expect(doc).toContain(`| \`${reading}\` |`);
  });
});
