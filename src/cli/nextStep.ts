// After each write, the next step in one line (stderr): what usually follows what was
// just recorded, as a command the officer can copy. Pure: it looks only at the record
// written, never at the rest of the case.

export interface Written {
  type: 'case' | 'minutes' | 'note' | 'communication';
  id: string;
  case: string;
  value: Record<string, unknown>;
}

const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);

/** Purposes whose answer is another purpose, logged with --responds-to. */
const ANSWERED_BY: Record<string, string> = {
  enquiry: 'reply',
  complaint: 'complaint-response',
  'sar-request': 'sar-response',
  'appeal-registered': 'appeal-response',
};

export function nextStep(w: Written): string | undefined {
  const c = w.case;
  const v = w.value;
  if (w.type === 'case') return `Next: log what started it, e.g. ehcp comm new --case ${c} --purpose assessment-request --date today`;
  if (w.type === 'minutes') {
    if (v.status === 'draft') return `Next: fill it in with \`ehcp minutes edit ${w.id}\`, then \`ehcp minutes finalise ${w.id}\``;
    if (v.status !== 'final') return undefined;
    const result = str((v.outcome as Record<string, unknown> | undefined)?.result);
    if (v.kind === 'appeal-hearing' && result === 'decision-reserved') {
      return `Next: when the tribunal's decision arrives, log it: ehcp comm new --case ${c} --purpose tribunal-decision --order ORDER --date DATE (and send these minutes: --purpose minutes-sent --responds-to ${w.id})`;
    }
    return `Next: when the minutes are sent to the family, log it (that is what the sharing deadline looks for): ehcp comm new --case ${c} --purpose minutes-sent --responds-to ${w.id} --date today`;
  }
  if (w.type === 'note') {
    return Array.isArray(v.actions) && v.actions.length > 0
      ? `Next: when an action is done, mark it: ehcp action done ${w.id} --item 1 --on today`
      : `Next: see the case's open deadlines with \`ehcp case show ${c}\``;
  }
  const purpose = str(v.purpose);
  const eventDate = str(v.event_date) ?? 'DATE';
  switch (purpose) {
    case 'hearing-notice':
      return `Next: after the hearing, write its minutes: ehcp minutes new --case ${c} --kind appeal-hearing --date ${eventDate}`;
    case 'review-meeting-notice':
      return `Next: after the meeting, write its minutes: ehcp minutes new --case ${c} --kind annual-review --date ${eventDate}`;
    case 'meeting-scheduled':
      return `Next: after the meeting, write its minutes: ehcp minutes new --case ${c} --kind ${str(v.meeting_kind) ?? 'KIND'} --date ${eventDate}`;
    case 'assessment-request':
      return `Next: decide whether to assess (6 weeks): ehcp comm new --case ${c} --purpose assessment-decision --outcome assess --date DATE`;
    case 'minutes-sent':
      return `Next: see what else is open with \`ehcp case show ${c}\``;
    default:
      if (purpose && ANSWERED_BY[purpose]) {
        return `Next: when you answer it: ehcp comm new --case ${c} --purpose ${ANSWERED_BY[purpose]} --responds-to ${w.id} --date DATE`;
      }
      return `Next: see the case's open deadlines with \`ehcp case show ${c}\``;
  }
}
