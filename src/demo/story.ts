// One synthetic case's history: the statutory process (docs/rules.md) played
// out on a timeline (request → 6-week decision → advice → draft → 20-week final plan →
// annual reviews → amendments, with tribunal appeals, enquiries, complaints and notes
// alongside), each record committed by an officer a realistic time after the event.
// Some cases carry a deliberate fault (an anomaly) so the audit has something to find in
// every category: a decision sent late, a hearing with no minutes, an enquiry never
// answered, a review not held, a draft left stale, an action past due, a record written
// weeks after the event, a final record edited in place.

import { addDays, addMonths, addWeeks, diffDays, type IsoDate, type WorkingCalendar } from '../core/calendar/index.js';
import { recordId, suffixFromBytes } from '../core/ids.js';
import { SCHEMA_IDS, type CaseFile, type RecordType } from '../core/records.js';
import { PURPOSE_DIRECTION, type Channel, type MeetingKind, type Party, type Purpose } from '../core/vocabulary.js';
import { familyFor, OFFICERS, PROFESSIONALS, TEAM_LEAD, type Family, type Officer } from './people.js';
import type { Random } from './random.js';
import {
  ADVICE_BODY_NAMES,
  type AdviceBody,
  adviceReceivedSummary,
  adviceRequestSummary,
  COMPLAINTS,
  decisionSummary,
  DISCUSSION,
  ENQUIRIES,
  HEARING_DISCUSSION,
  NEEDS,
  NOTE_TOPICS,
  PROVISION,
  REPLIES,
  REVIEW_DECISIONS,
  requestSummary,
} from './text.js';

/** A deliberate fault, so each audit category has at least one finding in a small demo. */
export const ANOMALIES = [
  'missing-hearing-minutes', // missing-record: a hearing with no minutes
  'unanswered-enquiry', // overdue: an enquiry never answered
  'overdue-annual-review', // overdue / missing-record: an annual review not held
  'stale-draft', // stale-draft: minutes left as a draft
  'overdue-action', // overdue-action: an action past its due date, not done
  'late-record', // late-record: minutes committed weeks after the meeting
  'late-assessment-decision', // late: the 6-week decision sent in week 8
  'due-soon-enquiry', // due-soon: an enquiry received a few days ago
  'edited-final-record', // integrity: a final record changed in place
  'late-final-plan', // late: the final plan after 20 weeks
  'exception-final-plan', // late, with a reg 10(4)(a) exception recorded
  'missing-meeting-minutes', // missing-record: a pre-tribunal meeting with no minutes
  'overdue-appeal-response', // overdue: the response to a registered appeal not sent
  'late-amended-plan', // late: the amended plan after 8 weeks
  'late-complaint-response', // late: a complaint answered after 20 working days
  'subject-access-request', // a SAR answered within the month
  'uncommitted-record', // integrity: a record written but never committed (its commit failed)
] as const;
export type Anomaly = (typeof ANOMALIES)[number];

export interface StoryEnv {
  asOf: IsoDate;
  calendar: WorkingCalendar;
  /** Every id used so far, across all cases: ids must be unique in the repository. */
  ids: Set<string>;
}

/** A file version to commit: a record value (serialised later) at a path. */
export interface PlannedCommit {
  /** Unix seconds (author and committer time). */
  at: number;
  /** The officer's UTC offset at that moment, e.g. "+0100". */
  tz: string;
  author: Officer;
  subject: string;
  trailers?: { case?: string; record?: string; action: string };
  path: string;
  value: Record<string, unknown>;
}

export interface CaseStory {
  ref: string;
  caseFile: CaseFile;
  commits: PlannedCommit[];
  /** Records left in the working tree without a commit. */
  uncommitted: { path: string; value: Record<string, unknown> }[];
  records: number;
}

interface RecordOptions {
  /** Who writes it (default: the case's lead officer). */
  author?: Officer;
  /** Working days between the event and the commit (default: drawn, mostly 0–2). */
  lag?: number;
  /** Minutes only: committed as a draft first and finalised this many working days later. */
  finaliseAfter?: number;
  /** Minute of the day the event took place (meetings), so a same-day commit comes after it. */
  eventMinute?: number;
  /** Written but never committed, as when an officer's commit fails. */
  uncommitted?: boolean;
}

const MINUTES_TIMES = ['09:30', '10:00', '10:30', '11:00', '13:30', '14:00', '15:30'];

class Story {
  readonly commits: PlannedCommit[] = [];
  readonly uncommitted: { path: string; value: Record<string, unknown> }[] = [];
  records = 0;
  private readonly lead: Officer;
  private readonly family: Family;

  constructor(
    readonly ref: string,
    readonly n: number,
    private readonly rng: Random,
    private readonly env: StoryEnv,
    readonly anomalies: ReadonlySet<Anomaly>,
  ) {
    this.lead = OFFICERS[(n - 1) % 4];
    this.family = familyFor(n, rng.pick(['primary', 'primary', 'secondary', 'special'] as const));
  }

  get asOf(): IsoDate {
    return this.env.asOf;
  }

  /** The first working day on or after d. */
  wd(d: IsoDate): IsoDate {
    return this.env.calendar.nextWorkingDay(d);
  }

