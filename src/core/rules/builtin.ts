// The built-in rules: the statutory timescales of the SEND Regulations 2014 (as amended by
// SI 2015/359), CFA 2014 and UK GDPR, each with its citation, the reading of its words
// (`counting`) and the words themselves (`words`; docs/rules.md says which were checked
// against legislation.gov.uk); then the local service standards, whose periods come from
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

/** Needs assessment and the first plan. */
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
    counting: 'within-weeks',
    words: 'within 6 weeks of receiving a request [U: wording not checked against the text]',
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
    counting: 'within-weeks',
    words: 'as soon as practicable, and in any event within 16 weeks of the request [U: wording not checked against the text]',
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
    counting: 'within-weeks',
    words: 'as soon as practicable, and in any event within 20 weeks of the local authority receiving a request for an EHC needs assessment',
    exceptions: grounds('reg 10(4)'),
    when_missed: 'overdue',
  }),
  statutory({
    id: 'comment-period',
    title: 'Final plan not issued before the 15 days to comment',
    citation: `${REGS} reg 13(1)(a)`,
    description:
      'The family has at least 15 days, beginning with the day the draft plan was served, to make representations and ask for a school. ' +
      'A final plan dated on or before the 15th day (draft date + 14) is itself a finding (breached); the draft date counts as the day of service.',
    clock: { match: comm('draft-plan') },
    satisfied_by: { match: [comm('final-plan')], before_next_trigger: true },
    period: { unit: 'days', count: 15, beginningWith: true },
    counting: 'beginning-with',
    words: 'give them at least 15 days, beginning with the day on which the draft plan was served, in which to (i) make representations about the content of the draft plan',
    minimum: true,
    when_missed: 'overdue',
  }),
  statutory({
    id: 'advice-response',
    title: 'Advice and information given',
    citation: `${REGS} reg 8(1)`,
    description:
      'A body asked for advice and information for an assessment must give it within 6 weeks of the request ' +
      "(counted here from the request's date). It is the other body's duty, not the authority's: reported with duty other-body, " +
      "kept apart from the authority's overdue counts; an overdue clock means chase it. " +
      "An advice-received that names its request in responds_to meets that request's clock.",
    clock: { match: comm('advice-request') },
    satisfied_by: { match: [comm('advice-received')] },
    period: { unit: 'weeks', count: 6 },
    counting: 'within-weeks',
    words: 'within 6 weeks of the date on which the request was received [U: wording not checked against the text]',
    duty: 'other-body',
    exceptions: grounds('reg 8(2)'),
    when_missed: 'overdue',
  }),
];

