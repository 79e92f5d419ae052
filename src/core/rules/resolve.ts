// The rules in force: the built-in set with the config's `standards:` periods, then its
// `rules.overrides` (any listed field replaces the built-in one) and `rules.local` (new
// local rules). The JSON Schema has already checked the shapes; this checks what a schema
// cannot: that overridden ids exist, local ids are new, and every period computes.

import { computeDueDate, createWorkingCalendar, type Period } from '../calendar/index.js';
import { EhcpError } from '../errors.js';
import { STANDARD_DEFAULTS, type Config } from '../records.js';
import { builtinRules } from './builtin.js';
import type { CheckRule, ClockRule, LocalRuleConfig, PeriodConfig, Rule, RuleOverride, RuleSet } from './types.js';

const CONFIG = 'ehcp.config.yaml';
const HINT = 'Correct `rules:` in ehcp.config.yaml (see docs/rules.md); `ehcp rules list` shows the rule ids.';

/** Fields an override may set on a check (stale-draft, late-record, overdue-action). */
const CHECK_FIELDS = new Set(['enabled', 'title', 'description', 'citation', 'period']);

export function resolveRules(config?: Pick<Config, 'standards' | 'rules'>): RuleSet {
  const rules = builtinRules(config?.standards ?? {});
  const byId = new Map(rules.map((r, i) => [r.id, i]));
  for (const [id, override] of Object.entries(config?.rules?.overrides ?? {})) {
    const index = byId.get(id);
    if (index === undefined) throw new EhcpError(`${CONFIG}: rules.overrides.${id} names no built-in rule.`, HINT);
    rules[index] = applyOverride(rules[index], override);
  }
  for (const local of config?.rules?.local ?? []) {
    if (byId.has(local.id)) {
      throw new EhcpError(`${CONFIG}: rules.local has a second rule with the id ${local.id}.`, `Give it a new id, or change the existing rule under rules.overrides.${local.id}.`);
    }
    byId.set(local.id, rules.length);
    rules.push(localRule(local));
  }
  for (const rule of rules) checkPeriod(rule);
  return { rules, dueSoonWorkingDays: config?.standards?.due_soon_working_days ?? STANDARD_DEFAULTS.due_soon_working_days };
}

function applyOverride(rule: Rule, override: RuleOverride): Rule {
  const { period, ...rest } = override;
  if (rule.kind === 'check') {
    const wrong = Object.keys(override).filter((k) => !CHECK_FIELDS.has(k));
    if (wrong.length > 0) {
      throw new EhcpError(`${CONFIG}: rules.overrides.${rule.id} sets ${wrong.join(', ')}, which the ${rule.id} check does not have.`, `A check takes only ${[...CHECK_FIELDS].join(', ')}.`);
    }
    if (rule.id === 'overdue-action' && period) {
      throw new EhcpError(`${CONFIG}: rules.overrides.overdue-action sets a period, but each action has its own due date.`, 'Remove the period.');
    }
    if (period && period.unit !== 'working-days') {
      throw new EhcpError(`${CONFIG}: rules.overrides.${rule.id}.period must be in working days.`, 'Write it as `period: {unit: working-days, count: N}`.');
    }
    return { ...rule, ...rest, ...(period ? { period: normalisePeriod(period) } : {}) } as CheckRule;
  }
  return { ...rule, ...rest, ...(period ? { period: normalisePeriod(period) } : {}) } as ClockRule;
}

function localRule(config: LocalRuleConfig): ClockRule {
  return {
    kind: 'clock',
    category: 'local',
    id: config.id,
    title: config.title,
    citation: config.citation,
    description: config.description ?? '',
    ...(config.enabled === undefined ? {} : { enabled: config.enabled }),
    clock: config.clock,
    satisfied_by: config.satisfied_by,
    ...(config.cancelled_by ? { cancelled_by: config.cancelled_by } : {}),
    period: normalisePeriod(config.period),
    when_missed: config.when_missed ?? 'overdue',
    counting: config.counting ?? 'local',
    ...(config.words ? { words: config.words } : {}),
    ...(config.duty ? { duty: config.duty } : {}),
  };
}

function normalisePeriod(period: PeriodConfig): Period {
  return period.unit === 'before-date' ? { unit: 'before-date', month: period.month, day: period.day, yearFrom: 'clock' } : period;
}

const probe = createWorkingCalendar();

/** A period that cannot compute (e.g. before 30 February) is a config error now, not a crash mid-audit. */
function checkPeriod(rule: Rule): void {
  if (!rule.period) return;
  try {
    for (const start of ['2023-06-01', '2024-06-01']) {
      computeDueDate(start, rule.period, probe);
      if (rule.kind === 'clock' && rule.later_of) computeDueDate(start, rule.later_of.period, probe);
    }
  } catch (error) {
    throw new EhcpError(`${CONFIG}: the period of rule ${rule.id} is not valid: ${(error as Error).message}.`, HINT);
  }
}

/** Rules that apply in an audit (not switched off with `enabled: false`). */
export function rulesInForce(set: RuleSet): Rule[] {
  return set.rules.filter((r) => r.enabled !== false);
}
