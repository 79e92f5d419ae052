// The rules as data: the built-in set covers the rules of docs/rules.md and every reg 44 order, every
// rule carries its citation, [U] facts are flagged, the config can change and add rules,
// and the config schema accepts exactly the shape the built-in rules have.

import { describe, expect, it } from 'vitest';
import { createWorkingCalendar } from '../../src/core/calendar/index.js';
import { audit } from '../../src/core/audit/index.js';
import { EhcpError } from '../../src/core/errors.js';
import { builtinRules, matches, passes, resolveRules, rulesInForce, toMatchable, type ClockRule, type RulesConfig } from '../../src/core/rules/index.js';
import { ORDERS } from '../../src/core/vocabulary.js';
import type { CaseFile, Communication } from '../../src/core/records.js';
import { getSchemaValidator } from '../../src/store/read/schemas.js';

const builtin = builtinRules();
const clockRules = builtin.filter((r): r is ClockRule => r.kind === 'clock');
const byId = (id: string) => resolveRules().rules.find((r) => r.id === id)!;

const validator = getSchemaValidator();
const validateConfig = (rules: RulesConfig) =>
  validator.validate('ehcp.config.yaml', { schema: 'config/v1', authority: 'Synthetic Test Council', rules }, () => ({ line: 1, col: 1 }), ['config']).problems;

describe('the built-in rules', () => {
  it('have unique ids, a title, a citation and a description each', () => {
    expect(new Set(builtin.map((r) => r.id)).size).toBe(builtin.length);
    for (const r of builtin) {
      expect(r.id).toMatch(/^[a-z0-9][a-z0-9-]*$/);
      expect(r.title.length, r.id).toBeGreaterThan(5);
      expect(r.citation.length, r.id).toBeGreaterThan(5);
      expect(r.description.length, r.id).toBeGreaterThan(20);
    }
  });

  it('include every rule the product promises', () => {
    const ids = new Set(builtin.map((r) => r.id));
    for (const id of [
      'assessment-decision', 'no-plan-notice', 'final-plan', 'review-report', 'review-decision', 'amended-plan',
      'annual-review-due', 'phase-transfer', 'reassessment-decision', 'appeal-response', 'hearing-minutes',
      'meeting-minutes', 'minutes-shared', 'reply', 'complaint-response', 'sar-response',
      'stale-draft', 'late-record', 'overdue-action',
    ]) {
      expect(ids.has(id), id).toBe(true);
    }
  });

  it('cite the regulations the table gives', () => {
    expect(byId('assessment-decision').citation).toContain('reg 5(1)');
    expect(byId('no-plan-notice').citation).toContain('reg 10(1)');
    expect(byId('final-plan').citation).toContain('reg 13(2)');
    expect(byId('review-report').citation).toContain('reg 20(7)');
    expect(byId('review-decision').citation).toContain('Devon');
    expect(byId('amended-plan').citation).toContain('reg 22(3)');
    expect(byId('annual-review-due').citation).toContain('s44(1)');
    expect(byId('phase-transfer').citation).toContain('reg 18');
    expect(byId('reassessment-decision').citation).toContain('reg 25');
    expect(byId('sar-response').citation).toContain('Art 12(3)');
    for (const r of clockRules.filter((x) => x.id.startsWith('order-'))) expect(r.citation, r.id).toContain('reg 44(2)');
  });

  it('have a rule for every tribunal order, one per reg 44 duty, with the periods of reg 44(2)', () => {
    const orderRules = clockRules.filter((r) => r.id.startsWith('order-'));
    const triggeredBy = (order: string) =>
      orderRules.filter((r) => matches(Array.isArray(r.clock.match) ? r.clock.match[0] : r.clock.match, toMatchable('communication', { purpose: 'tribunal-decision', order, status: 'final' }))).map((r) => r.id);
    for (const order of ORDERS) expect(triggeredBy(order).length, order).toBeGreaterThan(0);
    const period = (id: string) => byId(id).period;
    expect(period('order-assess-notify')).toEqual({ unit: 'weeks', count: 2 });
    expect(period('order-assess-no-plan')).toEqual({ unit: 'weeks', count: 10 });
    expect(period('order-assess-final-plan')).toEqual({ unit: 'weeks', count: 14 });
    expect(period('order-make-plan-draft')).toEqual({ unit: 'weeks', count: 5 });
    expect(period('order-make-plan-final')).toEqual({ unit: 'weeks', count: 11 });
    expect(period('order-amend-plan')).toEqual({ unit: 'weeks', count: 5 });
    expect(period('order-amend-placement')).toEqual({ unit: 'weeks', count: 2 });
    expect(period('order-reconsider')).toEqual({ unit: 'weeks', count: 2 });
    // A standing duty, not a letter: watched (minimum) for 12 months starting with the order.
    expect(period('order-continue')).toEqual({ unit: 'months', count: 12, startingWith: true });
    expect(byId('order-continue')).toMatchObject({ minimum: true, counting: 'immediately' });
    expect(period('order-continue-and-amend')).toEqual({ unit: 'weeks', count: 5 });
    expect(period('order-dismissed')).toEqual({ unit: 'immediately' });
    expect(triggeredBy('continue-and-amend').sort()).toEqual(['order-continue', 'order-continue-and-amend']);
  });

  it('flag every [U] fact in the description and mark the rule uncertain', () => {
    for (const r of clockRules) {
      const marked = r.citation.includes('[U]') || r.description.includes('[U]');
      expect(Boolean(r.uncertain), r.id).toBe(marked);
      if (r.uncertain) expect(r.description, r.id).toContain('[U]');
    }
    expect(byId('order-reconsider')).toMatchObject({ uncertain: true });
  });

  it('apply the exception grounds of the regulations', () => {
    const grounds = (id: string) => (byId(id) as ClockRule).exceptions ?? [];
    expect(grounds('assessment-decision')).toEqual(['reg 5(4)(a)', 'reg 5(4)(b)', 'reg 5(4)(c)', 'reg 5(4)(d)']);
    expect(grounds('no-plan-notice')).toEqual(grounds('final-plan'));
    expect(grounds('final-plan')[0]).toBe('reg 10(4)(a)');
    expect(grounds('reassessment-plan')[0]).toBe('reg 27(3)(a)');
    for (const r of clockRules.filter((x) => x.id.startsWith('order-'))) expect(grounds(r.id), r.id).toContain('reg 44(3)(a)');
    for (const id of ['reply', 'complaint-response', 'hearing-minutes', 'sar-response', 'annual-review-due']) expect(grounds(id), id).toEqual([]);
  });

  it('take local periods from STANDARD_DEFAULTS, or from standards: in config', () => {
    expect(byId('reply').period).toEqual({ unit: 'working-days', count: 10 });
    expect(byId('complaint-response').period).toEqual({ unit: 'working-days', count: 20 });
    expect(byId('appeal-response').period).toEqual({ unit: 'working-days', count: 30 });
    expect(byId('hearing-minutes').period).toEqual({ unit: 'working-days', count: 5 });
    expect(byId('minutes-shared').period).toEqual({ unit: 'working-days', count: 10 });
    expect(byId('stale-draft').period).toEqual({ unit: 'working-days', count: 10 });
    expect(byId('late-record').period).toEqual({ unit: 'working-days', count: 5 });
    const set = resolveRules({ standards: { reply_working_days: 7, late_record_working_days: 2, due_soon_working_days: 15 } });
    expect(set.rules.find((r) => r.id === 'reply')!.period).toEqual({ unit: 'working-days', count: 7 });
    expect(set.rules.find((r) => r.id === 'late-record')!.period).toEqual({ unit: 'working-days', count: 2 });
    expect(set.dueSoonWorkingDays).toBe(15);
    expect(resolveRules().dueSoonWorkingDays).toBe(10);
  });
});