/** Reviews, amendments, phase transfer, reassessment. */
const REVIEWS: ClockRule[] = [
  statutory({
    id: 'review-notice',
    title: 'Review meeting notified at least 2 weeks ahead',
    citation: `${REGS} reg 20(3); reg 21(3)`,
    description:
      "At least two weeks' notice of the date of a review meeting must be given: the review-meeting-notice must be dated no later " +
      'than the meeting (event_date) minus 14 days. A notice dated later is reported as late (the notice was short).',
    clock: { match: comm('review-meeting-notice'), date: 'event_date' },
    satisfied_by: { match: [comm('review-meeting-notice')], link: 'required', trigger_field: 'date' },
    period: { unit: 'weeks-before', count: 2 },
    counting: 'at-least-before',
    words: "At least two weeks' notice of the date of the meeting must be given.",
    when_missed: 'overdue',
  }),
  statutory({
    id: 'review-advice',
    title: 'Review advice circulated at least 2 weeks ahead',
    citation: `${REGS} reg 20(4); reg 21(4)`,
    description:
      'The advice and information obtained for a review meeting must be circulated to those invited at least two weeks before it: ' +
      'met by a review-advice communication dated no later than the meeting (event_date) minus 14 days (from 3 months before the meeting; ' +
      'one naming another notice in responds_to belongs to that one).',
    clock: { match: comm('review-meeting-notice'), date: 'event_date' },
    satisfied_by: { match: [comm('review-advice')], not_before: { months: -3 }, before_next_trigger: true },
    period: { unit: 'weeks-before', count: 2 },
    counting: 'at-least-before',
    words: 'must obtain advice and information about the child or young person from the persons referred to in paragraph (2) and must circulate it to those persons at least two weeks in advance of the review meeting',
    when_missed: 'overdue',
  }),
  statutory({
    id: 'review-report',
    title: 'Review report circulated',
    citation: `${REGS} reg 20(7)–(9)${U}; reg 21(7)`,
    uncertain: true,
    description:
      'Send the written report of an annual review meeting to everyone invited within 2 weeks of the meeting (reg 21(7) when the child or ' +
      'young person attends no school: the LA prepares it). [U] The sub-paragraph numbers of reg 20 are unconfirmed.',
    clock: { match: minutes('annual-review') },
    satisfied_by: { match: [comm('review-report')], before_next_trigger: true },
    period: { unit: 'weeks', count: 2 },
    counting: 'within-weeks',
    words: 'reg 21(7): The local authority must prepare a report on the child or young person within two weeks of the review meeting',
    when_missed: 'overdue',
  }),
  statutory({
    id: 'review-decision',
    title: 'Review decision notified',
    citation: `${REGS} reg 20(10)–(11)${U}; reg 21(8)${U}; R (L, M & P) v Devon CC [2022] EWHC 493 (Admin)`,
    uncertain: true,
    description:
      'Decide whether to maintain, amend or cease the plan and notify it within 4 weeks of the review meeting; ' +
      'a decision to amend must come with the proposed amendments (an amendment notice; Devon 2022). ' +
      '[U] The sub-paragraph numbers of reg 20 and reg 21 are unconfirmed.',
    clock: { match: minutes('annual-review') },
    satisfied_by: { match: [comm(['review-decision', 'amendment-notice'])], before_next_trigger: true },
    period: { unit: 'weeks', count: 4 },
    counting: 'within-weeks',
    words: 'within four weeks of the review meeting [U: wording not checked against the text]',
    when_missed: 'overdue',
  }),
  statutory({
    id: 'comment-period-amendment',
    title: 'Amended plan not issued before the 15 days to comment',
    citation: `${REGS} reg 22(2)(c)`,
    description:
      'After an amendment notice the family has at least 15 days, beginning with the day it was served, to make representations, ask for a school ' +
      'and ask for a meeting. An amended plan dated on or before the 15th day (notice date + 14) is itself a finding (breached).',
    clock: { match: comm('amendment-notice') },
    satisfied_by: { match: [comm('amended-plan')], before_next_trigger: true },
    period: { unit: 'days', count: 15, beginningWith: true },
    counting: 'beginning-with',
    words: 'give them at least 15 days, beginning with the day on which the draft plan was served, in which to (i) make representations about the content of the draft plan',
    minimum: true,
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
    counting: 'within-weeks',
    words: 'as soon as practicable, and in any event within 8 weeks of the local authority sending a copy of the EHC plan in accordance with paragraph (2)(a)',
    when_missed: 'overdue',
  }),
  statutory({
    id: 'annual-review-due',
    title: 'Annual review held',
    citation: 'CFA 2014 s44(1)',
    uncertain: true,
    description:
      'Review the plan in the period of 12 months starting with the day it was made, then in each period of 12 months starting with the ' +
      'last review. The start day is inside the period, so it ends the day before the anniversary (plan made 2024-06-10: due 2025-06-09). ' +
      'The clock runs from the final plan or the last annual-review meeting and is met by the next annual-review minutes. ' +
      "[U] LAs differ on whether 'reviewed' means the meeting or the LA's decision: this rule counts the meeting. " +
      'An amended plan does not restart the cycle (s44(1) runs from the last review); a cease notice stops it.',
    clock: { match: [comm('final-plan'), minutes('annual-review')] },
    satisfied_by: { match: [minutes('annual-review')] },
    cancelled_by: [comm('cease-notice')],
    period: { unit: 'months', count: 12, startingWith: true },
    counting: 'starting-with',
    words:
      'in the period of 12 months starting with the date on which the plan was first made, and in each subsequent period of 12 months ' +
      'starting with the date on which the plan was last reviewed',
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
    counting: 'before-date',
    words: "must review and amend, where necessary, the child or young person's EHC plan before (b) 15 February in the calendar year of the child's transfer in any other case",
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
    counting: 'before-date',
    words: "before (a) 31 March in the calendar year of the child or young person's transfer from secondary school to a post-16 institution",
    when_missed: 'overdue',
  }),
  statutory({
    id: 'reassessment-decision',
    title: 'Decision whether to reassess',
    citation: `${REGS} reg 25(1)${U}`,
    uncertain: true,
    description: 'Notify the decision whether to reassess within 15 (calendar) days of the request. [U] The exact paragraph and words are unconfirmed.',
    clock: { match: comm('reassessment-request') },
    satisfied_by: { match: [comm('reassessment-decision')], before_next_trigger: true },
    period: { unit: 'days', count: 15 },
    counting: 'within-days',
    words: 'within 15 days of receiving a request [U: wording not checked against the text]',
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
    counting: 'within-weeks',
    words: 'as soon as practicable, and in any event within 14 weeks of the notification under regulation 25(1) or of deciding it is necessary to reassess under section 44(3)',
    exceptions: grounds('reg 27(3)'),
    when_missed: 'overdue',
  }),
];

