// Running the clock rules over one case: every trigger starts a clock, the earliest
// matching later record meets it, a cancelling record stops it, and a recorded statutory
// exception is attached to it. docs/rules.md describes each step's choices.

import { addDays, addMonths, computeDueDate, isIsoDate, type IsoDate, type Period, type WorkingCalendar } from '../calendar/index.js';
import { matcherKeys, matches, splitPath, valueAt } from '../rules/match.js';
import type { ClockRule, RecordMatcher } from '../rules/types.js';
import { candidates, firstCommitOf, type CaseRecords, type Rec } from './prepare.js';
import type { AppliedException, Clock, Direction } from './types.js';

const asList = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);

/** A rule compiled once per audit: its matchers and the index keys to look them up by. */
export interface RulePlan {
  rule: ClockRule;
  clock: Lookup;
  satisfiers: Lookup;
  cancels?: Lookup;
  requiresEarlier?: Lookup;
  exceptions: ReadonlySet<string>;
  /** The clock-date field, split (undefined: the record's date). */
  clockDate?: readonly string[];
  /** same_as pairs: [satisfier field, trigger field], split. */
  sameAs: [readonly string[], readonly string[]][];
  triggerField?: readonly string[];
  /** later_of's date field, split. */
  laterOfDate?: readonly string[];
  /** Due date by start date, for the calendar it was computed with. */
  dueCache: Map<IsoDate, IsoDate>;
  dueCalendar?: WorkingCalendar;
}

interface Lookup {
  matchers: RecordMatcher[];
  keys: string[];
}

function lookup(matchers: RecordMatcher[]): Lookup {
  return { matchers, keys: [...new Set(matchers.flatMap(matcherKeys))] };
}

export function planRule(rule: ClockRule): RulePlan {
  const dateField = rule.clock.date;
  return {
    rule,
    clock: lookup(asList(rule.clock.match)),
    satisfiers: lookup(asList(rule.satisfied_by.match)),
    cancels: rule.cancelled_by?.length ? lookup(rule.cancelled_by) : undefined,
    requiresEarlier: rule.clock.requires_earlier?.length ? lookup(rule.clock.requires_earlier) : undefined,
    exceptions: new Set(rule.exceptions ?? []),
    clockDate: dateField === undefined || dateField === 'date' ? undefined : splitPath(dateField),
    sameAs: Object.entries(rule.satisfied_by.same_as ?? {}).map(([mine, theirs]) => [splitPath(mine), splitPath(theirs)]),
    triggerField: rule.satisfied_by.trigger_field ? splitPath(rule.satisfied_by.trigger_field) : undefined,
    laterOfDate: rule.later_of ? splitPath(rule.later_of.date) : undefined,
    dueCache: new Map(),
  };
}

const matchesAny = (l: Lookup, r: Rec) => l.matchers.some((m) => matches(m, r));

/** The date a clock starts from: `date`, or a named field; a year (number) means 1 January. */
function clockDate(rec: Rec, field: readonly string[] | undefined): IsoDate | undefined {
  const v = field === undefined ? rec.date : valueAt(rec.value, field);
  if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 9999) return `${String(v).padStart(4, '0')}-01-01`;
  return isIsoDate(v) ? v : undefined;
}

export interface ClockContext {
  calendar: WorkingCalendar;
  asOf: IsoDate;
  firstCommitDay?: ReadonlyMap<string, IsoDate>;
  /** Leave out clocks met on time and cancelled ones (the audit reports neither). */
  reportableOnly?: boolean;
}

interface Trigger {
  rec: Rec;
  start: IsoDate;
}