  addWorkingDays(d: IsoDate, n: number): IsoDate {
    return this.env.calendar.addWorkingDays(d, n);
  }

  has(anomaly: Anomaly): boolean {
    return this.anomalies.has(anomaly);
  }

  chance(p: number): boolean {
    return this.rng.chance(p);
  }

  int(min: number, max: number): number {
    return this.rng.int(min, max);
  }

  pick<T>(items: readonly T[]): T {
    return this.rng.pick(items);
  }

  get officer(): Officer {
    return this.lead;
  }

  get random(): Random {
    return this.rng;
  }

  get people(): Family {
    return this.family;
  }

  /** Working days from event to commit: most records the same day or the next, a few later. */
  private drawLag(): number {
    const r = this.rng.next();
    if (r < 0.55) return 0;
    if (r < 0.8) return 1;
    if (r < 0.9) return 2;
    if (r < 0.95) return 3;
    if (r < 0.985) return 4;
    return this.rng.int(6, 9); // recorded late: the audit's late-record finding
  }

  /** When an officer commits a record of an event on `date`: a working day, in office hours. */
  private commitTime(date: IsoDate, lag: number, eventMinute?: number): { at: number; tz: string; date: IsoDate } {
    let day = lag === 0 ? this.wd(date) : this.addWorkingDays(date, lag);
    if (day > this.asOf) day = this.asOf;
    let minute: number;
    if (day === date && eventMinute !== undefined) minute = Math.min(eventMinute + this.rng.int(90, 300), 19 * 60);
    else minute = this.rng.int(8 * 60 + 30, 17 * 60 + 30);
    const { at, tz } = londonTime(day, minute);
    return { at, tz, date: day };
  }

  private newId(type: RecordType, date: IsoDate): string {
    for (;;) {
      const bytes = new Uint8Array(16);
      for (let i = 0; i < bytes.length; i++) bytes[i] = this.rng.int(0, 255);
      const suffix = suffixFromBytes(bytes);
      if (!suffix) continue;
      const id = recordId(type, date, suffix);
      if (this.env.ids.has(id)) continue;
      this.env.ids.add(id);
      return id;
    }
  }

  openCase(opened: IsoDate): CaseFile {
    const ageYears = this.rng.int(3, 15);
    const dob = addDays(addMonths(opened, -12 * ageYears), -this.rng.int(0, 364));
    const value: CaseFile = {
      schema: 'case/v1',
      ref: this.ref,
      name: this.family.child,
      dob,
      officer: this.lead.name,
      status: 'open',
      opened,
      recorded_by: this.lead.name,
    };
    if (this.rng.chance(0.15)) {
      value.phase_transfer = {
        year: Number(this.asOf.slice(0, 4)) + 1,
        phase: this.family.schoolPhase === 'secondary' ? 'secondary-to-post16' : 'primary-to-secondary',
      };
    }
    const when = this.commitTime(opened, 0);
    this.commits.push({
      ...when,
      author: this.lead,
      subject: `${this.ref} case create`,
      trailers: { case: this.ref, action: 'create' },
      path: `cases/${this.ref}/case.yaml`,
      value: { ...value },
    });
    return value;
  }

  /** Record something that happened on `date`; nothing when `date` is after the as-of date. */
  private record(type: RecordType, date: IsoDate, fields: Record<string, unknown>, options: RecordOptions = {}): string | undefined {
    if (date > this.asOf) return undefined;
    const author = options.author ?? (this.rng.chance(0.12) ? this.rng.pick(OFFICERS) : this.lead);
    const id = this.newId(type, date);
    const lag = options.lag ?? this.drawLag();
    const when = this.commitTime(date, lag, options.eventMinute);
    const value: Record<string, unknown> = { schema: SCHEMA_IDS[type], id, case: this.ref, status: 'final', ...fields, recorded_by: author.name };
    const path = `cases/${this.ref}/${id}.yaml`;
    if (options.uncommitted) {
      this.uncommitted.push({ path, value });
      this.records++;
      return id;
    }
    const commit = (at: { at: number; tz: string }, v: Record<string, unknown>, action: string) =>
      this.commits.push({ ...at, author, subject: `${this.ref} ${type} ${id} ${action}`, trailers: { case: this.ref, record: id, action }, path, value: v });
    if (type === 'minutes' && options.finaliseAfter !== undefined) {
      const draft: Record<string, unknown> = { ...value, status: 'draft' };
      for (const key of ['approved_by', 'approved_on', 'shared_with_family']) delete draft[key];
      commit(when, draft, 'create');
      if (options.finaliseAfter >= 0) {
        const finalDay = this.addWorkingDays(when.date, Math.max(1, options.finaliseAfter));
        if (finalDay <= this.asOf) {
          const at = londonTime(finalDay, this.rng.int(9 * 60, 17 * 60));
          commit(at, { ...value, approved_on: finalDay, ...(value.shared_with_family ? { shared_with_family: { ...(value.shared_with_family as object), date: finalDay } } : {}) }, 'finalise');
        } else {
          // Not yet approved on the as-of date: it stays a draft.
        }
      }
    } else {
      if (type === 'minutes' && value.status === 'final') {
        value.approved_on ??= when.date;
        if (value.shared_with_family) value.shared_with_family = { ...(value.shared_with_family as object), date: when.date };
      }
      commit(when, value, 'create');
    }
    this.records++;
    return id;
  }