/** A plan transferred in from another authority (reg 15): the new authority's duties. */
const TRANSFERS: ClockRule[] = [
  statutory({
    id: 'transfer-notice',
    title: 'Family told of the transfer',
    citation: `${REGS} reg 15(4)`,
    description:
      'Within 6 weeks of the date of the transfer (a transfer-in record), the new authority tells the parent or young person that the plan ' +
      'has transferred, whether it proposes to make an EHC needs assessment, and when it proposes to review the plan: met by a transfer-notice.',
    clock: { match: comm('transfer-in') },
    satisfied_by: { match: [comm('transfer-notice')], before_next_trigger: true },
    cancelled_by: [comm('cease-notice')],
    period: { unit: 'weeks', count: 6 },
    counting: 'within-weeks',
    words:
      "The new authority must, within 6 weeks of the date of the transfer, inform the child's parent or the young person of the following: " +
      '(a) that the EHC plan has been transferred; (b) whether it proposes to make an EHC needs assessment; and (c) when it proposes to review the EHC plan',
    when_missed: 'overdue',
  }),
  statutory({
    id: 'transfer-review',
    title: 'First review after a transfer',
    citation: `${REGS} reg 15(5)${U}`,
    uncertain: true,
    description:
      'The new authority reviews the plan before the later of (a) 12 months beginning with the date the plan was made or last reviewed by the old ' +
      "authority (the transfer-in's event_date) and (b) 3 months beginning with the date of the transfer. Met by annual-review minutes. " +
      'Without an event_date only (b) counts. [U] The text of (a) and (b) was seen only up to "12 months beginning with the d…"; ' +
      'the rest is from secondary summaries.',
    clock: { match: comm('transfer-in') },
    satisfied_by: { match: [minutes('annual-review')], before_next_trigger: true },
    cancelled_by: [comm('cease-notice')],
    period: { unit: 'months', count: 3, startingWith: true },
    later_of: { date: 'event_date', period: { unit: 'months', count: 12, startingWith: true } },
    counting: 'later-of',
    words:
      'The new authority must review the EHC plan in accordance with section 44 of the Act before the expiry of the later of (a) the period of ' +
      '12 months beginning with the d[ate …] [U] and (b) [the period of 3 months beginning with the date of the transfer] [U]',
    when_missed: 'missing-record',
  }),
];

const ORDER_EXCEPTIONS = grounds('reg 44(3)');
const DECISION_LETTERS: Purpose[] = [
  'assessment-decision', 'reassessment-decision', 'review-decision', 'no-plan-notice', 'draft-plan', 'final-plan',
  'amendment-notice', 'amended-plan', 'cease-notice',
];
/** Reg 42(2): a mediation agreement on appealable issues is complied with "as if [it] were an order of the First-tier Tribunal". */
const AS_ORDER = '; reg 42(2) for a mediation agreement';