/** Every clock of one rule in one case, appended to `clocks`. */
export function clocksFor(plan: RulePlan, c: CaseRecords, ctx: ClockContext, clocks: Clock[] = []): Clock[] {
  const { rule } = plan;
  const found = candidates(c, plan.clock.keys);
  if (found.length === 0) return clocks;
  const triggers: Trigger[] = [];
  for (const rec of found) {
    if (!matchesAny(plan.clock, rec)) continue;
    const start = clockDate(rec, plan.clockDate);
    if (start === undefined) continue;
    if (plan.requiresEarlier && !hasEarlier(plan.requiresEarlier, c, rec)) continue;
    triggers.push({ rec, start });
  }
  if (triggers.length === 0) return clocks;
  if (triggers.length > 1) triggers.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));

  for (let i = 0; i < triggers.length; i++) {
    const { rec: trigger, start } = triggers[i];
    const directed = rule.directable ? directionOf(trigger) : undefined;
    let due = directed ? directedDue(directed, start, ctx.calendar) : dueDate(plan, start, ctx.calendar);
    if (!directed && plan.laterOfDate && rule.later_of) {
      const from = clockDate(trigger, plan.laterOfDate);
      if (from !== undefined) {
        const other = computeDueDate(from, rule.later_of.period, ctx.calendar);
        if (other > due) due = other;
      }
    }
    const windowStart = shift(start, rule.satisfied_by.not_before);
    const windowEnd = rule.satisfied_by.before_next_trigger ? nextStart(plan, triggers, i) : undefined;

    const met = findSatisfier(plan, c, ctx, trigger, windowStart, windowEnd, triggers);
    const cancel = plan.cancels ? findCancel(plan.cancels, c, trigger, trigger.type === 'case' || trigger.date > windowStart ? windowStart : trigger.date) : undefined;

    let state: Clock['state'] = 'open';
    let cancelledBy: string | undefined;
    if (met && (!cancel || met.on <= cancel.date)) state = 'met';
    else if (cancel) (state = 'cancelled'), (cancelledBy = cancel.id);
    else if (closedBefore(c, due)) (state = 'cancelled'), (cancelledBy = 'case-closed');
    // The audit only needs clocks that give a finding: skip allocating the rest. A minimum
    // period gives one only when it was met too soon (on or before its last day).
    if (ctx.reportableOnly) {
      if (state === 'cancelled') continue;
      if (rule.minimum ? state !== 'met' || met!.on > due : state === 'met' && met!.on <= due) continue;
    }

    const clock: Clock = { rule, case: c.ref, trigger: trigger.id, start, due, state };
    // A period counted back from an event (notice before a meeting) is live from the day
    // the notice was recorded, not from the meeting.
    if (rule.period.unit === 'weeks-before' && trigger.date < start) clock.opened = trigger.date;
    if (directed) clock.directed = { ...directed, record: trigger.id, by: trigger.purpose === 'mediation-agreement' ? 'agreement' : 'tribunal' };
    if (trigger.file) clock.file = trigger.file;
    if (state === 'met') {
      clock.satisfiedBy = met!.id;
      clock.satisfiedOn = met!.on;
    }
    if (cancelledBy) clock.cancelledBy = cancelledBy;
    if (plan.exceptions.size > 0 && c.exceptions.length > 0 && state !== 'cancelled') {
      const exception = findException(plan, c, trigger, clock.satisfiedBy, clock.satisfiedOn ?? ctx.asOf, windowEnd);
      if (exception) clock.exception = exception;
    }
    clocks.push(clock);
  }
  return clocks;
}

/** Due dates repeat (many clocks start on the same day), so each plan remembers them. */
function dueDate(plan: RulePlan, start: IsoDate, calendar: WorkingCalendar): IsoDate {
  if (plan.dueCalendar !== calendar) {
    plan.dueCalendar = calendar;
    plan.dueCache.clear();
  }
  let due = plan.dueCache.get(start);
  if (due === undefined) plan.dueCache.set(start, (due = computeDueDate(start, plan.rule.period, calendar)));
  return due;
}

/** The direction recorded on a tribunal order or mediation agreement (`directed`), if it gives a date or a period. */
function directionOf(trigger: Rec): Omit<Direction, 'record' | 'by'> | undefined {
  const d = trigger.value.directed as { date?: unknown; period?: unknown; reference?: unknown } | undefined;
  if (!d || typeof d !== 'object') return undefined;
  const out: Omit<Direction, 'record' | 'by'> = {};
  if (isIsoDate(d.date)) out.date = d.date;
  else if (d.period && typeof d.period === 'object') {
    const p = d.period as { unit?: unknown; count?: unknown };
    if (['days', 'weeks', 'working-days', 'months'].includes(p.unit as string) && Number.isSafeInteger(p.count) && (p.count as number) >= 0) {
      out.period = { unit: p.unit, count: p.count } as Direction['period'];
    }
  }
  if (out.date === undefined && out.period === undefined) return undefined;
  if (typeof d.reference === 'string' && d.reference.trim() !== '') out.reference = d.reference;
  return out;
}

function directedDue(d: Omit<Direction, 'record' | 'by'>, start: IsoDate, calendar: WorkingCalendar): IsoDate {
  return d.date ?? computeDueDate(start, d.period as Period, calendar);
}

function hasEarlier(l: Lookup, c: CaseRecords, rec: Rec): boolean {
  for (const e of candidates(c, l.keys)) {
    if (e.date > rec.date) return false;
    if (e !== rec && matchesAny(l, e)) return true;
  }
  return false;
}