describe('the config schema and the rules agree', () => {
  it('every built-in clock rule, written as a local rule, is valid config', () => {
    const local = clockRules.map((r) => ({
      id: `copy-${r.id}`,
      title: r.title,
      citation: r.citation,
      description: r.description,
      clock: r.clock,
      satisfied_by: r.satisfied_by,
      ...(r.cancelled_by ? { cancelled_by: r.cancelled_by } : {}),
      period: r.period,
      when_missed: r.when_missed,
    }));
    expect(validateConfig({ local: local as RulesConfig['local'] })).toEqual([]);
    // ...and as local rules they run: ids are new, periods compute.
    expect(resolveRules({ rules: { local: local as RulesConfig['local'] } }).rules.length).toBe(builtin.length + clockRules.length);
  });

  it('every built-in rule can be overridden by id', () => {
    const overrides = Object.fromEntries(builtin.map((r) => [r.id, { enabled: true }]));
    expect(validateConfig({ overrides })).toEqual([]);
  });

  it('refuses unknown fields, a bad period and a bad matcher', () => {
    expect(validateConfig({ overrides: { reply: { colour: 'red' } as never } }).length).toBeGreaterThan(0);
    expect(validateConfig({ overrides: { reply: { period: { unit: 'fortnights', count: 1 } as never } } }).length).toBeGreaterThan(0);
    expect(validateConfig({ overrides: { reply: { period: { unit: 'weeks' } as never } } }).length).toBeGreaterThan(0);
    expect(validateConfig({ overrides: { reply: { period: { unit: 'immediately', count: 3 } as never } } }).length).toBeGreaterThan(0);
    const bad = { id: 'x', title: 'X rule', citation: 'Local', clock: { match: { type: 'letter' } }, satisfied_by: { match: { type: 'communication' } }, period: { unit: 'weeks', count: 1 } };
    expect(validateConfig({ local: [bad as never] }).length).toBeGreaterThan(0);
  });
});