/** What the LA must do for one kind of order: the same duties follow a tribunal order (reg 44), an unopposed appeal (reg 45) or a mediation agreement (reg 42(2)). */
interface OrderDuty {
  suffix: string;
  title: string;
  orders: TribunalOrder[];
  satisfied: RecordMatcher[];
  cancelled?: RecordMatcher[];
  weeks: number;
  /** Reg 44(2) paragraph, [U] when the letter comes from a secondary source; reg 45 paragraph likewise (undefined: reg 45 has no such duty). */
  reg44: string;
  reg44Uncertain?: boolean;
  words44: string;
  reg45?: string;
  reg45Uncertain?: boolean;
  words45?: string;
  describe: string;
}

const DUTIES: OrderDuty[] = [
  {
    suffix: 'assess-notify',
    title: 'Notify assessment',
    orders: ['assess'],
    satisfied: [comm('assessment-decision', { outcome: 'assess' }), comm('reassessment-decision', { outcome: 'reassess' })],
    weeks: 2,
    reg44: 'reg 44(2)(b)',
    words44: "within 2 weeks of the order being made notify the child's parent or the young person that it shall make the assessment or reassessment",
    reg45: 'reg 45(3)',
    words45: "within 2 weeks of the date it notified the First-tier Tribunal under paragraph (1), notify the child's parent or the young person that it must make the EHC needs assessment or reassessment",
    describe: 'notify the parent or young person that the LA will assess or reassess',
  },
  {
    suffix: 'assess-no-plan',
    title: 'No-plan decision after assessing',
    orders: ['assess'],
    satisfied: [comm('no-plan-notice')],
    cancelled: [comm(['draft-plan', 'final-plan', 'amended-plan'])],
    weeks: 10,
    reg44: 'reg 44(2)(b)(i)',
    words44: "as soon as practicable, and in any event within 10 weeks of the date of the First-tier Tribunal's order",
    reg45: 'reg 45(3A)(a)',
    words45: 'as soon as practicable, and in any event within 10 weeks of the date it notified the First-tier Tribunal under paragraph (1)',
    describe: 'if the LA decides no plan is needed, notify that decision (a draft, final or amended plan stops this clock)',
  },
  {
    suffix: 'assess-final-plan',
    title: 'Final plan after assessing',
    orders: ['assess'],
    satisfied: [comm(['final-plan', 'amended-plan'])],
    cancelled: [comm('no-plan-notice')],
    weeks: 14,
    reg44: 'reg 44(2)(b)(ii)',
    words44: "as soon as practicable and in any event within 14 weeks of the date of the First-tier Tribunal's order",
    reg45: 'reg 45(3A)(b)',
    words45: 'as soon as practicable and in any event within 14 weeks of the date it notified the First-tier Tribunal under paragraph (1)',
    describe: 'if a plan is needed, send the final (or amended) plan (a no-plan notice stops this clock)',
  },
  {
    suffix: 'make-plan-draft',
    title: 'Draft plan',
    orders: ['make-plan'],
    satisfied: [comm('draft-plan')],
    weeks: 5,
    reg44: 'reg 44(2)(c)(i)',
    words44: 'issue a draft EHC Plan within 5 weeks of the order being made',
    reg45: 'reg 45(6)',
    reg45Uncertain: true,
    words45: 'issue a draft plan within 5 weeks [U: paragraph and words from secondary summaries]',
    describe: 'issue a draft plan',
  },
  {
    suffix: 'make-plan-final',
    title: 'Final plan',
    orders: ['make-plan'],
    satisfied: [comm('final-plan')],
    weeks: 11,
    reg44: 'reg 44(2)(c)(ii)',
    words44: "send a copy of the finalised EHC plan to the child's parent or young person under Regulation 14, within 11 weeks of the [order being made]",
    reg45: 'reg 45(6)',
    reg45Uncertain: true,
    words45: 'send the finalised plan within 11 weeks [U: paragraph and words from secondary summaries]',
    describe: 'send the final plan',
  },
  {
    suffix: 'amend-plan',
    title: 'Amended plan',
    orders: ['amend-plan'],
    satisfied: [comm('amended-plan')],
    weeks: 5,
    reg44: 'reg 44(2)(e)',
    reg44Uncertain: true,
    words44: 'issue the amended EHC plan within 5 weeks of the order being made [U: paragraph letter and words from secondary sources]',
    reg45: 'reg 45(4)',
    words45: 'If the appeal is made under section 51(2)(c)(i) or (ii), or (e) of the Act, the local authority must issue the amended EHC plan to those specified in regulation 22(3) within 5 weeks of the date it notified the First-tier Tribunal',
    describe: 'issue the amended plan (needs or provision, with or without the placement)',
  },
  {
    suffix: 'amend-placement',
    title: 'Amended plan (placement only)',
    orders: ['amend-placement'],
    satisfied: [comm('amended-plan')],
    weeks: 2,
    reg44: 'reg 44(2)(f)',
    reg44Uncertain: true,
    words44: 'within 2 weeks of the order being made [U: paragraph letter and words from secondary sources]',
    reg45: 'reg 45(5)',
    reg45Uncertain: true,
    words45: 'within 2 weeks of the date it notified the First-tier Tribunal [U: paragraph and words from secondary summaries]',
    describe: 'issue the amended plan naming the school, institution or type (section I only)',
  },
  {
    suffix: 'continue-and-amend',
    title: 'Amended plan after continue-and-amend',
    orders: ['continue-and-amend'],
    satisfied: [comm('amended-plan')],
    weeks: 5,
    reg44: 'reg 44(2)(h)',
    reg44Uncertain: true,
    words44: 'continue to maintain and amend the plan within 5 weeks of the order being made [U: paragraph letter and words from secondary sources]',
    reg45: 'reg 45(4)',
    words45: 'If the appeal is made under section 51(2)(c)(i) or (ii), or (e) of the Act, the local authority must issue the amended EHC plan to those specified in regulation 22(3) within 5 weeks of the date it notified the First-tier Tribunal',
    describe: 'issue the amended plan (the plan continues meanwhile)',
  },
];