  comm(date: IsoDate, purpose: Purpose, fields: Record<string, unknown> = {}, options: RecordOptions = {}): string | undefined {
    const fixed = PURPOSE_DIRECTION[purpose];
    const direction = fixed ?? (fields.direction as string | undefined) ?? 'out';
    const party: Party = (fields.party as Party | undefined) ?? (purpose.startsWith('appeal') || purpose === 'hearing-notice' || purpose === 'tribunal-decision' ? 'tribunal' : 'parent');
    const channel: Channel = (fields.channel as Channel | undefined) ?? (party === 'tribunal' ? 'portal' : direction === 'in' ? this.pick(['email', 'email', 'letter', 'portal'] as const) : this.pick(['letter', 'email', 'email', 'portal'] as const));
    return this.record('communication', date, { ...fields, date, direction, channel, party, purpose }, options);
  }

  note(date: IsoDate, fields: Record<string, unknown>, options: RecordOptions = {}): string | undefined {
    return this.record('note', date, { date, ...fields }, options);
  }

  minutes(date: IsoDate, kind: MeetingKind, fields: Record<string, unknown>, options: RecordOptions = {}): string | undefined {
    const time = (fields.time as string | undefined) ?? this.pick(MINUTES_TIMES);
    const eventMinute = Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
    const finaliseAfter = options.finaliseAfter ?? (this.chance(0.4) ? this.int(1, 4) : undefined);
    return this.record(
      'minutes',
      date,
      { kind, date, time, ...fields, approved_by: fields.approved_by ?? TEAM_LEAD.name },
      { ...options, eventMinute, finaliseAfter },
    );
  }

  /** A later commit that changes a final record in place: what the integrity check exists for. */
  editInPlace(path: string, value: Record<string, unknown>, date: IsoDate): void {
    if (date > this.asOf) return;
    const author = OFFICERS.find((o) => o !== this.lead) ?? this.lead;
    const at = londonTime(this.wd(date), this.rng.int(9 * 60, 17 * 60));
    this.commits.push({ ...at, author, subject: 'Tidy the wording of a letter summary', path, value });
  }

  latestValue(path: string): Record<string, unknown> | undefined {
    for (let i = this.commits.length - 1; i >= 0; i--) if (this.commits[i].path === path) return this.commits[i].value;
    return undefined;
  }

  attendees(kind: MeetingKind): Record<string, unknown>[] {
    const list: Record<string, unknown>[] = [];
    const person = (p: { name: string; role: string; organisation?: string; party: string }, attendance = 'present') => ({ ...p, attendance });
    list.push({ name: this.family.parent, role: 'Parent', party: 'parent', attendance: 'present' });
    const officer = kind === 'appeal-hearing' || kind === 'pre-tribunal-meeting' ? OFFICERS[4] : this.lead;
    list.push({ name: officer.name, role: officer.role, organisation: 'Demo Borough Council (synthetic)', party: 'local-authority', attendance: 'present' });
    if (kind === 'annual-review' || kind === 'professionals-meeting') {
      list.push(person({ ...PROFESSIONALS.senco, organisation: this.family.school }));
      if (this.chance(0.5)) list.push(person(PROFESSIONALS.therapist, this.chance(0.3) ? 'apologies' : 'present'));
      if (this.chance(0.3)) list.push(person(PROFESSIONALS.psychologist, 'apologies'));
    }
    if (kind === 'appeal-hearing') {
      list.push(person(PROFESSIONALS.judge));
      list.push(person(PROFESSIONALS.counsel));
    }
    if (kind === 'mediation') list.push(person(PROFESSIONALS.mediator));
    if (kind === 'case-discussion' || kind === 'professionals-meeting') list.shift(); // the family is not at internal meetings
    return list;
  }

  actions(date: IsoDate, count: number, owner: Officer = this.lead): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    for (let i = 0; i < count; i++) {
      const due = this.wd(addDays(date, this.int(7, 35)));
      const action: Record<string, unknown> = {
        action: this.pick(['Send the family a copy of these minutes.', 'Ask the school for an updated provision map.', 'Request updated therapy advice.', 'Book the next review meeting.', 'Check the placement consultation response.']),
        owner: owner.name,
        due,
      };
      // A few actions slip: past due and not done (the audit's overdue-action).
      if ((due <= this.asOf && !this.chance(0.03)) || (due > this.asOf && this.chance(0.3))) {
        const done = addDays(due, -this.int(0, 6));
        if (done <= this.asOf) action.done_on = done;
      }
      out.push(action);
    }
    return out;
  }
}

