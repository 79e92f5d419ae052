// The built-in rules: the statutory timescales of the SEND Regulations 2014 (as amended by
// SI 2015/359), CFA 2014 and UK GDPR, from send-timescales.md §1 and product.md §5, each
// with its citation; then the local service standards, whose periods come from
// `standards:` in ehcp.config.yaml (defaults in STANDARD_DEFAULTS). docs/rules.md explains
// every choice made where the law is silent or unconfirmed ([U]).

import { EXCEPTION_GROUNDS, type Purpose, type TribunalOrder } from '../vocabulary.js';
import { STANDARD_DEFAULTS, type StandardName } from '../records.js';
import type { CheckRule, ClockRule, RecordMatcher, Rule } from './types.js';

const comm = (purpose: Purpose | Purpose[], fields?: RecordMatcher['fields']): RecordMatcher => ({
  type: 'communication',
  purpose,
  ...(fields ? { fields } : {}),
});
const minutes = (kind: string): RecordMatcher => ({ type: 'minutes', kind });
const order = (o: TribunalOrder | TribunalOrder[]): RecordMatcher => comm('tribunal-decision', { order: o });
const grounds = (prefix: string): string[] => EXCEPTION_GROUNDS.filter((g) => g.startsWith(prefix));

const REGS = 'SEND Regs 2014';
const U = ' [U]';

const statutory = (rule: Omit<ClockRule, 'kind' | 'category'>): ClockRule => ({ kind: 'clock', category: 'statutory', ...rule });

/** Needs assessment and the first plan (send-timescales.md §1a). */
const ASSESSMENT: ClockRule[] = [
  statutory({
    id: 'assessment-decision',
    title: 'Decision whether to assess',
    citation: `${REGS} reg 5(1)`,
    description:
      'Tell the parent or young person whether the LA will secure an EHC needs assessment, no later than 6 weeks after the request was received.',
    clock: { match: comm('assessment-request') },
    satisfied_by: { match: [comm('assessment-decision')], before_next_trigger: true },
    period: { unit: 'weeks', count: 6 },
    exceptions: grounds('reg 5(4)'),
    when_missed: 'overdue',
  }),
  statutory({
    id: 'no-plan-notice',
    title: 'Decision not to issue a plan',
    citation: `${REGS} reg 10(1); CFA 2014 s36(9)`,
    description:
      'After assessing, notify a decision not to issue an EHC plan no later than 16 weeks after the request. ' +
      'The clock stops when the LA decides not to assess or sends a draft or final plan (it decided to issue one); ' +
      'an open clock at week 16 means no decision on issuing a plan has been recorded.',
    clock: { match: comm('assessment-request') },
    satisfied_by: { match: [comm('no-plan-notice')], before_next_trigger: true },
    cancelled_by: [comm('assessment-decision', { outcome: 'not-assess' }), comm(['draft-plan', 'final-plan'])],
    period: { unit: 'weeks', count: 16 },
    exceptions: grounds('reg 10(4)'),
    when_missed: 'overdue',
  }),
  statutory({
    id: 'final-plan',
    title: 'Final EHC plan issued',
    citation: `${REGS} reg 13(2)`,
    description:
      'Send the final EHC plan no later than 20 weeks after the request (day 140 is on time). ' +
      'Not needed when the LA decided not to assess or not to issue a plan. Exceptions: reg 10(4) grounds, applied by reg 13(3).',
    clock: { match: comm('assessment-request') },
    satisfied_by: { match: [comm('final-plan')], before_next_trigger: true },
    cancelled_by: [comm('assessment-decision', { outcome: 'not-assess' }), comm('no-plan-notice')],
    period: { unit: 'weeks', count: 20 },
    exceptions: grounds('reg 10(4)'),
    when_missed: 'overdue',
  }),
  statutory({
    id: 'advice-response',
    title: 'Advice and information given',
    citation: `${REGS} reg 8(1)`,
    description:
      'A body asked for advice and information for an assessment must give it within 6 weeks of the request ' +
      "(counted here from the request's date). It is the other body's duty: an overdue clock means chase it. " +
      "An advice-received that names its request in responds_to meets that request's clock.",
    clock: { match: comm('advice-request') },
    satisfied_by: { match: [comm('advice-received')] },
    period: { unit: 'weeks', count: 6 },
    exceptions: grounds('reg 8(2)'),
    when_missed: 'overdue',
  }),
];