/** One reg 44 order rule (met by its duty, started by a tribunal order or a reg 42(2) mediation agreement). */
function orderRule(d: OrderDuty): ClockRule {
  const uncertain = d.reg44Uncertain === true;
  return statutory({
    id: `order-${d.suffix}`,
    title: `${d.title} after a tribunal order`,
    citation: `${REGS} ${d.reg44}${uncertain ? U : ''}${AS_ORDER}`,
    ...(uncertain ? { uncertain: true } : {}),
    description:
      `Ordered to ${d.orders.join(' or ')} (a tribunal-decision, or a mediation agreement on appealable issues, reg 42(2)): ${d.describe} within ${d.weeks} weeks of the order. ` +
      'A directed date or period recorded on the order (directed) replaces the default.' +
      (uncertain ? ' [U] The paragraph letter comes from secondary sources.' : ''),
    clock: { match: [order(d.orders), agreement(d.orders)] },
    satisfied_by: { match: d.satisfied, before_next_trigger: true },
    ...(d.cancelled ? { cancelled_by: d.cancelled } : {}),
    period: { unit: 'weeks', count: d.weeks },
    counting: 'within-weeks',
    words: d.words44,
    directable: true,
    exceptions: ORDER_EXCEPTIONS,
    when_missed: 'overdue',
  });
}