/** Europe/London wall-clock time → Unix seconds and offset (BST from the last Sunday of March to the last Sunday of October). */
export function londonTime(date: IsoDate, minuteOfDay: number): { at: number; tz: string } {
  const [y, m, d] = date.split('-').map(Number);
  const lastSunday = (month: number) => {
    const last = Date.UTC(y, month, 0); // day 0 of the next month = last day of `month`
    const dow = new Date(last).getUTCDay();
    return last - dow * 86_400_000;
  };
  const dayStart = Date.UTC(y, m - 1, d);
  const summer = dayStart >= lastSunday(3) && dayStart < lastSunday(10);
  const offset = summer ? 60 : 0;
  return { at: dayStart / 1000 + (minuteOfDay - offset) * 60, tz: summer ? '+0100' : '+0000' };
}

// ---------------------------------------------------------------------------------------
// The threads of a case

interface Decision {
  date: IsoDate;
  /** What a family could appeal against. */
  kind: 'not-assess' | 'final-plan' | 'amended-plan' | 'maintain';
}

const ADVICE_PARTY: Record<AdviceBody, Party> = { health: 'health', psychology: 'local-authority', 'social-care': 'social-care', school: 'school' };

/** Request → decision → advice → draft → final plan (regs 5, 8, 10, 13). */
function assessment(
  s: Story,
  start: IsoDate,
  decisions: Decision[],
  options: { refuse?: boolean; ordered?: IsoDate; mayEndWithoutPlan?: boolean } = {},
): IsoDate | undefined {
  const need = s.pick(NEEDS);
  let decisionDate: IsoDate;
  let clockStart = start;
  if (options.ordered) {
    // A tribunal ordered an assessment: the LA says it will assess within 2 weeks (reg 44(2)(b)).
    decisionDate = s.wd(addDays(options.ordered, s.int(5, 12)));
    s.comm(decisionDate, 'assessment-decision', { outcome: 'assess', summary: 'Following the tribunal order, confirmed to the parent that the authority will carry out an EHC needs assessment.' });
    clockStart = options.ordered;
  } else {
    const from = s.chance(0.7) ? 'parent' : 'school';
    const request = s.comm(start, 'assessment-request', { party: from, summary: requestSummary(from, need) });
    if (!request) return undefined;
    const ack = s.addWorkingDays(start, s.int(1, 3));
    s.note(ack, { kind: 'email', with: from === 'parent' ? 'parent' : 'school', summary: 'Acknowledged the request and explained the 6-week decision timescale.' });
    const days = s.has('late-assessment-decision') ? s.int(44, 56) : s.chance(0.06) ? s.int(43, 50) : s.int(24, 40);
    decisionDate = s.wd(addDays(start, days));
    const assess = !options.refuse;
    const id = s.comm(decisionDate, 'assessment-decision', { outcome: assess ? 'assess' : 'not-assess', responds_to: request, summary: decisionSummary(assess, s.random) });
    if (!id) return undefined;
    if (!assess) {
      decisions.push({ date: decisionDate, kind: 'not-assess' });
      return undefined;
    }
  }
  // Advice and information (reg 6, 8): requested at once, due within 6 weeks.
  const bodies = ADVICE_BODY_NAMES.filter((b) => b !== 'social-care' || s.chance(0.5));
  for (const body of bodies) {
    const asked = s.wd(addDays(decisionDate, s.int(0, 3)));
    s.comm(asked, 'advice-request', { party: ADVICE_PARTY[body], summary: adviceRequestSummary(body) });
    const answered = s.wd(addDays(asked, s.chance(0.1) ? s.int(45, 60) : s.int(18, 40)));
    s.comm(answered, 'advice-received', { party: ADVICE_PARTY[body], summary: adviceReceivedSummary(body, s.random) });
  }
  if (!options.ordered && options.mayEndWithoutPlan && s.chance(0.05)) {
    const when = s.wd(addDays(clockStart, s.int(95, 110)));
    s.comm(when, 'no-plan-notice', { summary: 'After the assessment, decided not to issue a plan; the letter gives reasons, appeal and mediation rights.' });
    return undefined;
  }
  // Draft plan, 15 days for representations (reg 13(1)), final plan within 20 weeks (reg 13(2)).
  const limit = options.ordered ? 14 * 7 : 20 * 7;
  const draft = s.wd(addDays(clockStart, limit - s.int(35, 50)));
  s.comm(draft, 'draft-plan', { summary: 'Draft EHC plan sent with 15 days to comment and to ask for a particular school or college.' });
  s.note(s.wd(addDays(draft, s.int(6, 12))), { kind: 'phone', with: 'parent', summary: 'Parent gave views on the draft plan and asked for a particular school to be named.' });
  let finalDays = limit - s.int(3, 25);
  const fields: Record<string, unknown> = { summary: `Final EHC plan issued, naming ${s.people.school}. Letter gives appeal and mediation rights (reg 14).` };
  if (s.has('late-final-plan') || (!options.ordered && s.chance(0.06))) finalDays = limit + s.int(5, 40);
  if (s.has('exception-final-plan') && !options.ordered) {
    finalDays = limit + s.int(14, 24);
    const reopened = s.wd(`${clockStart.slice(0, 4)}-09-03`);
    fields.exception = {
      ground: 'reg 10(4)(a)',
      evidence: 'School advice was requested in the week before the school closed for the summer holiday (6 weeks); the school replied after it reopened.',
      until: reopened,
    };
  }
  const final = s.wd(addDays(clockStart, finalDays));
  if (!s.comm(final, 'final-plan', fields)) return undefined;
  decisions.push({ date: final, kind: 'final-plan' });
  return final;
}

