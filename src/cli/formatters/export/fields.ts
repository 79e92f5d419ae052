// What an exported record says, as labelled parts both formats print: the title line, plain
// fields, and the lists (attendees, decisions, actions). Values are record text: each
// formatter escapes them its own way.

import type { Action, Attendee, CaseRecord, Communication, Minutes, Note } from '../../../core/records.js';

export interface RecordParts {
  title: string;
  status: 'draft' | 'final' | 'void';
  voidReason?: string;
  fields: [label: string, value: string][];
  attendees?: Attendee[];
  decisions?: { decision: string; reasons?: string }[];
  actions?: Action[];
  /** Longer text shown as paragraphs. */
  paragraphs: [label: string, value: string][];
}

const words = (s: string) => s.replace(/-/g, ' ');

export function recordParts(r: CaseRecord): RecordParts {
  const status = r.status as RecordParts['status'];
  const base = { status, ...(r.void_reason ? { voidReason: r.void_reason } : {}) };
  if (r.schema === 'minutes/v1') {
    const m = r as Minutes;
    const fields: [string, string][] = [];
    if (m.time) fields.push(['Time', m.time]);
    if (m.venue) fields.push(['Venue', m.venue]);
    if (m.format) fields.push(['Format', words(m.format)]);
    if (m.outcome?.tribunal_ref) fields.push(['Tribunal reference', m.outcome.tribunal_ref]);
    if (m.outcome?.result) fields.push(['Outcome', words(m.outcome.result)]);
    if (m.outcome?.orders?.length) fields.push(['Orders', m.outcome.orders.map(words).join(', ')]);
    if (m.approved_by) fields.push(['Approved by', `${m.approved_by}${m.approved_on ? ` on ${m.approved_on}` : ''}`]);
    if (m.shared_with_family) fields.push(['Shared with the family', `${m.shared_with_family.date}${m.shared_with_family.method ? ` (${m.shared_with_family.method})` : ''}`]);
    const paragraphs: [string, string][] = [];
    if (m.purpose) paragraphs.push(['Purpose', m.purpose]);
    if (m.discussion) paragraphs.push(['Discussion', m.discussion]);
    if (m.outcome?.summary) paragraphs.push(['Outcome', m.outcome.summary]);
    return { ...base, title: `Minutes: ${words(m.kind)} meeting, ${m.date}`, fields, attendees: m.attendees, decisions: m.decisions, actions: m.actions, paragraphs };
  }
  if (r.schema === 'note/v1') {
    const n = r as Note;
    const fields: [string, string][] = [];
    if (n.with) fields.push(['With', n.with]);
    const paragraphs: [string, string][] = [['Summary', n.summary]];
    if (n.details) paragraphs.push(['Details', n.details]);
    return { ...base, title: `Case note (${words(n.kind)}), ${n.date}`, fields, actions: n.actions, paragraphs };
  }
  const c = r as Communication;
  const fields: [string, string][] = [];
  if (c.channel) fields.push(['By', words(c.channel)]);
  if (c.party) fields.push([c.direction === 'in' ? 'From' : 'To', words(c.party)]);
  if (c.responds_to) fields.push(['In reply to', c.responds_to]);
  if (c.outcome) fields.push(['Outcome', words(c.outcome)]);
  if (c.order) fields.push(['Order', words(c.order)]);
  if (c.event_date) fields.push(['Event date', c.event_date]);
  if (c.meeting_kind) fields.push(['Meeting', words(c.meeting_kind)]);
  if (c.exception) fields.push(['Exception to the time limit', `${c.exception.ground}: ${c.exception.evidence}${c.exception.until ? ` (until ${c.exception.until})` : ''}`]);
  const paragraphs: [string, string][] = c.summary ? [['Summary', c.summary]] : [];
  return { ...base, title: `${c.direction === 'in' ? 'Received' : 'Sent'}: ${words(c.purpose)}, ${c.date}`, fields, paragraphs };
}
