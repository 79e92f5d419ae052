// TypeScript shapes of the records. The JSON Schemas in schemas/ are the authority; the
// *_FIELDS lists below are checked against each schema's properties in
// test/unit/schemas.test.ts, and the `satisfies` clauses keep each list equal to the keys
// of its interface, so a field added to one and not the other fails the build or a test.

import type {
  CaseStatus,
  Channel,
  Direction,
  HearingResult,
  MeetingFormat,
  MeetingKind,
  NoteKind,
  Outcome,
  Party,
  Phase,
  Purpose,
  RecordStatus,
  ShareMethod,
  TribunalOrder,
} from './vocabulary.js';
import type { RulesConfig } from './rules/types.js';

/** A calendar date 'YYYY-MM-DD'. Never a Date, never a timestamp. */
type IsoDate = string;

export const SCHEMA_IDS = {
  case: 'case/v1',
  minutes: 'minutes/v1',
  note: 'note/v1',
  communication: 'communication/v1',
  config: 'config/v1',
} as const;
export type RecordType = 'minutes' | 'note' | 'communication';
export type DocumentType = keyof typeof SCHEMA_IDS;

/** The short type word used in record ids and file names. */
export const ID_WORD: Record<RecordType, string> = { minutes: 'minutes', note: 'note', communication: 'comm' };

export interface Action {
  action: string;
  owner?: string;
  due?: IsoDate;
  done_on?: IsoDate;
}

export interface CaseFile {
  schema: 'case/v1';
  ref: string;
  name?: string;
  dob?: IsoDate;
  officer?: string;
  status: CaseStatus;
  opened?: IsoDate;
  closed_on?: IsoDate;
  phase_transfer?: { year: number; phase: Phase };
  retention?: { hold?: boolean; reason?: string };
  recorded_by?: string;
}

interface RecordCommon {
  id: string;
  case: string;
  status: RecordStatus;
  void_reason?: string;
  amends?: string;
  recorded_by?: string;
}

export interface Attendee {
  name: string;
  role?: string;
  organisation?: string;
  party?: Party;
  attendance?: 'present' | 'apologies';
}

export interface Minutes extends RecordCommon {
  schema: 'minutes/v1';
  kind: MeetingKind;
  date: IsoDate;
  time?: string;
  venue?: string;
  format?: MeetingFormat;
  attendees?: Attendee[];
  purpose?: string;
  discussion?: string;
  decisions?: { decision: string; reasons?: string }[];
  outcome?: { tribunal_ref?: string; result?: HearingResult; orders?: string[]; summary?: string };
  actions?: Action[];
  approved_by?: string;
  approved_on?: IsoDate;
  shared_with_family?: { date: IsoDate; method?: ShareMethod };
}

export interface Note extends RecordCommon {
  schema: 'note/v1';
  date: IsoDate;
  kind: NoteKind;
  with?: string;
  summary: string;
  details?: string;
  actions?: Action[];
}

export interface Communication extends RecordCommon {
  schema: 'communication/v1';
  date: IsoDate;
  direction: Direction;
  channel?: Channel;
  party?: Party;
  purpose: Purpose;
  summary?: string;
  responds_to?: string;
  outcome?: Outcome;
  order?: TribunalOrder;
  event_date?: IsoDate;
  meeting_kind?: MeetingKind;
  exception?: { ground: string; evidence: string; until?: IsoDate };
  /** mediation-request: the issues include health care provision (reg 35). */
  health_issues?: boolean;
  /** tribunal-decision / mediation-agreement: the time directed (reg 44(1)) or agreed in writing (reg 42(5)). */
  directed?: Directed;
}

interface Directed {
  date?: IsoDate;
  period?: { unit: 'days' | 'weeks' | 'working-days' | 'months'; count: number };
  reference?: string;
}

export type CaseRecord = Minutes | Note | Communication;

export interface Config {
  schema: 'config/v1';
  authority: string;
  /** Where case folders live (core/layout.ts); absent: flat. */
  layout?: 'flat' | 'sharded';
  standards?: Partial<Record<StandardName, number>>;
  closures?: IsoDate[];
  rules?: RulesConfig;
  retention?: { years_after_dob?: number; reason?: string };
  /** How strictly `validate --base` treats a push's commits (store/git/baseCheck.ts). */
  policy?: { governance_changes?: 'warning' | 'error'; commit_dates?: 'warning' | 'error'; require_signed_commits?: boolean };
  /** Where CI installs ehcp from instead of tools/ehcp-<version>.tgz. */
  install?: { source?: string };
}

export const STANDARD_DEFAULTS = {
  hearing_minutes_working_days: 5,
  meeting_minutes_working_days: 5,
  minutes_shared_working_days: 10,
  reply_working_days: 10,
  complaint_response_working_days: 20,
  appeal_response_working_days: 30,
  stale_draft_working_days: 10,
  late_record_working_days: 5,
  due_soon_working_days: 10,
} as const;
export type StandardName = keyof typeof STANDARD_DEFAULTS;

type Keys<T> = { [K in keyof Required<T>]: K }[keyof T];
const fields =
  <T>() =>
  <const L extends readonly Keys<T>[]>(list: L & ([Keys<T>] extends [L[number]] ? unknown : never)) =>
    list;

export const CASE_FIELDS = fields<CaseFile>()([
  'schema', 'ref', 'name', 'dob', 'officer', 'status', 'opened', 'closed_on', 'phase_transfer', 'retention', 'recorded_by',
]);
const COMMON = ['id', 'case', 'status', 'void_reason', 'amends', 'recorded_by'] as const;
export const MINUTES_FIELDS = fields<Minutes>()([
  'schema', ...COMMON, 'kind', 'date', 'time', 'venue', 'format', 'attendees', 'purpose', 'discussion', 'decisions',
  'outcome', 'actions', 'approved_by', 'approved_on', 'shared_with_family',
]);
export const NOTE_FIELDS = fields<Note>()(['schema', ...COMMON, 'date', 'kind', 'with', 'summary', 'details', 'actions']);
export const COMMUNICATION_FIELDS = fields<Communication>()([
  'schema', ...COMMON, 'date', 'direction', 'channel', 'party', 'purpose', 'summary', 'responds_to', 'outcome', 'order',
  'event_date', 'meeting_kind', 'exception', 'health_issues', 'directed',
]);
export const CONFIG_FIELDS = fields<Config>()(['schema', 'authority', 'layout', 'standards', 'closures', 'rules', 'retention', 'policy', 'install']);

/**
 * A typed value read field by field (the rules' matcher, change lists, the cache encoder):
 * every object can be read as string-keyed fields of unknown type, so this widening is safe.
 */
export function asFields(value: object): Readonly<Record<string, unknown>> {
  return value as Record<string, unknown>;
}

/** The kind of document a schema id names, or undefined for an unknown schema. */
export function documentTypeOf(schema: unknown): DocumentType | undefined {
  for (const [type, id] of Object.entries(SCHEMA_IDS)) if (id === schema) return type as DocumentType;
  return undefined;
}