/** The same duty after an unopposed appeal: reg 45 counts from the LA's notice to the tribunal. */
function unopposedRule(d: OrderDuty): ClockRule {
  const uncertain = d.reg45Uncertain === true;
  return statutory({
    id: `unopposed-${d.suffix}`,
    title: `${d.title} after an unopposed appeal`,
    citation: `${REGS} ${d.reg45}${uncertain ? U : ''}`,
    ...(uncertain ? { uncertain: true } : {}),
    description:
      `The LA told the tribunal it would not oppose the appeal (an unopposed-notice, order: ${d.orders.join(' or ')}); the appeal is treated as determined ` +
      `for the appellant (reg 45(2)): ${d.describe} within ${d.weeks} weeks of that notice.` +
      (uncertain ? ' [U] The paragraph and its words come from secondary summaries.' : ''),
    clock: { match: comm('unopposed-notice', { order: d.orders }) },
    satisfied_by: { match: d.satisfied, before_next_trigger: true },
    ...(d.cancelled ? { cancelled_by: d.cancelled } : {}),
    period: { unit: 'weeks', count: d.weeks },
    counting: 'within-weeks',
    words: d.words45!,
    when_missed: 'overdue',
  });
}

const agreement = (o: TribunalOrder | TribunalOrder[]): RecordMatcher => comm('mediation-agreement', { order: o });

/** Complying with tribunal orders (reg 44), one rule per duty; the same duties after an unopposed appeal (reg 45). */
const ORDERS: ClockRule[] = [
  statutory({
    id: 'order-dismissed',
    title: 'Cease after a dismissed appeal against ceasing',
    citation: `${REGS} reg 44(2)(a)`,
    description:
      'When the tribunal dismisses an appeal against a decision to cease the plan (order dismissed, or the vocabulary\'s order cease, in a case with an ' +
      'earlier cease notice), cease to maintain the plan immediately: met by a cease notice dated the day of the order or later. ' +
      'Reg 44(2) gives the tribunal no other order to cease, so order: cease is read as this one.',
    clock: { match: order(['dismissed', 'cease']), requires_earlier: [comm('cease-notice')] },
    satisfied_by: { match: [comm('cease-notice')], before_next_trigger: true },
    period: { unit: 'immediately' },
    counting: 'immediately',
    words: 'dismisses an appeal against a determination to cease an EHC Plan, the local authority shall cease to maintain the EHC Plan immediately',
    directable: true,
    exceptions: ORDER_EXCEPTIONS,
    when_missed: 'overdue',
  }),
  ...DUTIES.map(orderRule),
  statutory({
    id: 'order-reconsider',
    title: 'Reconsider after the tribunal referred the case back',
    citation: `${REGS} reg 44(2)(d)${U}${AS_ORDER}`,
    uncertain: true,
    description:
      'The tribunal referred the case back to the LA to reconsider: reconsider and notify within 2 weeks, met by any decision letter ' +
      '(assessment, reassessment or review decision, no-plan or cease notice, draft, final or amended plan, amendment notice). ' +
      '[U] Both the 2-week period and the paragraph are unconfirmed: change the period in ehcp.config.yaml if your legal advice differs.',
    clock: { match: [order('reconsider'), agreement('reconsider')] },
    satisfied_by: { match: [comm(DECISION_LETTERS)], before_next_trigger: true },
    period: { unit: 'weeks', count: 2 },
    counting: 'within-weeks',
    words: 'within 2 weeks [U: period, paragraph and words from secondary sources]',
    directable: true,
    exceptions: ORDER_EXCEPTIONS,
    when_missed: 'overdue',
  }),
  statutory({
    id: 'order-continue',
    title: 'Plan maintained as ordered (not ceased)',
    citation: `${REGS} reg 44(2)(g)${U}${AS_ORDER}`,
    uncertain: true,
    description:
      'Ordered to continue to maintain the plan (with or without amendments): a standing duty from the day of the order, not a letter, ' +
      'so it is never overdue. It is breached by a cease notice dated on or after the order and before the next annual-review meeting ' +
      '(watched for 12 months starting with the order, the longest a plan may go unreviewed). [U] The paragraph letter is unconfirmed.',
    clock: { match: [order(['continue', 'continue-and-amend']), agreement(['continue', 'continue-and-amend'])] },
    satisfied_by: { match: [comm('cease-notice')], before_next_trigger: true },
    cancelled_by: [minutes('annual-review')],
    period: { unit: 'months', count: 12, startingWith: true },
    counting: 'immediately',
    words: 'continue to maintain the EHC plan with immediate effect [U: paragraph letter and words from secondary sources]',
    minimum: true,
    exceptions: ORDER_EXCEPTIONS,
    when_missed: 'overdue',
  }),
  ...DUTIES.filter((d) => d.reg45 !== undefined).map(unopposedRule),
];