/** Annual reviews every (about) 12 months from the plan (CFA s44, regs 20–22). */
function reviews(s: Story, plan: IsoDate, decisions: Decision[]): void {
  let last = plan;
  if (s.has('overdue-annual-review')) return; // the plan's first review was never held
  for (let i = 0; i < 6; i++) {
    const lateReview = s.chance(0.07);
    const meeting = s.wd(addDays(addMonths(last, lateReview ? 12 : 11), lateReview ? s.int(10, 40) : s.int(-20, 20)));
    if (meeting > s.asOf) return;
    s.comm(s.wd(addDays(meeting, -s.int(21, 30))), 'review-meeting-notice', { event_date: meeting, summary: 'Invited the family, school and professionals to the annual review meeting and asked for their advice two weeks before it.' });
    const provision = s.pick(PROVISION);
    const amend = (s.has('late-amended-plan') && i === 0) || s.chance(0.45);
    const decisionsMade = [REVIEW_DECISIONS[amend ? 0 : 1], ...(s.chance(0.5) ? [REVIEW_DECISIONS[s.int(2, 3)]] : [])].map((d) => ({
      decision: d.decision.replace('{provision}', provision),
      reasons: d.reasons,
    }));
    const shareInMinutes = s.chance(0.2);
    const lateMinutes = s.has('late-record') && i === 0;
    const minutesId = s.minutes(
      meeting,
      'annual-review',
      {
        venue: s.people.school,
        format: s.pick(['in-person', 'in-person', 'hybrid', 'video'] as const),
        attendees: s.attendees('annual-review'),
        purpose: 'Annual review of the EHC plan: progress towards outcomes, whether the provision is right, and any changes needed.',
        discussion: s.pick(DISCUSSION),
        decisions: decisionsMade,
        actions: s.actions(meeting, s.int(1, 3)),
        ...(shareInMinutes ? { shared_with_family: { date: meeting, method: 'email' } } : {}),
      },
      lateMinutes ? { lag: s.int(8, 12), finaliseAfter: 1 } : {},
    );
    if (minutesId && !shareInMinutes) {
      const sentLag = s.chance(0.08) ? s.int(12, 18) : s.int(2, 8);
      s.comm(s.addWorkingDays(meeting, sentLag), 'minutes-sent', { responds_to: minutesId, summary: 'Sent the family the minutes of the annual review meeting.' });
    }
    const reportDays = s.chance(0.08) ? s.int(16, 24) : s.int(4, 13);
    s.comm(s.wd(addDays(meeting, reportDays)), 'review-report', { party: 'parent', summary: 'Review report with the recommended amendments sent to everyone invited to the meeting.' });
    if (amend) {
      const noticeDate = s.wd(addDays(meeting, s.chance(0.05) ? s.int(29, 36) : s.int(12, 26)));
      s.comm(noticeDate, 'amendment-notice', { summary: `Proposed amendments sent with the evidence and 15 days to comment: add ${provision} to section F.` });
      const weeks = s.has('late-amended-plan') && i === 0 ? s.int(60, 75) : s.chance(0.08) ? s.int(57, 70) : s.int(28, 53);
      const amended = s.wd(addDays(noticeDate, weeks));
      if (s.comm(amended, 'amended-plan', { summary: 'Final amended EHC plan issued with appeal and mediation rights.' })) {
        decisions.push({ date: amended, kind: 'amended-plan' });
      }
    } else {
      const decided = s.wd(addDays(meeting, s.chance(0.05) ? s.int(29, 35) : s.int(10, 26)));
      if (s.comm(decided, 'review-decision', { outcome: 'maintain', summary: 'Decided to maintain the plan unchanged; the letter gives appeal and mediation rights.' })) {
        decisions.push({ date: decided, kind: 'maintain' });
      }
    }
    last = meeting;
  }
}

