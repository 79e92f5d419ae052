// The closed vocabularies of the records (docs/records.md). The JSON Schemas in schemas/ carry
// the same lists; test/unit/schemas.test.ts proves the two agree, so prompts, flags and
// rules built from these constants can never offer a value the schema would refuse.

export const RECORD_STATUSES = ['draft', 'final', 'void'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];

export const CASE_STATUSES = ['open', 'ceased', 'transferred-out', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const PHASES = [
  'early-years-to-school',
  'infant-to-junior',
  'primary-to-middle',
  'primary-to-secondary',
  'middle-to-secondary',
  'secondary-to-post16',
] as const;
export type Phase = (typeof PHASES)[number];

export const MEETING_KINDS = [
  'appeal-hearing',
  'pre-tribunal-meeting',
  'mediation',
  'annual-review',
  'panel',
  'professionals-meeting',
  'case-discussion',
  'other',
] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const MEETING_FORMATS = ['in-person', 'video', 'phone', 'hybrid', 'papers'] as const;
export type MeetingFormat = (typeof MEETING_FORMATS)[number];

export const ATTENDANCE = ['present', 'apologies'] as const;

export const PARTIES = [
  'parent',
  'young-person',
  'school',
  'tribunal',
  'health',
  'social-care',
  'local-authority',
  'other',
] as const;
export type Party = (typeof PARTIES)[number];

export const HEARING_RESULTS = [
  'appeal-upheld',
  'appeal-partly-upheld',
  'appeal-dismissed',
  'appeal-withdrawn',
  'conceded',
  'adjourned',
  'agreement-reached',
  'no-agreement',
  'other',
  'decision-reserved',
] as const;
export type HearingResult = (typeof HEARING_RESULTS)[number];

/**
 * Which results each meeting kind with an outcome may record (the minutes schema says the
 * same per kind): a hearing's results are not a mediation's. `decision-reserved`: the
 * tribunal will send its decision later (the rule `reserved-decision` clocks it).
 */
export const RESULTS_BY_KIND = {
  'appeal-hearing': ['appeal-upheld', 'appeal-partly-upheld', 'appeal-dismissed', 'decision-reserved', 'appeal-withdrawn', 'conceded', 'adjourned', 'other'],
  mediation: ['agreement-reached', 'no-agreement', 'other'],
  'pre-tribunal-meeting': ['agreement-reached', 'no-agreement', 'conceded', 'other'],
} as const satisfies Record<string, readonly HearingResult[]>;

export const NOTE_KINDS = ['phone', 'email', 'meeting', 'visit', 'internal'] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];

export const DIRECTIONS = ['in', 'out'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const CHANNELS = ['letter', 'email', 'phone', 'portal', 'in-person'] as const;
export type Channel = (typeof CHANNELS)[number];

export const SHARE_METHODS = ['letter', 'email', 'portal', 'in-person'] as const;
export type ShareMethod = (typeof SHARE_METHODS)[number];

/** Communication purpose → the direction it always has (null: either). */
export const PURPOSE_DIRECTION = {
  'assessment-request': 'in',
  'assessment-decision': 'out',
  'advice-request': 'out',
  'advice-received': 'in',
  'no-plan-notice': 'out',
  'draft-plan': 'out',
  'final-plan': 'out',
  'review-meeting-notice': 'out',
  'review-report': 'out',
  'review-decision': 'out',
  'amendment-notice': 'out',
  'amended-plan': 'out',
  'reassessment-request': 'in',
  'reassessment-decision': 'out',
  'cease-notice': 'out',
  'mediation-request': 'in',
  'appeal-registered': 'in',
  'appeal-response': 'out',
  'hearing-notice': 'in',
  'meeting-scheduled': null,
  'tribunal-decision': 'in',
  'minutes-sent': 'out',
  enquiry: 'in',
  reply: 'out',
  complaint: 'in',
  'complaint-response': 'out',
  'sar-request': 'in',
  'sar-response': 'out',
  // Added for the duties of regs 15, 20-21, 35, 42 and 45 (docs/rules.md):
  /** The LA tells the tribunal, before its response, that it will not oppose the appeal (reg 45(1)); `order` = what conceding amounts to. */
  'unopposed-notice': 'out',
  /** A plan transferred in from another authority (reg 15); date = the transfer; `event_date` = when the plan was made or last reviewed there. */
  'transfer-in': 'in',
  /** The new authority tells the family the plan has transferred, whether it will assess, and when it will review (reg 15(4)). */
  'transfer-notice': 'out',
  /** Advice and information circulated before a review meeting (reg 20(4), 21(4)); `responds_to` = the meeting notice. */
  'review-advice': 'out',
  /** The LA tells the health commissioning body of the mediation issues (reg 35 [U]). */
  'mediation-health-notice': 'out',
  /** A mediation agreement recorded in writing (reg 42); `order` when its issues are appealable (reg 42(2)). */
  'mediation-agreement': null,
  other: null,
} as const satisfies Record<string, Direction | null>;
export type Purpose = keyof typeof PURPOSE_DIRECTION;
export const PURPOSES = Object.keys(PURPOSE_DIRECTION) as Purpose[];

export const OUTCOMES = ['assess', 'not-assess', 'maintain', 'amend', 'cease', 'reassess', 'not-reassess'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Tribunal orders (reg 44(2)); each starts its own order-* rule. */
export const ORDERS = [
  'assess',
  'make-plan',
  'amend-plan',
  'amend-placement',
  'reconsider',
  'continue',
  'continue-and-amend',
  'dismissed',
  'cease',
] as const;
export type TribunalOrder = (typeof ORDERS)[number];

const letters = (reg: string, para: number, last: string) =>
  'abcd'.slice(0, 'abcd'.indexOf(last) + 1).split('').map((c) => `reg ${reg}(${para})(${c})`);

/** Statutory exception grounds a communication may record (docs/rules.md). */
export const EXCEPTION_GROUNDS = [
  ...letters('5', 4, 'd'),
  ...letters('8', 2, 'c'),
  ...letters('10', 4, 'd'),
  ...letters('27', 3, 'd'),
  ...letters('44', 3, 'd'),
] as const as readonly string[];
