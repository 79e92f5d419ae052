// The audit: every clock of every rule in every case, plus the record checks (stale
// drafts, late recording, overdue actions, integrity), as findings. Pure: the caller
// reads the repository and git history; this only computes. Records are indexed by case
// and by matcher key once, so the cost grows with the number of records, not with
// records × rules × cases.

import { caseDirIn, casePathIn, parseCasePath, type Layout } from '../layout.js';
import { diffDays, isIsoDate, type IsoDate } from '../calendar/index.js';
import { STANDARD_DEFAULTS } from '../records.js';
import type { CheckName, CheckRule, ClockRule, Rule, RuleSet } from '../rules/types.js';
import type { FinalRecordChange } from '../finalChanges.js';
import { clocksFor, planRule, type ClockContext } from './clocks.js';
import { clockMessage, days, directionCitation, workingDays } from './messages.js';
import { firstCommitOf, groupByCase, prepareCase, type CaseRecords } from './prepare.js';
import { FINDING_CATEGORIES, type AuditInput, type Clock, type Finding } from './types.js';

function rulesOf(rules: AuditInput['rules']): { list: readonly Rule[]; dueSoon: number } {
  return 'rules' in rules && !Array.isArray(rules)
    ? { list: (rules as RuleSet).rules, dueSoon: (rules as RuleSet).dueSoonWorkingDays }
    : { list: rules as readonly Rule[], dueSoon: STANDARD_DEFAULTS.due_soon_working_days };
}

const enabledClockRules = (list: readonly Rule[]) => list.filter((r): r is ClockRule => r.kind === 'clock' && r.enabled !== false);

/** Every clock in the repository (or one case), whatever its state. */
export function computeClocks(input: Omit<AuditInput, 'uncommitted' | 'integrity' | 'dueWithinWorkingDays'>, onlyCase?: string): Clock[] {
  const plans = enabledClockRules(rulesOf(input.rules).list).map(planRule);
  const ctx: ClockContext = { calendar: input.calendar, asOf: input.asOf, firstCommitDay: input.firstCommitDay };
  const clocks: Clock[] = [];
  for (const group of groupByCase(input.cases, input.records, input.asOf).values()) {
    if (onlyCase !== undefined && group.ref !== onlyCase) continue;
    const c = prepareCase(group, input.layout);
    for (const plan of plans) clocksFor(plan, c, ctx, clocks);
  }
  return clocks;
}

/**
 * The clocks of one case still open on the audit date (not met, not cancelled), the
 * soonest due first: what `ehcp case show` lists as open deadlines. Clocks whose start
 * is still ahead (a hearing next month) are included.
 */
export function openClocks(input: Omit<AuditInput, 'uncommitted' | 'integrity' | 'dueWithinWorkingDays'>, caseRef: string): Clock[] {
  return computeClocks(input, caseRef)
    .filter((c) => c.state === 'open' && !c.rule.minimum) // a minimum period is not a deadline to meet
    .sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.rule.id < b.rule.id ? -1 : 1));
}