/** An appeal to the First-tier Tribunal (SEND), from registration to the LA complying with the order. */
function appeal(s: Story, decision: Decision, registered: IsoDate, start: IsoDate): void {
  const tribunalRef = `EH${String(900 + (s.n % 99)).padStart(3, '0')}/${registered.slice(2, 4)}/${String(s.int(1, 99999)).padStart(5, '0')}`;
  const elm = OFFICERS[4];
  const what =
    decision.kind === 'not-assess' ? 'the decision not to assess' : decision.kind === 'maintain' ? 'the decision to maintain the plan' : 'the contents of the plan (sections B, F and I)';
  if (s.chance(0.35)) {
    const asked = s.wd(addDays(decision.date, s.int(14, 28)));
    s.comm(asked, 'mediation-request', { party: 'parent', summary: 'Parent asked for mediation before appealing.' });
    const session = s.wd(addDays(asked, s.int(18, 28)));
    s.comm(s.wd(addDays(asked, s.int(3, 8))), 'meeting-scheduled', { direction: 'out', event_date: session, meeting_kind: 'mediation', summary: 'Mediation session arranged with the mediation service.' });
    const mediationId = s.minutes(session, 'mediation', {
      format: 'video',
      attendees: s.attendees('mediation'),
      purpose: `Mediation about ${what}.`,
      discussion: 'The mediator set out the issues. The family explained what they want changed; the authority explained its position.',
      decisions: [{ decision: 'No agreement was reached; the mediator will issue a certificate.', reasons: 'The parties still disagree about the provision in section F.' }],
      outcome: { result: 'no-agreement', summary: 'Mediation certificate to be issued within 3 working days.' },
    });
    if (mediationId) s.comm(s.addWorkingDays(session, s.int(2, 8)), 'minutes-sent', { responds_to: mediationId, summary: 'Sent the family the authority\'s note of the mediation session.' });
  }
  if (!s.comm(registered, 'appeal-registered', { summary: `The tribunal registered the parent's appeal against ${what} (${tribunalRef}).` }, { author: elm })) return;
  if (!s.has('overdue-appeal-response')) {
    const responseDays = s.chance(0.1) ? s.int(31, 38) : s.int(18, 28);
    s.comm(s.addWorkingDays(registered, responseDays), 'appeal-response', { summary: `The authority's response to the appeal sent to the tribunal (${tribunalRef}).` }, { author: elm });
  }
  const hearing = s.wd(addDays(registered, s.int(20, 26) * 7));
  s.comm(s.wd(addDays(registered, s.int(28, 45))), 'hearing-notice', { event_date: hearing, summary: `The tribunal listed the hearing (${tribunalRef}).` }, { author: elm });
  // Pre-tribunal meeting: arranged by letter, minuted by the tribunal officer.
  const meeting = s.wd(addDays(hearing, -s.int(14, 21)));
  s.comm(s.wd(addDays(meeting, -s.int(14, 21))), 'meeting-scheduled', { direction: 'out', event_date: meeting, meeting_kind: 'pre-tribunal-meeting', summary: 'Invited the family to a pre-tribunal meeting to try to narrow the issues.' }, { author: elm });
  if (!s.has('missing-meeting-minutes')) {
    const id = s.minutes(
      meeting,
      'pre-tribunal-meeting',
      {
        format: 'video',
        attendees: s.attendees('pre-tribunal-meeting'),
        purpose: `To see whether the issues in the appeal (${tribunalRef}) can be agreed before the hearing.`,
        discussion: 'The working document was reviewed line by line. Some wording in section F was agreed; the placement remains in dispute.',
        decisions: [{ decision: 'Agree the revised wording of section F and send it to the tribunal.', reasons: 'Both parties accepted the therapist\'s recommendations.' }],
        outcome: { tribunal_ref: tribunalRef, result: 'no-agreement', summary: 'Issues narrowed; the hearing goes ahead on the placement.' },
        actions: s.actions(meeting, 1, elm),
      },
      { author: elm },
    );
    if (id) s.comm(s.addWorkingDays(meeting, s.int(2, 7)), 'minutes-sent', { responds_to: id, summary: 'Sent the family the minutes of the pre-tribunal meeting.' }, { author: elm });
  }
  if (hearing > s.asOf) return;
  const result = decision.kind === 'not-assess' ? 'appeal-upheld' : s.pick(['appeal-upheld', 'appeal-partly-upheld', 'appeal-partly-upheld', 'appeal-dismissed'] as const);
  if (!s.has('missing-hearing-minutes')) {
    const id = s.minutes(
      hearing,
      'appeal-hearing',
      {
        time: '10:00',
        venue: 'Tribunal hearing centre (video)',
        format: 'video',
        attendees: s.attendees('appeal-hearing'),
        purpose: `Hearing of the appeal against ${what}.`,
        discussion: s.pick(HEARING_DISCUSSION),
        decisions: [{ decision: 'Comply with the tribunal order within the statutory time limit once it is received.', reasons: 'Regulation 44 sets the time limits from the date of the order.' }],
        outcome: { tribunal_ref: tribunalRef, result, summary: 'Oral indication given at the hearing; the written decision will follow.' },
        actions: s.actions(hearing, 1, elm),
      },
      { author: elm },
    );
    if (id) s.comm(s.addWorkingDays(hearing, s.int(2, 8)), 'minutes-sent', { responds_to: id, summary: 'Sent the family the authority\'s minutes of the hearing.' }, { author: elm });
  }
  const order =
    decision.kind === 'not-assess' ? 'assess' : result === 'appeal-dismissed' ? 'dismissed' : result === 'appeal-upheld' ? s.pick(['amend-plan', 'amend-placement'] as const) : 'continue-and-amend';
  const ordered = s.wd(addDays(hearing, s.int(10, 25)));
  if (!s.comm(ordered, 'tribunal-decision', { order, summary: `Written decision received (${tribunalRef}).` }, { author: elm })) return;
  if (order === 'assess') {
    assessment(s, start, [], { ordered });
  } else if (order !== 'dismissed') {
    if (order === 'continue-and-amend') {
      // "Continue to maintain" is immediate: the letter saying so goes the same day.
      s.comm(ordered, 'other', { direction: 'out', summary: `Confirmed to the parent that the plan continues while it is amended, as the tribunal ordered (${tribunalRef}).` }, { author: elm });
    }
    // reg 44(2)(e): 5 weeks to amend the plan; (f): 2 weeks when only the placement changes.
    const weeks = order === 'amend-placement' ? 2 : 5;
    const days = s.chance(0.12) ? weeks * 7 + s.int(2, 10) : s.int(weeks === 2 ? 7 : 14, weeks * 7 - 1);
    s.comm(s.wd(addDays(ordered, days)), 'amended-plan', { summary: `Amended EHC plan issued to comply with the tribunal order (${tribunalRef}).` }, { author: elm });
  }
}