/** The start of the next clock of this rule (in the same same_as group) after trigger i: where its window closes. */
function nextStart(plan: RulePlan, triggers: readonly Trigger[], i: number): IsoDate | undefined {
  const { start, rec } = triggers[i];
  for (let j = i + 1; j < triggers.length; j++) {
    if (triggers[j].start <= start) continue;
    let same = true;
    for (const [, field] of plan.sameAs) if (valueAt(triggers[j].rec.value, field) !== valueAt(rec.value, field)) same = false;
    if (same) return triggers[j].start;
  }
  return undefined;
}

function findCancel(l: Lookup, c: CaseRecords, trigger: Rec, from: IsoDate): Rec | undefined {
  for (const r of candidates(c, l.keys)) if (r !== trigger && r.date >= from && matchesAny(l, r)) return r;
  return undefined;
}

function shift(date: IsoDate, by: { days?: number; months?: number } | undefined): IsoDate {
  if (!by) return date;
  let d = date;
  if (by.months) d = addMonths(d, by.months);
  if (by.days) d = addDays(d, by.days);
  return d;
}

function findSatisfier(
  plan: RulePlan,
  c: CaseRecords,
  ctx: ClockContext,
  trigger: Rec,
  windowStart: IsoDate,
  windowEnd: IsoDate | undefined,
  triggers: readonly Trigger[],
): { id: string; on: IsoDate } | undefined {
  const by = plan.rule.satisfied_by;
  let best: { id: string; on: IsoDate } | undefined;
  for (const r of candidates(c, plan.satisfiers.keys)) {
    if (r.date < windowStart || r === trigger) continue;
    if (windowEnd !== undefined && r.date >= windowEnd) break; // candidates are in date order
    if (best && r.date > best.on) break; // nothing later can be met earlier (a record is never recorded before its date)
    if (!matchesAny(plan.satisfiers, r)) continue;
    const target = r.respondsTo !== undefined ? c.live(r.respondsTo) : undefined;
    if (by.link === 'required' ? target !== trigger.id : target !== undefined && target !== trigger.id && triggers.some((t) => t.rec.id === target)) continue;
    if (!plan.sameAs.every(([mine, theirs]) => valueAt(r.value, mine) !== undefined && valueAt(r.value, mine) === valueAt(trigger.value, theirs))) continue;
    const on = by.on === 'recorded' ? recordedOn(r, ctx) : r.date;
    if (on > ctx.asOf) continue; // not yet written on the audit date
    if (!best || on < best.on) best = { id: r.id, on };
  }
  if (plan.triggerField) {
    const own = valueAt(trigger.value, plan.triggerField);
    if (isIsoDate(own) && own <= ctx.asOf && (!best || own < best.on)) best = { id: trigger.id, on: own };
  }
  return best;
}

/** The day a record was first committed, or its own date when history does not say (or says earlier). */
function recordedOn(r: Rec, ctx: ClockContext): IsoDate {
  const day = firstCommitOf(r, ctx.firstCommitDay);
  return day !== undefined && day > r.date ? day : r.date;
}

/** A case no longer open stops the clocks that would fall due after it closed (all of them if no closing date is recorded). */
function closedBefore(c: CaseRecords, due: IsoDate): boolean {
  const file = c.caseFile;
  if (!file || file.status === 'open') return false;
  return !isIsoDate(file.closed_on) || file.closed_on < due;
}

/**
 * A statutory exception applies to a clock when a communication of the case records a
 * ground the rule accepts, and it names the trigger in responds_to, or it is the record
 * that met the clock, or it is dated while the clock ran (from the trigger to when it was
 * met, or to the audit date; and before the rule's next clock).
 */
function findException(
  plan: RulePlan,
  c: CaseRecords,
  trigger: Rec,
  satisfiedBy: string | undefined,
  end: IsoDate,
  windowEnd: IsoDate | undefined,
): AppliedException | undefined {
  for (const r of c.exceptions) {
    const ex = r.value.exception as { ground?: unknown; evidence?: unknown; until?: unknown } | undefined;
    if (!ex || typeof ex.ground !== 'string' || !plan.exceptions.has(ex.ground)) continue;
    const linked = r.respondsTo !== undefined && c.live(r.respondsTo) === trigger.id;
    const during = r.date >= trigger.date && r.date <= end && (windowEnd === undefined || r.date < windowEnd);
    if (!linked && r.id !== satisfiedBy && !during) continue;
    const applied: AppliedException = { ground: ex.ground, evidence: typeof ex.evidence === 'string' ? ex.evidence : '', record: r.id };
    if (isIsoDate(ex.until)) applied.until = ex.until;
    return applied;
  }
  return undefined;
}