/** Reviews, amendments, phase transfer, reassessment (§1c–§1e). */
const REVIEWS: ClockRule[] = [
  statutory({
    id: 'review-report',
    title: 'Review report circulated',
    citation: `${REGS} reg 20(7)–(9)${U}`,
    uncertain: true,
    description:
      'Send the written report of an annual review meeting to everyone invited within 2 weeks of the meeting. ' +
      '[U] The sub-paragraph numbers are unconfirmed.',
    clock: { match: minutes('annual-review') },
    satisfied_by: { match: [comm('review-report')], before_next_trigger: true },
    period: { unit: 'weeks', count: 2 },
    when_missed: 'overdue',
  }),
  statutory({
    id: 'review-decision',
    title: 'Review decision notified',
    citation: `${REGS} reg 20(10)–(11)${U}; R (L, M & P) v Devon CC [2022] EWHC 493 (Admin)`,
    uncertain: true,
    description:
      'Decide whether to maintain, amend or cease the plan and notify it within 4 weeks of the review meeting; ' +
      'a decision to amend must come with the proposed amendments (an amendment notice; Devon 2022). ' +
      '[U] The sub-paragraph numbers are unconfirmed.',
    clock: { match: minutes('annual-review') },
    satisfied_by: { match: [comm(['review-decision', 'amendment-notice'])], before_next_trigger: true },
    period: { unit: 'weeks', count: 4 },
    when_missed: 'overdue',
  }),
  statutory({
    id: 'amended-plan',
    title: 'Final amended plan issued',
    citation: `${REGS} reg 22(3)`,
    description:
      'Issue the final amended plan no later than 8 weeks after the amendment notice was sent. ' +
      'A later decision not to amend (a review decision to maintain or cease, reg 22(4)) or a cease notice stops the clock.',
    clock: { match: comm('amendment-notice') },
    satisfied_by: { match: [comm('amended-plan')], before_next_trigger: true },
    cancelled_by: [comm('review-decision', { outcome: ['maintain', 'cease'] }), comm('cease-notice')],
    period: { unit: 'weeks', count: 8 },
    when_missed: 'overdue',
  }),
  statutory({
    id: 'annual-review-due',
    title: 'Annual review held',
    citation: 'CFA 2014 s44(1)',
    uncertain: true,
    description:
      'Review the plan within 12 months of it being made, then within 12 months of each review. The clock runs from ' +
      'the final plan or the last annual-review meeting and is met by the next annual-review minutes. ' +
      "[U] LAs differ on whether 'reviewed' means the meeting or the LA's decision: this rule counts the meeting. " +
      'An amended plan does not restart the cycle (s44(1) runs from the last review); a cease notice stops it.',
    clock: { match: [comm('final-plan'), minutes('annual-review')] },
    satisfied_by: { match: [minutes('annual-review')] },
    cancelled_by: [comm('cease-notice')],
    period: { unit: 'months', count: 12 },
    when_missed: 'missing-record',
  }),
  statutory({
    id: 'phase-transfer',
    title: 'Plan amended for the phase transfer',
    citation: `${REGS} reg 18(1)(b)`,
    description:
      "Review and amend the plan, naming the new school, before 15 February of the calendar year of the transfer (the case's phase_transfer). " +
      'Met by an amended (or final) plan issued from 1 September of the year before.',
    clock: {
      match: { type: 'case', fields: { 'phase_transfer.year': { exists: true }, 'phase_transfer.phase': { not: 'secondary-to-post16' } } },
      date: 'phase_transfer.year',
    },
    satisfied_by: { match: [comm(['amended-plan', 'final-plan'])], not_before: { months: -4 } },
    cancelled_by: [comm('cease-notice')],
    period: { unit: 'before-date', month: 2, day: 15, yearFrom: 'clock' },
    when_missed: 'overdue',
  }),
  statutory({
    id: 'phase-transfer-post16',
    title: 'Plan amended for the move to post-16',
    citation: `${REGS} reg 18(1)(a)`,
    description:
      'Secondary school to post-16 institution: review and amend the plan before 31 March of the calendar year of the transfer. ' +
      'Met by an amended (or final) plan issued from 1 September of the year before.',
    clock: {
      match: { type: 'case', fields: { 'phase_transfer.year': { exists: true }, 'phase_transfer.phase': 'secondary-to-post16' } },
      date: 'phase_transfer.year',
    },
    satisfied_by: { match: [comm(['amended-plan', 'final-plan'])], not_before: { months: -4 } },
    cancelled_by: [comm('cease-notice')],
    period: { unit: 'before-date', month: 3, day: 31, yearFrom: 'clock' },
    when_missed: 'overdue',
  }),
  statutory({
    id: 'reassessment-decision',
    title: 'Decision whether to reassess',
    citation: `${REGS} reg 25(1)${U}`,
    uncertain: true,
    description: 'Notify the decision whether to reassess within 15 (calendar) days of the request. [U] The exact paragraph is unconfirmed.',
    clock: { match: comm('reassessment-request') },
    satisfied_by: { match: [comm('reassessment-decision')], before_next_trigger: true },
    period: { unit: 'days', count: 15 },
    when_missed: 'overdue',
  }),
  statutory({
    id: 'reassessment-plan',
    title: 'Plan after reassessment',
    citation: `${REGS} reg 27(2)`,
    description:
      'After deciding to reassess, send the final amended or replacement plan no later than 14 weeks after that decision. ' +
      'A no-plan notice or a cease notice stops the clock. Exceptions: reg 27(3).',
    clock: { match: comm('reassessment-decision', { outcome: 'reassess' }) },
    satisfied_by: { match: [comm(['amended-plan', 'final-plan'])], before_next_trigger: true },
    cancelled_by: [comm(['no-plan-notice', 'cease-notice'])],
    period: { unit: 'weeks', count: 14 },
    exceptions: grounds('reg 27(3)'),
    when_missed: 'overdue',
  }),
];