/** Letters, calls and notes that are not part of a statutory clock, plus complaints and SARs. */
function correspondence(s: Story, start: IsoDate, plan: IsoDate | undefined): void {
  const fits = <T extends { planned?: boolean }>(items: readonly T[], date: IsoDate) => items.filter((t) => !t.planned || (plan !== undefined && date > plan));
  const span = diffDays(start, s.asOf);
  const count = Math.max(s.has('edited-final-record') ? 1 : 0, Math.min(4, Math.floor(span / 300) + s.int(0, 1)));
  const dates: IsoDate[] = [];
  for (let i = 0; i < count; i++) dates.push(s.wd(addDays(start, s.int(20, Math.max(21, span - 20)))));
  // The first enquiry of a case whose record is later edited is old enough for the edit to follow it.
  if (s.has('edited-final-record')) dates[0] = s.wd(addDays(start, s.int(10, Math.max(11, span - 120))));
  for (let i = 0; i < count; i++) {
    const received = dates[i];
    const id = s.comm(received, 'enquiry', { summary: s.pick(fits(ENQUIRIES, received)).summary });
    const replyDays = s.chance(0.1) ? s.int(11, 16) : s.int(1, 8);
    if (id) s.comm(s.addWorkingDays(received, replyDays), 'reply', { responds_to: id, summary: s.pick(REPLIES) });
    if (i === 0 && id && s.has('edited-final-record')) {
      const path = `cases/${s.ref}/${id}.yaml`;
      const value = s.latestValue(path);
      const editDate = addDays(received, s.int(40, 90));
      if (value && editDate <= s.asOf) s.editInPlace(path, { ...value, summary: `${String(value.summary)} (Wording tidied.)` }, editDate);
    }
  }
  if (s.has('unanswered-enquiry')) {
    s.comm(s.addWorkingDays(s.asOf, -s.int(14, 30)), 'enquiry', { summary: 'Parent asked for an update on the therapy provision in section F.' });
  }
  if (s.has('due-soon-enquiry')) {
    s.comm(s.addWorkingDays(s.asOf, -s.int(2, 4)), 'enquiry', { party: 'school', summary: 'School asked for the date of the next annual review.' });
  }
  const notes = Math.min(5, Math.floor(span / 200) + 1);
  for (let i = 0; i < notes; i++) {
    const date = s.wd(addDays(start, s.int(7, Math.max(8, span - 7))));
    const topic = s.pick(fits(NOTE_TOPICS, date));
    s.note(date, { kind: topic.kind, with: topic.with, summary: topic.summary, ...(topic.action ? { actions: noteActions(s, date, topic.action) } : {}) });
  }
  if (s.has('uncommitted-record')) {
    s.note(s.asOf, { kind: 'phone', with: 'parent', summary: 'Parent called to say the family is moving house next term.' }, { uncommitted: true, author: s.officer });
  }
  if (s.has('overdue-action')) {
    const date = s.addWorkingDays(s.asOf, -s.int(20, 30));
    s.note(date, { kind: 'phone', with: 'parent', summary: 'Parent asked for the transport decision in writing.', actions: [{ action: 'Send the parent the transport decision letter.', owner: s.officer.name, due: s.addWorkingDays(date, 5) }] });
  }
  if (s.has('late-complaint-response') || s.chance(0.08)) {
    const received = s.wd(addDays(start, s.int(30, Math.max(31, span - 60))));
    const id = s.comm(received, 'complaint', { summary: s.pick(COMPLAINTS) });
    const days = s.has('late-complaint-response') ? s.int(24, 32) : s.chance(0.2) ? s.int(21, 28) : s.int(8, 19);
    if (id) s.comm(s.addWorkingDays(received, days), 'complaint-response', { responds_to: id, summary: 'Stage 1 complaint response sent, with the apology and the actions agreed.' }, { author: OFFICERS[(s.n + 1) % 4] });
  }
  if (s.has('subject-access-request') || s.chance(0.03)) {
    const received = s.wd(addDays(s.asOf, -s.int(40, 120)));
    if (received > start) {
      const id = s.comm(received, 'sar-request', { summary: 'Subject access request for the whole SEN file.' });
      if (id) s.comm(s.wd(addDays(received, s.int(18, 29))), 'sar-response', { responds_to: id, summary: 'Copy of the SEN file sent, with third-party information redacted.' });
    }
  }
  if (s.chance(0.15)) {
    const date = s.wd(addDays(start, s.int(60, Math.max(61, span - 10))));
    s.comm(s.wd(addDays(date, -s.int(7, 14))), 'meeting-scheduled', { direction: 'out', party: 'school', event_date: date, meeting_kind: 'professionals-meeting', summary: 'Professionals meeting arranged with the school and health.' });
    s.minutes(date, 'professionals-meeting', {
      format: 'video',
      attendees: s.attendees('professionals-meeting'),
      purpose: 'Agree how the provision in the plan will be delivered this term.',
      discussion: 'Each service described what it delivers and when. Gaps in therapy cover were identified.',
      decisions: [{ decision: 'Health to confirm the therapy timetable.', reasons: 'The plan specifies weekly therapy and it is not yet timetabled.' }],
      actions: s.actions(date, 2),
    });
  }
  if (s.has('stale-draft')) {
    const date = s.addWorkingDays(s.asOf, -s.int(15, 25));
    s.minutes(
      date,
      'case-discussion',
      {
        format: 'in-person',
        attendees: s.attendees('case-discussion'),
        purpose: 'Case discussion about the placement options for next year.',
        discussion: 'Options were listed. To be completed after the follow-up call.',
      },
      { finaliseAfter: -1 },
    );
  } else if (s.chance(0.12)) {
    const date = s.wd(addDays(start, s.int(30, Math.max(31, span - 30))));
    s.minutes(date, 'case-discussion', {
      format: 'in-person',
      attendees: s.attendees('case-discussion'),
      purpose: 'Case discussion at the weekly allocation meeting.',
      discussion: 'The officer summarised the case and the outstanding actions.',
      decisions: [{ decision: 'Keep the case with the current officer.', reasons: 'Continuity for the family during the review.' }],
    });
  }
}