describe('resolveRules: overrides and local rules', () => {
  it('an override replaces the fields it names', () => {
    const set = resolveRules({ rules: { overrides: { 'order-reconsider': { period: { unit: 'weeks', count: 3 } }, 'appeal-response': { citation: 'Tribunal directions of this authority' } } } });
    expect(set.rules.find((r) => r.id === 'order-reconsider')!.period).toEqual({ unit: 'weeks', count: 3 });
    expect(set.rules.find((r) => r.id === 'appeal-response')!.citation).toBe('Tribunal directions of this authority');
  });

  it('a before-date period may leave out yearFrom', () => {
    const set = resolveRules({ rules: { overrides: { 'phase-transfer': { period: { unit: 'before-date', month: 2, day: 1 } } } } });
    expect(set.rules.find((r) => r.id === 'phase-transfer')!.period).toEqual({ unit: 'before-date', month: 2, day: 1, yearFrom: 'clock' });
  });

  it('enabled: false takes a rule out of force', () => {
    const set = resolveRules({ rules: { overrides: { reply: { enabled: false } } } });
    expect(rulesInForce(set).some((r) => r.id === 'reply')).toBe(false);
    expect(set.rules.some((r) => r.id === 'reply')).toBe(true);
  });

  it.each([
    [{ overrides: { 'no-such-rule': { enabled: false } } }, /no-such-rule names no built-in rule/],
    [{ overrides: { 'stale-draft': { when_missed: 'overdue' } } } as RulesConfig, /does not have/],
    [{ overrides: { 'late-record': { period: { unit: 'weeks', count: 1 } } } } as RulesConfig, /working days/],
    [{ overrides: { 'overdue-action': { period: { unit: 'working-days', count: 1 } } } } as RulesConfig, /own due date/],
    [{ overrides: { 'phase-transfer': { period: { unit: 'before-date', month: 2, day: 30 } } } } as RulesConfig, /period of rule phase-transfer is not valid/],
    [{ local: [{ id: 'reply', title: 'Again', citation: 'x', clock: { match: { type: 'communication' } }, satisfied_by: { match: [] }, period: { unit: 'weeks', count: 1 } }] } as RulesConfig, /second rule with the id reply/],
  ])('a config mistake is an error naming it (%#)', (rules, message) => {
    expect(() => resolveRules({ rules })).toThrowError(message);
    try {
      resolveRules({ rules });
    } catch (error) {
      expect(error).toBeInstanceOf(EhcpError);
      expect((error as EhcpError).exitCode).toBe(2);
      expect((error as EhcpError).hint).toBeTruthy();
    }
  });

  it('a local rule from config runs in the audit', () => {
    const set = resolveRules({
      rules: {
        local: [
          {
            id: 'mediation-arranged',
            title: 'Mediation meeting held',
            citation: 'Local protocol 2024/1',
            clock: { match: { type: 'communication', purpose: 'mediation-request' } },
            satisfied_by: { match: { type: 'minutes', kind: 'mediation' } },
            period: { unit: 'days', count: 30 },
            when_missed: 'missing-record',
          },
        ],
        // The built-in rule for the same duty is switched off, so the local one is the only finding.
        overrides: { 'mediation-held': { enabled: false } },
      },
    });
    const caseFile: CaseFile = { schema: 'case/v1', ref: 'C100', status: 'open' };
    const request: Communication = { schema: 'communication/v1', id: '2024-03-01-comm-aaaaaa', case: 'C100', status: 'final', date: '2024-03-01', direction: 'in', purpose: 'mediation-request' };
    const findings = audit({ cases: [caseFile], records: [request], rules: set, calendar: createWorkingCalendar(), asOf: '2024-04-15' });
    expect(findings).toMatchObject([{ rule: 'mediation-arranged', category: 'missing-record', due: '2024-03-31', citation: 'Local protocol 2024/1', ruleCategory: 'local' }]);
  });
});

describe('field tests', () => {
  it.each([
    ['equals', 'a', 'a', true],
    ['equals', 'a', 'b', false],
    ['one of', ['a', 'b'], 'b', true],
    ['one of', ['a', 'b'], undefined, false],
    ['exists', { exists: true }, 0, true],
    ['exists', { exists: true }, undefined, false],
    ['absent', { exists: false }, undefined, true],
    ['not', { not: 'a' }, undefined, true],
    ['not', { not: ['a', 'b'] }, 'b', false],
    ['some', { some: { party: 'parent', attendance: { not: 'apologies' } } }, [{ party: 'parent', attendance: 'apologies' }, { party: 'school' }], false],
    ['some', { some: { party: 'parent', attendance: { not: 'apologies' } } }, [{ party: 'school' }, { party: 'parent' }], true],
    ['some', { some: { party: 'parent' } }, 'parent', false],
  ] as const)('%s %j on %j → %s', (_name, test, actual, expected) => {
    expect(passes(test as never, actual)).toBe(expected);
  });

  it('a void record matches nothing', () => {
    expect(matches({ type: 'communication', purpose: 'enquiry' }, toMatchable('communication', { purpose: 'enquiry', status: 'void' }))).toBe(false);
  });
});