const ORDER_EXCEPTIONS = grounds('reg 44(3)');
const DECISION_LETTERS: Purpose[] = [
  'assessment-decision', 'reassessment-decision', 'review-decision', 'no-plan-notice', 'draft-plan', 'final-plan',
  'amendment-notice', 'amended-plan', 'cease-notice',
];

/** Complying with tribunal orders, one rule per duty (§1h). Time runs from the order's date. */
const ORDERS: ClockRule[] = [
  statutory({
    id: 'order-dismissed',
    title: 'Cease after a dismissed appeal against ceasing',
    citation: `${REGS} reg 44(2)(a)`,
    description:
      'When the tribunal dismisses an appeal against a decision to cease the plan (a dismissed order in a case with an earlier cease notice), ' +
      'cease to maintain the plan immediately: met by a cease notice dated the day of the order or later.',
    clock: { match: order('dismissed'), requires_earlier: [comm('cease-notice')] },
    satisfied_by: { match: [comm('cease-notice')], before_next_trigger: true },
    period: { unit: 'immediately' },
    exceptions: ORDER_EXCEPTIONS,
    when_missed: 'overdue',
  }),
  statutory({
    id: 'order-cease',
    title: 'Cease as the tribunal decided',
    citation: `${REGS} reg 44(2)(a)`,
    description: 'A tribunal decision recorded as order: cease. Cease to maintain the plan immediately: met by a cease notice dated the day of the order or later.',
    clock: { match: order('cease') },
    satisfied_by: { match: [comm('cease-notice')], before_next_trigger: true },
    period: { unit: 'immediately' },
    exceptions: ORDER_EXCEPTIONS,
    when_missed: 'overdue',
  }),
  statutory({
    id: 'order-assess-notify',
    title: 'Notify assessment after an order to assess',
    citation: `${REGS} reg 44(2)(b)`,
    description: 'Ordered to assess or reassess: notify the parent or young person that the LA will do so within 2 weeks of the order.',
    clock: { match: order('assess') },
    satisfied_by: {
      match: [comm('assessment-decision', { outcome: 'assess' }), comm('reassessment-decision', { outcome: 'reassess' })],
      before_next_trigger: true,
    },
    period: { unit: 'weeks', count: 2 },
    exceptions: ORDER_EXCEPTIONS,
    when_missed: 'overdue',
  }),
  statutory({
    id: 'order-assess-no-plan',
    title: 'No-plan decision after an order to assess',
    citation: `${REGS} reg 44(2)(b)(i)`,
    description:
      'Ordered to assess: if the LA decides no plan is needed, notify that decision within 10 weeks of the order. ' +
      'A draft, final or amended plan stops the clock (the LA decided a plan is needed).',
    clock: { match: order('assess') },
    satisfied_by: { match: [comm('no-plan-notice')], before_next_trigger: true },
    cancelled_by: [comm(['draft-plan', 'final-plan', 'amended-plan'])],
    period: { unit: 'weeks', count: 10 },
    exceptions: ORDER_EXCEPTIONS,
    when_missed: 'overdue',
  }),
  statutory({
    id: 'order-assess-final-plan',
    title: 'Final plan after an order to assess',
    citation: `${REGS} reg 44(2)(b)(ii)`,
    description: 'Ordered to assess: if a plan is needed, send the final (or amended) plan within 14 weeks of the order. A no-plan notice stops the clock.',
    clock: { match: order('assess') },
    satisfied_by: { match: [comm(['final-plan', 'amended-plan'])], before_next_trigger: true },
    cancelled_by: [comm('no-plan-notice')],
    period: { unit: 'weeks', count: 14 },
    exceptions: ORDER_EXCEPTIONS,
    when_missed: 'overdue',
  }),
  statutory({
    id: 'order-make-plan-draft',
    title: 'Draft plan after an order to make a plan',
    citation: `${REGS} reg 44(2)(c)(i)`,
    description: 'Ordered to make and maintain a plan: issue a draft plan within 5 weeks of the order.',
    clock: { match: order('make-plan') },
    satisfied_by: { match: [comm('draft-plan')], before_next_trigger: true },
    period: { unit: 'weeks', count: 5 },
    exceptions: ORDER_EXCEPTIONS,
    when_missed: 'overdue',
  }),
  statutory({
    id: 'order-make-plan-final',
    title: 'Final plan after an order to make a plan',
    citation: `${REGS} reg 44(2)(c)(ii)`,
    description: 'Ordered to make and maintain a plan: send the final plan within 11 weeks of the order.',
    clock: { match: order('make-plan') },
    satisfied_by: { match: [comm('final-plan')], before_next_trigger: true },
    period: { unit: 'weeks', count: 11 },
    exceptions: ORDER_EXCEPTIONS,
    when_missed: 'overdue',
  }),
  statutory({
    id: 'order-reconsider',
    title: 'Reconsider after the tribunal referred the case back',
    citation: `${REGS} reg 44(2)(d)${U}`,
    uncertain: true,
    description:
      'The tribunal referred the case back to the LA to reconsider: reconsider and notify within 2 weeks, met by any decision letter ' +
      '(assessment, reassessment or review decision, no-plan or cease notice, draft, final or amended plan, amendment notice). ' +
      '[U] Both the 2-week period and the paragraph are unconfirmed: change the period in ehcp.config.yaml if your legal advice differs.',
    clock: { match: order('reconsider') },
    satisfied_by: { match: [comm(DECISION_LETTERS)], before_next_trigger: true },
    period: { unit: 'weeks', count: 2 },
    exceptions: ORDER_EXCEPTIONS,
    when_missed: 'overdue',
  }),
  statutory({
    id: 'order-amend-plan',
    title: 'Amended plan after an order to amend',
    citation: `${REGS} reg 44(2)(e)`,
    description: 'Ordered to amend the plan (needs or provision, with or without the placement): issue the amended plan within 5 weeks of the order.',
    clock: { match: order('amend-plan') },
    satisfied_by: { match: [comm('amended-plan')], before_next_trigger: true },
    period: { unit: 'weeks', count: 5 },
    exceptions: ORDER_EXCEPTIONS,
    when_missed: 'overdue',
  }),
  statutory({
    id: 'order-amend-placement',
    title: 'Amended plan after an order on the placement only',
    citation: `${REGS} reg 44(2)(f)`,
    description: 'Ordered to amend only the school, institution or type named (section I): issue the amended plan within 2 weeks of the order.',
    clock: { match: order('amend-placement') },
    satisfied_by: { match: [comm('amended-plan')], before_next_trigger: true },
    period: { unit: 'weeks', count: 2 },
    exceptions: ORDER_EXCEPTIONS,
    when_missed: 'overdue',
  }),
  statutory({
    id: 'order-continue',
    title: 'Continue to maintain the plan',
    citation: `${REGS} reg 44(2)(g)${U}`,
    uncertain: true,
    description:
      'Ordered to continue to maintain the plan (with or without amendments): continue immediately. Met by any outgoing ' +
      'communication in the case dated the day of the order or later (the letter confirming the plan continues). ' +
      '[U] The paragraph letter is unconfirmed.',
    clock: { match: order(['continue', 'continue-and-amend']) },
    satisfied_by: { match: [{ type: 'communication', direction: 'out' }], before_next_trigger: true },
    period: { unit: 'immediately' },
    exceptions: ORDER_EXCEPTIONS,
    when_missed: 'overdue',
  }),
  statutory({
    id: 'order-continue-and-amend',
    title: 'Amended plan after an order to continue and amend',
    citation: `${REGS} reg 44(2)(h)${U}`,
    uncertain: true,
    description: 'Ordered to continue to maintain and amend the plan: issue the amended plan within 5 weeks of the order. [U] The paragraph letter is unconfirmed.',
    clock: { match: order('continue-and-amend') },
    satisfied_by: { match: [comm('amended-plan')], before_next_trigger: true },
    period: { unit: 'weeks', count: 5 },
    exceptions: ORDER_EXCEPTIONS,
    when_missed: 'overdue',
  }),
];