export function audit(input: AuditInput): Finding[] {
  const { list, dueSoon } = rulesOf(input.rules);
  const dueWithin = input.dueWithinWorkingDays ?? dueSoon;
  const plans = enabledClockRules(list).map(planRule);
  const ctx: ClockContext = { calendar: input.calendar, asOf: input.asOf, firstCommitDay: input.firstCommitDay, reportableOnly: true };
  const check = (name: CheckName) => list.find((r): r is CheckRule => r.kind === 'check' && r.id === name && r.enabled !== false);
  const staleDraft = check('stale-draft');
  const lateRecord = input.firstCommitDay ? check('late-record') : undefined;
  const overdueAction = check('overdue-action');
  const staleLimit = staleDraft && memo(workingDaysAfter(input.calendar, staleDraft, STANDARD_DEFAULTS.stale_draft_working_days));
  const lateLimit = lateRecord && memo(workingDaysAfter(input.calendar, lateRecord, STANDARD_DEFAULTS.late_record_working_days));

  const findings: Finding[] = [];
  const officers = new Map<string, string>();
  const clocks: Clock[] = [];
  // One case at a time: everything built for a case is garbage once its findings are out.
  for (const group of groupByCase(input.cases, input.records, input.asOf).values()) {
    // One case that cannot be computed (a value no check foresaw) is reported as a finding
    // of its own, and every other case is still audited.
    const before = findings.length;
    try {
      const c = prepareCase(group, input.layout);
      if (c.caseFile?.officer) officers.set(c.ref, c.caseFile.officer);
      clocks.length = 0;
      for (const plan of plans) clocksFor(plan, c, ctx, clocks);
      for (const clock of clocks) {
        const f = clockFinding(clock, input, dueWithin);
        if (f) findings.push(f);
      }
      if (staleDraft) staleDrafts(c, staleDraft, staleLimit!, input.asOf, findings);
      if (lateRecord) lateRecords(c, lateRecord, lateLimit!, input, input.firstCommitDay!, findings);
      if (overdueAction) overdueActions(c, overdueAction, input.asOf, findings);
    } catch (error) {
      findings.length = before;
      findings.push(caseNotAudited(group.ref, error, input.layout ?? 'flat'));
    }
  }
  findings.push(...integrityFindings(input));
  for (const f of findings) {
    const officer = officers.get(f.case);
    if (officer !== undefined) f.officer = officer;
  }
  return findings.sort(compareFindings);
}

/** The N-th working day after a date, N from a check's period (or its default). */
function workingDaysAfter(calendar: AuditInput['calendar'], rule: CheckRule, fallback: number): (date: IsoDate) => IsoDate {
  const n = rule.period?.unit === 'working-days' ? rule.period.count : fallback;
  return (date) => calendar.addWorkingDays(date, n);
}

function clockFinding(clock: Clock, input: AuditInput, dueWithin: number): Finding | undefined {
  const { rule } = clock;
  let category: Finding['category'];
  let amount: number;
  if (rule.minimum) {
    // A minimum period: only a record dated on or before its last day is a finding.
    if (clock.state !== 'met' || clock.satisfiedOn! > clock.due) return undefined;
    category = 'breached';
    amount = diffDays(clock.satisfiedOn!, clock.due) + 1;
  } else if (clock.state === 'met') {
    if (clock.satisfiedOn! <= clock.due) return undefined;
    category = 'late';
    amount = diffDays(clock.due, clock.satisfiedOn!);
  } else if (clock.state !== 'open' || (clock.opened ?? clock.start) > input.asOf) {
    return undefined; // cancelled, or not started yet
  } else if (rule.period.unit === 'weeks-before' && input.asOf > clock.start) {
    // A duty owed before an event (invitations or advice before a review meeting) can no
    // longer be done once the event has passed: a breach on the record, not a to-do that
    // stays overdue for ever.
    category = 'breached';
    amount = diffDays(clock.due, clock.start);
  } else if (input.asOf > clock.due) {
    category = rule.when_missed;
    amount = diffDays(clock.due, input.asOf);
  } else {
    amount = input.calendar.workingDaysBetween(input.asOf, clock.due);
    if (amount > dueWithin) return undefined;
    category = 'due-soon';
  }
  // One literal, optional fields assigned after: findings are made by the hundred thousand,
  // and object spreads of conditional parts cost far more (allocation and GC) than this.
  const f: Finding = {
    case: clock.case,
    rule: rule.id,
    title: rule.title,
    category,
    due: clock.due,
    trigger: clock.trigger,
    citation: clock.directed ? `${rule.citation}; ${directionCitation(clock.directed)}` : rule.citation,
    message: clockMessage(clock, category, amount),
    ruleCategory: rule.category,
    start: clock.start,
    duty: rule.duty ?? 'authority',
  };
  if (clock.file) f.file = clock.file;
  if (category === 'due-soon') f.workingDaysLeft = amount;
  else if (category === 'breached') {
    f.satisfiedBy = clock.satisfiedBy;
    f.satisfiedOn = clock.satisfiedOn;
    if (rule.period.unit === 'days') f.daysEarly = amount;
  } else f.daysOverdue = amount;
  if (clock.directed) f.directed = clock.directed;
  if (category === 'late') {
    f.satisfiedBy = clock.satisfiedBy;
    f.satisfiedOn = clock.satisfiedOn;
  }
  if (clock.exception) f.exception = clock.exception;
  return f;
}

