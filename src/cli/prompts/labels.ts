// What the pickers show an officer instead of raw vocabulary slugs: a readable label and a
// line of help for each communication purpose, and a label for each meeting result. One
// table each, keyed by the value stored; test/unit/prompts-labels.test.ts fails naming
// any purpose or result added to the vocabulary without a label here.

import type { HearingResult, Purpose } from '../../core/vocabulary.js';
import { PURPOSE_DIRECTION, PURPOSES } from '../../core/vocabulary.js';
import type { Choice } from './prompter.js';

export interface PurposeLabel {
  label: string;
  help: string;
}

export const PURPOSE_LABELS: Partial<Record<Purpose, PurposeLabel>> = {
  'assessment-request': { label: 'Request for an EHC needs assessment', help: 'From a parent, young person or school; starts the 6-week decision and 20-week plan clocks.' },
  'assessment-decision': { label: 'Decision whether to assess', help: 'Our decision letter: assess or not assess (due 6 weeks after the request).' },
  'advice-request': { label: 'Advice requested', help: 'We asked another body (health, social care, an educational psychologist) for advice.' },
  'advice-received': { label: 'Advice received', help: 'Advice came back from the body we asked.' },
  'no-plan-notice': { label: 'Decision not to issue a plan', help: 'After the assessment, we decided not to issue an EHC plan.' },
  'draft-plan': { label: 'Draft EHC plan sent', help: 'The draft plan went to the family (they have 15 days to comment).' },
  'final-plan': { label: 'Final EHC plan issued', help: 'The final plan was issued (due 20 weeks after the request).' },
  'review-meeting-notice': { label: 'Annual review meeting notice', help: 'Notice of a review meeting; give the meeting date as the event date.' },
  'review-report': { label: 'Annual review report sent', help: 'The report of the review meeting was circulated.' },
  'review-decision': { label: 'Decision after an annual review', help: 'Our decision: maintain, amend or cease the plan.' },
  'amendment-notice': { label: 'Proposed amendments sent', help: 'We sent the proposed amendments to the plan.' },
  'amended-plan': { label: 'Amended plan issued', help: 'The final amended plan was issued.' },
  'reassessment-request': { label: 'Request for a reassessment', help: 'Someone asked us to reassess the child or young person.' },
  'reassessment-decision': { label: 'Decision whether to reassess', help: 'Our decision on a reassessment request.' },
  'cease-notice': { label: 'Decision to cease the plan', help: 'We notified our decision to stop maintaining the plan.' },
  'mediation-request': { label: 'Mediation requested', help: 'The family asked for mediation.' },
  'appeal-registered': { label: 'Appeal registered by the tribunal', help: 'The tribunal registered an appeal; our response is due.' },
  'appeal-response': { label: 'Our response to an appeal', help: "The LA's response sent to the tribunal." },
  'hearing-notice': { label: 'Tribunal hearing listed', help: 'The tribunal listed a hearing; give the hearing date as the event date.' },
  'meeting-scheduled': { label: 'Meeting arranged', help: 'Any other meeting arranged; give its date and kind.' },
  'tribunal-decision': { label: 'Tribunal decision received', help: 'The decision and order; starts the clock to comply with it.' },
  'unopposed-notice': { label: 'Appeal not opposed (told the tribunal)', help: 'We told the tribunal we will not oppose the appeal; give what conceding means as the order (starts the reg 45 clocks).' },
  'transfer-in': { label: 'Plan transferred in', help: 'A plan came to us from another authority; give when it was made or last reviewed there as the event date.' },
  'transfer-notice': { label: 'Family told of the transfer', help: 'We told the family the plan has transferred, whether we will assess, and when we will review (due 6 weeks after the transfer).' },
  'review-advice': { label: 'Review advice circulated', help: 'Advice and information sent out before a review meeting (at least 2 weeks before it).' },
  'mediation-health-notice': { label: 'Health body told of mediation', help: 'We told the health commissioning body about the mediation (for health issues).' },
  'mediation-agreement': { label: 'Mediation agreement', help: 'What was agreed at mediation, in writing; give the order when it covers appealable issues (treated like an order).' },
  'minutes-sent': { label: 'Minutes sent to the family', help: 'Which minutes were sent, and when (the sharing deadline looks for this).' },
  enquiry: { label: 'Enquiry received', help: 'A question from a family, school or anyone else; a reply is due.' },
  reply: { label: 'Reply sent', help: 'Our answer to an enquiry.' },
  complaint: { label: 'Complaint received', help: 'A complaint; a response is due under the complaints procedure.' },
  'complaint-response': { label: 'Response to a complaint', help: 'Our answer to a complaint.' },
  'sar-request': { label: 'Subject access request', help: 'A request for the personal data we hold (one month to answer).' },
  'sar-response': { label: 'Subject access response', help: 'Our answer to a subject access request.' },
  other: { label: 'Something else', help: 'Anything that fits none of the above.' },
};

/** Purposes without a label (a test keeps this empty). */
export function purposesWithoutLabels(): Purpose[] {
  return PURPOSES.filter((p) => !PURPOSE_LABELS[p]);
}

/** The purpose picker's choices: readable label, the direction, and a line of help. */
export function purposeChoices(): Choice<Purpose>[] {
  return PURPOSES.map((value) => {
    const l = PURPOSE_LABELS[value];
    const direction = PURPOSE_DIRECTION[value];
    const arrow = direction === 'in' ? ' (received)' : direction === 'out' ? ' (sent)' : '';
    return { value, name: `${l?.label ?? value}${arrow}`, description: l ? `${l.help}  [${value}]` : value };
  });
}

export const RESULT_LABELS: Record<HearingResult, string> = {
  'appeal-upheld': 'Appeal upheld (the family won)',
  'appeal-partly-upheld': 'Appeal partly upheld',
  'appeal-dismissed': 'Appeal dismissed (the LA decision stands)',
  'decision-reserved': 'Decision reserved (the tribunal will send it later)',
  'appeal-withdrawn': 'Appeal withdrawn',
  conceded: 'Conceded by the LA',
  adjourned: 'Adjourned',
  'agreement-reached': 'Agreement reached',
  'no-agreement': 'No agreement',
  other: 'Other',
};