/** Mediation (regs 32-42): the authority's periods. */
const MEDIATION: ClockRule[] = [
  statutory({
    id: 'mediation-health-notice',
    title: 'Health body told of the mediation issues',
    citation: `${REGS} reg 35${U}`,
    uncertain: true,
    description:
      'When the parent or young person wants mediation and the issues include health care provision (a mediation-request with health_issues: true), ' +
      'the LA tells each responsible commissioning body within 3 working days: met by a mediation-health-notice. [U] The paragraph and words are unconfirmed.',
    clock: { match: comm('mediation-request', { health_issues: true }) },
    satisfied_by: { match: [comm('mediation-health-notice')], before_next_trigger: true },
    period: { unit: 'working-days', count: 3 },
    counting: 'working-days',
    words: 'within 3 working days [U: paragraph and words from secondary summaries]',
    when_missed: 'overdue',
  }),
  statutory({
    id: 'mediation-held',
    title: 'Mediation arranged',
    citation: `${REGS} regs 36–37${U}`,
    uncertain: true,
    description:
      'The authority arranges mediation within 30 days of being told the parent or young person wants it (a mediation-request): met by mediation ' +
      'minutes or a mediation agreement. Health-only issues are the commissioning body\'s to arrange (reg 36): switch this rule off per case by not ' +
      'recording them here. [U] Paragraphs, words and whether "arrange" means held are unconfirmed.',
    clock: { match: comm('mediation-request') },
    satisfied_by: { match: [minutes('mediation'), comm('mediation-agreement')], before_next_trigger: true },
    period: { unit: 'days', count: 30 },
    counting: 'within-days',
    words: 'within 30 days [U: paragraph and words from secondary summaries]',
    when_missed: 'missing-record',
  }),
  statutory({
    id: 'mediation-agreement-action',
    title: 'Mediation agreement carried out',
    citation: `${REGS} reg 42(3)`,
    description:
      'A mediation agreement on something the family cannot appeal (a mediation-agreement without order) must be carried out within two weeks of ' +
      'the agreement: met by an outgoing communication naming the agreement in responds_to. A different time agreed in writing (reg 42(5)) is ' +
      'recorded as directed. Agreements on appealable issues (with order) follow the order-* rules (reg 42(2)).',
    clock: { match: comm('mediation-agreement', { order: { exists: false } }) },
    satisfied_by: { match: [{ type: 'communication', direction: 'out' }], link: 'required' },
    period: { unit: 'weeks', count: 2 },
    counting: 'within-weeks',
    words:
      'Where the mediation agreement requires the local authority or responsible commissioning body to do something in relation to which the ' +
      "child's parent or young person has no right of appeal to the First-tier Tribunal, the local authority or responsible commissioning body " +
      'must do that thing within two weeks of the date of the mediation agreement.',
    directable: true,
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
  counting: 'one-month-from',
  words: 'without undue delay and in any event within one month of receipt of the request [U: wording not checked against the text]',
  when_missed: 'overdue',
});

type Standards = Partial<Record<StandardName, number>>;
const standard = (standards: Standards, name: StandardName): number => standards[name] ?? STANDARD_DEFAULTS[name];
const workingDays = (count: number) => ({ unit: 'working-days' as const, count });
const localCitation = (name: StandardName) => `Local service standard (ehcp.config.yaml standards.${name})`;

/** The local service standards, their periods taken from `standards:` in the config. */
function localRules(s: Standards): Rule[] {
  const local = (rule: Omit<ClockRule, 'kind' | 'category'>): ClockRule => ({ kind: 'clock', category: 'local', counting: 'working-days', ...rule });
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
  counting: 'working-days',
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
  return [...ASSESSMENT, ...REVIEWS, ...TRANSFERS, ...ORDERS, ...MEDIATION, SAR, ...localRules(standards), ...checks(standards), RESERVED_DECISION];
}