/** Many records share a date: working-day sums are computed once per date. */
function memo(fn: (date: IsoDate) => IsoDate): (date: IsoDate) => IsoDate {
  const cache = new Map<IsoDate, IsoDate>();
  return (date) => {
    let v = cache.get(date);
    if (v === undefined) cache.set(date, (v = fn(date)));
    return v;
  };
}

const workingDaysOf = (rule: CheckRule, fallback: number) => (rule.period?.unit === 'working-days' ? rule.period.count : fallback);

/** Minutes still draft more than N working days after the meeting. */
function staleDrafts(c: CaseRecords, rule: CheckRule, limitOf: (date: IsoDate) => IsoDate, asOf: IsoDate, out: Finding[]): void {
  const n = workingDaysOf(rule, STANDARD_DEFAULTS.stale_draft_working_days);
  for (const r of c.index.get('minutes:*') ?? []) {
    if (r.status !== 'draft') continue;
    const limit = limitOf(r.date);
    if (asOf <= limit) continue;
    const over = diffDays(limit, asOf);
    out.push({
      case: c.ref,
      rule: rule.id,
      title: rule.title,
      category: 'stale-draft',
      due: limit,
      trigger: r.id,
      citation: rule.citation,
      message: `Minutes ${r.id} of ${r.date} are still draft ${days(over)} after they should have been final (${workingDays(n)} after the meeting, ${limit}): finalise them.`,
      ruleCategory: rule.category,
      file: r.file,
      start: r.date,
      daysOverdue: over,
    });
  }
}

/**
 * Records first committed after the N-th working day following their date (a weekend
 * commit after a Friday deadline is late, as for every clock). Corrections are exempt
 * (written later by nature); records first committed after the audit date did not exist
 * yet on that date, so they are not judged.
 */
function lateRecords(c: CaseRecords, rule: CheckRule, limitOf: (date: IsoDate) => IsoDate, input: AuditInput, firstCommitDay: ReadonlyMap<string, IsoDate>, out: Finding[]): void {
  const n = workingDaysOf(rule, STANDARD_DEFAULTS.late_record_working_days);
  for (const r of c.all) {
    if (r.amends !== undefined) continue;
    const day = firstCommitOf(r, firstCommitDay);
    if (day === undefined || day > input.asOf || day <= r.date) continue;
    const limit = limitOf(r.date);
    if (day <= limit) continue;
    const after = input.calendar.workingDaysBetween(r.date, day);
    out.push({
      case: c.ref,
      rule: rule.id,
      title: rule.title,
      category: 'late-record',
      due: limit,
      trigger: r.id,
      citation: rule.citation,
      message: `${r.id} (dated ${r.date}) was first committed on ${day}, ${workingDays(after)} after its date; the standard is ${workingDays(n)}.`,
      ruleCategory: rule.category,
      file: r.file,
      start: r.date,
      daysOverdue: diffDays(limit, day),
      satisfiedOn: day,
    });
  }
}