const SAR: ClockRule = statutory({
  id: 'sar-response',
  title: 'Subject access request answered',
  citation: 'UK GDPR Art 12(3), Art 15; ICO guidance',
  description:
    'Answer a subject access request within one calendar month of receipt: the same date next month, or the last day of a shorter month, ' +
    'moved to the next working day when it falls on a weekend or bank holiday (ICO method). An extension of two further months must be recorded separately.',
  clock: { match: comm('sar-request') },
  satisfied_by: { match: [comm('sar-response')] },
  period: { unit: 'months', count: 1, nextWorkingDayIfClosed: true },
  when_missed: 'overdue',
});

type Standards = Partial<Record<StandardName, number>>;
const standard = (standards: Standards, name: StandardName): number => standards[name] ?? STANDARD_DEFAULTS[name];
const workingDays = (count: number) => ({ unit: 'working-days' as const, count });
const localCitation = (name: StandardName) => `Local service standard (ehcp.config.yaml standards.${name})`;

/** The local service standards, their periods taken from `standards:` in the config. */
function localRules(s: Standards): Rule[] {
  const local = (rule: Omit<ClockRule, 'kind' | 'category'>): ClockRule => ({ kind: 'clock', category: 'local', ...rule });
  const familyPresent = { some: { party: ['parent', 'young-person'], attendance: { not: 'apologies' } } };
  return [
    local({
      id: 'appeal-response',
      title: 'Response to an appeal',
      citation: `Tribunal registration letter / directions (usually 30 working days); ${localCitation('appeal_response_working_days')}`,
      description: "Send the LA's response to a registered appeal within the tribunal's deadline, by default 30 working days from registration.",
      clock: { match: comm('appeal-registered') },
      satisfied_by: { match: [comm('appeal-response')], before_next_trigger: true },
      period: workingDays(standard(s, 'appeal_response_working_days')),
      when_missed: 'overdue',
    }),
    local({
      id: 'hearing-minutes',
      title: 'Minutes of the appeal hearing',
      citation: localCitation('hearing_minutes_working_days'),
      description:
        "The LA's own minutes of a tribunal hearing (from the hearing notice's event_date), written within N working days of the hearing. " +
        'Timeliness uses the day the minutes were first committed, when git history is available.',
      clock: { match: comm('hearing-notice'), date: 'event_date' },
      satisfied_by: { match: [minutes('appeal-hearing')], before_next_trigger: true, on: 'recorded' },
      period: workingDays(standard(s, 'hearing_minutes_working_days')),
      when_missed: 'missing-record',
    }),
    local({
      id: 'meeting-minutes',
      title: 'Minutes of a scheduled meeting',
      citation: localCitation('meeting_minutes_working_days'),
      description:
        'Minutes of the kind named (meeting_kind) for a meeting arranged with meeting-scheduled, written within N working days of the meeting (event_date). ' +
        'Timeliness uses the day the minutes were first committed, when git history is available.',
      clock: { match: comm('meeting-scheduled'), date: 'event_date' },
      satisfied_by: { match: [{ type: 'minutes' }], same_as: { kind: 'meeting_kind' }, before_next_trigger: true, on: 'recorded' },
      period: workingDays(standard(s, 'meeting_minutes_working_days')),
      when_missed: 'missing-record',
    }),
    local({
      id: 'review-minutes',
      title: 'Minutes of the annual review meeting',
      citation: localCitation('meeting_minutes_working_days'),
      description: 'Annual-review minutes for a meeting given notice of (review-meeting-notice, event_date), written within N working days of the meeting.',
      clock: { match: comm('review-meeting-notice'), date: 'event_date' },
      satisfied_by: { match: [minutes('annual-review')], before_next_trigger: true, on: 'recorded' },
      period: workingDays(standard(s, 'meeting_minutes_working_days')),
      when_missed: 'missing-record',
    }),
    local({
      id: 'minutes-shared',
      title: 'Minutes shared with the family',
      citation: localCitation('minutes_shared_working_days'),
      description:
        'Minutes of a meeting a parent or young person attended are sent to them within N working days of the meeting: ' +
        'met by a minutes-sent communication naming the minutes in responds_to, or by the minutes\' own shared_with_family date.',
      clock: { match: { type: 'minutes', fields: { attendees: familyPresent } } },
      satisfied_by: { match: [comm('minutes-sent')], link: 'required', trigger_field: 'shared_with_family.date' },
      period: workingDays(standard(s, 'minutes_shared_working_days')),
      when_missed: 'overdue',
    }),
    local({
      id: 'reply',
      title: 'Reply to an enquiry',
      citation: localCitation('reply_working_days'),
      description: 'Answer an enquiry within N working days: met by a reply that names the enquiry in responds_to.',
      clock: { match: comm('enquiry') },
      satisfied_by: { match: [comm('reply')], link: 'required' },
      period: workingDays(standard(s, 'reply_working_days')),
      when_missed: 'overdue',
    }),
    local({
      id: 'complaint-response',
      title: 'Response to a complaint',
      citation: localCitation('complaint_response_working_days'),
      description: 'Answer a complaint within N working days (the corporate complaints procedure).',
      clock: { match: comm('complaint') },
      satisfied_by: { match: [comm('complaint-response')] },
      period: workingDays(standard(s, 'complaint_response_working_days')),
      when_missed: 'overdue',
    }),
  ];
}