function noteActions(s: Story, date: IsoDate, action: string): Record<string, unknown>[] {
  const due = s.addWorkingDays(date, s.int(3, 10));
  const done = s.addWorkingDays(date, s.int(1, 9));
  return [{ action, owner: s.officer.name, due, ...(done <= s.asOf && (due <= s.asOf || s.chance(0.5)) ? { done_on: done } : {}) }];
}

// ---------------------------------------------------------------------------------------

/** Days before the as-of date that a case's first request arrived. */
function caseAge(s: Story): number {
  if (s.has('overdue-annual-review')) return 20 * 7 + s.int(400, 470); // plan 13–15 months ago, never reviewed
  if (s.has('missing-hearing-minutes') || s.has('missing-meeting-minutes')) return s.int(600, 1400);
  if (s.has('overdue-appeal-response')) return s.int(500, 1300);
  if (s.has('late-amended-plan') || s.has('late-record')) return s.int(700, 1400);
  if (s.has('edited-final-record')) return s.int(300, 1400);
  if (s.has('late-assessment-decision')) return s.int(60, 130);
  if (s.has('late-final-plan')) return s.int(180, 330);
  const stage = s.int(0, 99);
  if (stage < 6) return s.int(3, 40); // a new request
  if (stage < 14) return s.int(41, 140); // being assessed
  if (stage < 26) return s.int(141, 450); // a plan, no review yet
  return s.int(451, 1800); // an established plan with reviews
}

export function buildCaseStory(n: number, ref: string, rng: Random, env: StoryEnv, anomalies: ReadonlySet<Anomaly>): CaseStory {
  const s = new Story(ref, n, rng, env, anomalies);
  let start: IsoDate;
  if (anomalies.has('exception-final-plan')) {
    // The advice request has to fall in the week before the summer closure.
    start = s.wd(`${Number(env.asOf.slice(0, 4)) - 1}-05-${String(s.int(12, 26)).padStart(2, '0')}`);
  } else {
    start = s.wd(addDays(env.asOf, -caseAge(s)));
  }
  const caseFile = s.openCase(start);
  const decisions: Decision[] = [];
  // A case carrying an anomaly follows the main path, so the anomaly is certain to show.
  const plain = anomalies.size === 0;
  const plan = assessment(s, start, decisions, { refuse: plain && s.chance(0.1), mayEndWithoutPlan: plain });
  if (plan) reviews(s, plan, decisions);
  const wantsAppeal =
    s.has('missing-hearing-minutes') || s.has('missing-meeting-minutes') || s.has('overdue-appeal-response') || (decisions.length > 0 && s.chance(decisions[0].kind === 'not-assess' ? 0.4 : 0.15));
  if (wantsAppeal && decisions.length > 0) {
    let chosen: Decision | undefined;
    let registered: IsoDate | undefined;
    if (s.has('overdue-appeal-response')) {
      registered = s.addWorkingDays(env.asOf, -s.int(34, 45));
      chosen = [...decisions].reverse().find((d) => addDays(d.date, 42) <= registered!);
    } else {
      // The latest decision whose appeal would have been heard by the as-of date (or any, for an appeal in progress).
      const heard = decisions.filter((d) => addWeeks(d.date, 40) <= env.asOf);
      chosen = s.has('missing-hearing-minutes') || s.has('missing-meeting-minutes') ? heard[heard.length - 1] : s.pick(decisions);
      if (chosen) registered = s.wd(addDays(chosen.date, s.int(49, 77)));
    }
    if (chosen && registered) appeal(s, chosen, registered, start);
  }
  correspondence(s, start, plan);
  return { ref, caseFile, commits: s.commits, uncommitted: s.uncommitted, records: s.records };
}