/** Actions in minutes and notes whose due date has passed with no done_on (on or before the audit date). */
function overdueActions(c: CaseRecords, rule: CheckRule, asOf: IsoDate, out: Finding[]): void {
  for (const r of c.records) {
    if ((r.type !== 'minutes' && r.type !== 'note') || !Array.isArray(r.value.actions)) continue;
    (r.value.actions as { action?: unknown; owner?: unknown; due?: unknown; done_on?: unknown }[]).forEach((a, i) => {
      if (!isIsoDate(a.due) || a.due >= asOf) return;
      if (isIsoDate(a.done_on) && a.done_on <= asOf) return;
      const over = diffDays(a.due, asOf);
      const action: NonNullable<Finding['action']> = { index: i + 1, text: typeof a.action === 'string' ? a.action : '' };
      if (typeof a.owner === 'string') action.owner = a.owner;
      out.push({
        case: c.ref,
        rule: rule.id,
        title: rule.title,
        category: 'overdue-action',
        due: a.due,
        trigger: r.id,
        citation: rule.citation,
        message: `Action ${i + 1} of ${r.id} was due ${a.due} and is not marked done: ${days(over)} overdue. Once done: ehcp action done ${r.id} --item ${i + 1} --on DATE`,
        ruleCategory: rule.category,
        file: r.file,
        start: r.date,
        daysOverdue: over,
        action,
      });
    });
  }
}

/** The finding for a case whose audit failed: the reason (never record text), and what to do. */
function caseNotAudited(ref: string, error: unknown, layout: Layout): Finding {
  const reason = error instanceof Error ? error.message : String(error);
  // eslint-disable-next-line no-control-regex
  const safe = reason.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').slice(0, 120);
  return {
    case: ref,
    rule: 'case-not-audited',
    title: 'Case not audited',
    category: 'integrity',
    due: null,
    trigger: null,
    citation: INTEGRITY_CITATION,
    ruleCategory: 'local',
    file: casePathIn(ref, 'case.yaml', layout),
    message: `Case ${ref} could not be audited (${safe}); its deadlines are unknown. Run \`ehcp validate ${caseDirIn(ref, layout)}\` and correct what it reports; the other cases were audited.`,
  };
}

const CASE_OF_PATH = /^cases\/([^/]+)\/(?:([^/]+)\.yaml)?/;
const INTEGRITY_CITATION = 'Audit trail: every record is a git commit (docs/audit-trail.md)';

function integrityFindings(input: AuditInput): Finding[] {
  const out: Finding[] = [];
  const one = (file: string, rule: string, message: string): Finding => {
    const c = parseCasePath(file);
    const m = c ? [file, c.ref, c.name.endsWith('.yaml') ? c.name.slice(0, -5) : undefined] : CASE_OF_PATH.exec(file);
    const id = m?.[2] && m[2] !== 'case' ? m[2] : null;
    return {
      case: m?.[1] ?? '',
      rule,
      title: rule === 'uncommitted' ? 'Record not committed' : 'Record integrity',
      category: 'integrity',
      due: null,
      trigger: id,
      citation: INTEGRITY_CITATION,
      ruleCategory: 'local',
      file,
      message,
    };
  };
  for (const file of input.uncommitted ?? []) {
    out.push(one(file, 'uncommitted', `${file} is not committed, so the audit trail does not hold it yet: commit it, or remove it.`));
  }
  for (const p of input.integrity ?? []) out.push(one(p.file, p.rule, p.message));
  for (const change of input.finalRecordChanges ?? []) out.push(finalRecordFinding(change));
  return out;
}

const FINAL_RECORD_CITATION = 'UK GDPR Art 5(1)(d), 5(2) (accuracy, accountability); local record-keeping policy';
const FINAL_RECORD_TITLES: Record<FinalRecordChange['rule'], string> = {
  'final-record-changed': 'Final record changed',
  'final-record-deleted': 'Final record deleted',
  'record-moved': 'Record moved',
};
/** Paths and field names are echoed only when they look like what ehcp writes: a hand-made name could hold a child's name. */
const SAFE_PATH = /^cases\/(?:[0-9a-f]{2}\/)?[A-Z0-9][A-Z0-9_-]{1,31}\/[A-Za-z0-9_-]{1,80}\.yaml$/;
const SAFE_FIELD = /^[A-Za-z_][A-Za-z0-9_]{0,40}$/;