function checks(s: Standards): CheckRule[] {
  return [
    {
      kind: 'check',
      id: 'stale-draft',
      title: 'Minutes still in draft',
      citation: localCitation('stale_draft_working_days'),
      category: 'local',
      description: 'Minutes still draft more than N working days after the meeting: finalise them (`ehcp minutes finalise ID`).',
      period: workingDays(standard(s, 'stale_draft_working_days')),
    },
    {
      kind: 'check',
      id: 'late-record',
      title: 'Record written late',
      citation: localCitation('late_record_working_days'),
      category: 'local',
      description:
        "A record first committed more than N working days after its date (the event it records): git shows when it was written. " +
        'Corrections (records that amend another) are exempt. Needs full git history; skipped in a shallow clone.',
      period: workingDays(standard(s, 'late_record_working_days')),
    },
    {
      kind: 'check',
      id: 'overdue-action',
      title: 'Action past its due date',
      citation: 'Local practice: actions agreed in minutes and case notes',
      category: 'local',
      description: 'An action in minutes or a case note whose due date has passed with no done_on date.',
    },
  ];
}

/**
 * Final hearing minutes whose result is "decision reserved" leave the appeal open: the
 * tribunal sends its decision later. This local-practice clock makes sure the decision
 * is chased and logged (a tribunal-decision communication), which in turn starts the
 * statutory clocks for complying with the order. The tribunal usually sends a reserved
 * decision within 10 working days of the hearing; that is practice, not a regulation.
 */
const RESERVED_DECISION: ClockRule = {
  kind: 'clock',
  category: 'local',
  id: 'reserved-decision',
  title: 'Tribunal decision after a reserved hearing',
  citation: 'Local practice: a reserved decision is usually sent within 10 working days of the hearing; log it when it arrives',
  description:
    'Final appeal-hearing minutes with the result decision-reserved start a clock of 10 working days from the hearing, ' +
    'met by a tribunal-decision communication (chase the tribunal if it has not arrived).',
  clock: { match: { type: 'minutes', kind: 'appeal-hearing', status: 'final', fields: { 'outcome.result': 'decision-reserved' } } },
  satisfied_by: { match: [comm('tribunal-decision')] },
  period: workingDays(10),
  when_missed: 'missing-record',
};

/** Every built-in rule, the local ones with the given standards (defaults where unset). */
export function builtinRules(standards: Standards = {}): Rule[] {
  return [...ASSESSMENT, ...REVIEWS, ...ORDERS, SAR, ...localRules(standards), ...checks(standards), RESERVED_DECISION];
}
