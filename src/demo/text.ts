// What the synthetic records say: short, plausible sentences of the kind an SEN officer
// writes, picked at random. No real person, school or case is described. A few variants
// use "&" on purpose, as real officers do, so the read path's precise parser gets work.

import type { Random } from './random.js';

export const NEEDS = [
  'speech, language and communication',
  'social, emotional and mental health',
  'cognition and learning',
  'sensory and physical',
  'autism and social communication',
  'moderate learning difficulties',
] as const;

export const PROVISION = [
  'weekly speech and language therapy',
  'a teaching assistant for literacy and numeracy sessions',
  'a daily sensory circuit',
  'small-group emotional literacy sessions',
  'occupational therapy advice built into the school day',
  'a structured transition programme',
  'access to a quiet base at lunchtime',
  'speech & language therapy delivered in class',
] as const;

const ADVICE_BODIES = {
  health: 'the community paediatrician and the speech and language therapy service',
  psychology: 'the educational psychology service',
  'social-care': 'children\'s social care',
  school: 'the school SENCO',
} as const;
export type AdviceBody = keyof typeof ADVICE_BODIES;
export const ADVICE_BODY_NAMES: readonly AdviceBody[] = Object.keys(ADVICE_BODIES) as AdviceBody[];

export function adviceRequestSummary(body: AdviceBody): string {
  return `Asked ${ADVICE_BODIES[body]} for advice and information for the EHC needs assessment (reg 6 and 8), due within 6 weeks.`;
}

export function adviceReceivedSummary(body: AdviceBody, rng: Random): string {
  return `Advice received from ${ADVICE_BODIES[body]}. ${rng.pick([
    'It recommends specific, quantified provision.',
    'It describes needs in more detail than the request did.',
    'It agrees with the school about the main area of need.',
    'It recommends a review of provision after two terms.',
  ])}`;
}

export function requestSummary(from: 'parent' | 'school', need: string): string {
  return from === 'parent'
    ? `Request for an EHC needs assessment received from the parent, describing ${need} needs.`
    : `Request for an EHC needs assessment received from the school with the parent's agreement, describing ${need} needs.`;
}

export function decisionSummary(assess: boolean, rng: Random): string {
  return assess
    ? rng.pick([
        'Decision to carry out an EHC needs assessment sent to the parent, with the next steps and timescales.',
        'Agreed to assess: the evidence shows the child may need special educational provision through a plan.',
      ])
    : rng.pick([
        'Decision not to assess sent with reasons, appeal and mediation rights, and the information, advice and support service details.',
        'Not assessing: needs can be met from the school\'s resources; letter gives appeal and mediation rights.',
      ]);
}

export const DISCUSSION = [
  'The school described steady progress in reading and in managing transitions.\nThe parent reported that mornings at home are still difficult.',
  'Attendance has improved this term.\nThe SENCO explained how the current provision is delivered and recorded.',
  'The parent is worried about the move to the next key stage.\nEveryone agreed the transition plan needs to start early.',
  'The therapist\'s report was discussed section by section.\nThe family agreed with the outcomes proposed for the next year.',
  'The child\'s views were shared through a one-page profile.\nThe child wants more time with friends at lunchtime.',
  'Progress against last year\'s outcomes was reviewed.\nTwo outcomes were met and one was carried forward.',
] as const;

export const REVIEW_DECISIONS: readonly { decision: string; reasons: string }[] = [
  { decision: 'Recommend amending section F to add {provision}.', reasons: 'The latest advice shows the current provision does not meet the assessed need.' },
  { decision: 'Recommend maintaining the plan without changes.', reasons: 'The outcomes remain right and the provision is working.' },
  { decision: 'Update the outcomes in section E for the next key stage.', reasons: 'Two outcomes were met and new ones are needed for the year ahead.' },
  { decision: 'Ask the school to trial {provision} before the next review.', reasons: 'Everyone agreed it should be tried and its effect recorded.' },
];

export const HEARING_DISCUSSION = [
  'The panel heard evidence on the provision in section F.\nThe authority\'s witness explained the current offer and its costs.',
  'The panel considered the parent\'s expert report and the school\'s evidence.\nCounsel for the authority made closing submissions.',
  'The hearing considered the placement named in section I.\nThe parent gave evidence about the journey and the child\'s needs.',
] as const;

export interface NoteTopic {
  kind: 'phone' | 'email' | 'meeting' | 'visit' | 'internal';
  with: string;
  summary: string;
  action?: string;
  /** Only makes sense once the child has a plan. */
  planned?: boolean;
}

export const NOTE_TOPICS: readonly NoteTopic[] = [
  { kind: 'phone', with: 'parent', summary: 'Call with the parent about transport arrangements.', action: 'Confirm the transport request with the travel team.', planned: true },
  { kind: 'email', with: 'school', summary: 'School asked about the date of the next review.', action: 'Send the school the review date.', planned: true },
  { kind: 'visit', with: 'school', summary: 'Visited the school to observe the provision in section F.', action: 'Write up the observation for the file.', planned: true },
  { kind: 'internal', with: 'team lead', summary: 'Discussed the case at supervision.', action: 'Chase any outstanding advice.' },
  { kind: 'phone', with: 'parent', summary: 'Parent called to ask how to request a particular school.', action: 'Send the parent the list of schools and the consultation process.' },
  { kind: 'meeting', with: 'health', summary: 'Met the therapist to agree how therapy will be delivered.', action: 'Update the provision map with the therapy schedule.', planned: true },
  { kind: 'email', with: 'parent', summary: 'Parent sent new evidence from a private assessment.', action: 'Pass the new evidence to the educational psychologist.' },
  { kind: 'phone', with: 'social care', summary: 'Social worker gave an update on the family\'s support package.' },
];

export const ENQUIRIES: readonly { summary: string; planned?: boolean }[] = [
  { summary: 'Parent asked when the therapy named in the plan will start.', planned: true },
  { summary: 'Parent asked for a copy of the latest plan.', planned: true },
  { summary: 'School asked whether funding for the support assistant has been agreed.', planned: true },
  { summary: 'Parent asked how to arrange travel to school.' },
  { summary: 'Parent asked who the case officer is.' },
  { summary: 'Parent asked about respite & short breaks and who to contact.' },
];

export const REPLIES = [
  'Replied with the information asked for and the officer\'s contact details.',
  'Replied and attached the document requested.',
  'Replied explaining the next steps and when they will happen.',
] as const;

export const COMPLAINTS = [
  'Complaint about delays in issuing the plan.',
  'Complaint that the provision in section F is not being delivered.',
  'Complaint about communication from the SEN team.',
] as const;