/** One finding for a record the history shows is not as it was last legitimately written. */
function finalRecordFinding(change: FinalRecordChange): Finding {
  const { record: id, home, commit } = change;
  const short = commit.sha.slice(0, 7);
  const by = `in commit ${short} by ${commit.authorName} on ${commit.authorDay}${
    change.laterCommits > 0 ? ` (and ${change.laterCommits} later commit${change.laterCommits === 1 ? '' : 's'} touching it)` : ''
  }`;
  const safeFields = change.fields.filter((f) => SAFE_FIELD.test(f));
  const others = change.fields.length - safeFields.length;
  const what =
    change.fields.length > 0
      ? `changed: ${[...safeFields, ...(others > 0 ? [`${others} other field${others === 1 ? '' : 's'}`] : [])].join(', ')}`
      : 'it is no longer a readable record';
  const kind = change.status === 'void' ? 'Void record' : change.status === 'final' ? 'Final record' : 'Record';
  const restore = `\`git checkout ${short}^ -- ${home}\``;
  const then =
    change.status === 'void'
      ? 'a void record stays exactly as it was withdrawn'
      : `then record any correction with \`ehcp record amend ${id}\` (a new record that amends it) or withdraw it with \`ehcp record void ${id} --reason ...\``;
  let message: string;
  if (change.rule === 'final-record-deleted') {
    message =
      `${kind} ${id} was deleted ${by}. A record is withdrawn, never deleted: restore it with ${restore} and commit, ` +
      (change.status === 'void' ? 'and leave it as it was withdrawn.' : `then void it with \`ehcp record void ${id} --reason ...\` if it should be withdrawn.`);
  } else if (change.rule === 'record-moved') {
    const to = change.path !== undefined && SAFE_PATH.test(change.path) ? ` to ${change.path}` : change.path?.startsWith('cases/') ? ' to another file' : ' out of the case folders';
    const back = change.path !== undefined && SAFE_PATH.test(change.path) ? `\`git mv ${change.path} ${home}\`` : 'moving the file back';
    message =
      `${kind} ${id} was moved from ${home}${to} ${by}${change.alsoChanged ? `, and edited (${what})` : ''}. ` +
      `Records never move (the file name is the id, the folder is the case): put it back with ${back}${change.alsoChanged ? ` and ${restore}` : ''} and commit; ` +
      `to file it under another case, void it (\`ehcp record void ${id} --reason ...\`) and write it again there.`;
  } else {
    message = `${kind} ${id} was edited in place ${by} (${what}). Final records are never edited: restore the ${change.status === 'void' ? 'void' : 'final'} version with ${restore} and commit, ${then}.`;
  }
  return {
    case: change.case,
    rule: change.rule,
    title: FINAL_RECORD_TITLES[change.rule],
    category: 'integrity',
    due: null,
    trigger: id,
    citation: FINAL_RECORD_CITATION,
    message,
    ruleCategory: 'local',
    file: change.path ?? home,
  };
}

const CATEGORY_ORDER = new Map(FINDING_CATEGORIES.map((c, i) => [c, i]));

/** By category (what to act on first), then case, most overdue first, then due date and rule. */
function compareFindings(a: Finding, b: Finding): number {
  return (
    CATEGORY_ORDER.get(a.category)! - CATEGORY_ORDER.get(b.category)! ||
    (a.case < b.case ? -1 : a.case > b.case ? 1 : 0) ||
    (b.daysOverdue ?? -1) - (a.daysOverdue ?? -1) ||
    (a.workingDaysLeft ?? 0) - (b.workingDaysLeft ?? 0) ||
    ((a.due ?? '') < (b.due ?? '') ? -1 : (a.due ?? '') > (b.due ?? '') ? 1 : 0) ||
    (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) ||
    ((a.trigger ?? '') < (b.trigger ?? '') ? -1 : (a.trigger ?? '') > (b.trigger ?? '') ? 1 : 0)
  );
}
