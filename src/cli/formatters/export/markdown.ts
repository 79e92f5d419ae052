// `ehcp export --format md`: the same document as Markdown for pasting elsewhere. Every
// value is escaped so record text cannot make a heading, a link, a table row or HTML.

import type { CaseExport, ExportedRecord } from '../../../core/caseExport.js';
import type { CaseRecord } from '../../../core/records.js';
import { mdCell } from '../findings/markdown.js';
import { recordParts } from './fields.js';

/** A paragraph: each line escaped, line breaks kept as hard breaks; control and bidi characters shown as codes. */
function mdText(s: string): string {
  return s
    .split(/\r\n|\r|\n/)
    .map((line) => mdCell(visible(line)).replace(/^(\s*)([-+]|\d+[.)])(\s)/, '$1\\$2$3'))
    .join('  \n');
}

// eslint-disable-next-line no-control-regex
const visible = (s: string) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g, (ch) => `[U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}]`);
const cell = (s: string | undefined) => mdCell(visible(s ?? ''));

function body(r: CaseRecord): string[] {
  const p = recordParts(r);
  const out: string[] = [];
  if (p.status === 'void') out.push(`**This record was withdrawn (void)${p.voidReason ? `: ${mdText(p.voidReason)}` : '.'}**`, '');
  for (const [k, v] of p.fields) out.push(`- **${cell(k)}:** ${cell(v)}`);
  if (p.fields.length) out.push('');
  if (p.attendees?.length) {
    out.push('**Attendees**', '', '| Name | Role | Organisation | Attendance |', '|---|---|---|---|');
    for (const a of p.attendees) out.push(`| ${cell(a.name)} | ${cell(a.role ?? a.party)} | ${cell(a.organisation)} | ${cell(a.attendance)} |`);
    out.push('');
  }
  for (const [label, value] of p.paragraphs) out.push(`**${cell(label)}**`, '', mdText(value), '');
  if (p.decisions?.length) {
    out.push('**Decisions**', '', '| Decision | Reasons |', '|---|---|');
    for (const d of p.decisions) out.push(`| ${cell(d.decision)} | ${cell(d.reasons)} |`);
    out.push('');
  }
  if (p.actions?.length) {
    out.push('**Actions**', '', '| Action | Owner | Due | Done |', '|---|---|---|---|');
    for (const a of p.actions) out.push(`| ${cell(a.action)} | ${cell(a.owner)} | ${cell(a.due)} | ${cell(a.done_on)} |`);
    out.push('');
  }
  return out;
}

const mark = (r: CaseRecord) => (r.status === 'void' ? ' [VOID]' : r.status === 'draft' ? ' [DRAFT]' : '');

function entry(e: ExportedRecord): string[] {
  const p = recordParts(e.record);
  const out = [`## ${cell(p.title)}${mark(e.record)}`, '', `\`${e.record.id}\``, '', ...body(e.record)];
  for (const a of e.amendments) {
    out.push(`> ### Correction, ${(a.record as { date: string }).date}${mark(a.record)}`, '>', `> \`${a.record.id}\`, correcting \`${a.record.amends}\`${a.changed.length ? `; changed: ${a.changed.map(cell).join(', ')}` : ''}`, '>');
    for (const line of body(a.record)) out.push(line === '' ? '>' : `> ${line}`);
    out.push('');
  }
  return out;
}

export function formatExportMarkdown(x: CaseExport, options: { madeOn: string; includeInternal: boolean }): string {
  const c = x.caseFile;
  const out = [`# Case records: ${cell(c.ref)}`, ''];
  if (c.name) out.push(`- **Name:** ${cell(c.name)}`);
  if (c.dob) out.push(`- **Date of birth:** ${cell(c.dob)}`);
  if (c.officer) out.push(`- **Lead officer:** ${cell(c.officer)}`);
  out.push(`- **Status:** ${cell(c.status)}`, `- **Made on:** ${options.madeOn}`, '');
  out.push(
    `_Every record in date order. A correction is shown beside the record it corrects; a withdrawn record is marked VOID and kept. Internal notes are ${options.includeInternal ? '' : 'not '}included._`,
    '',
  );
  for (const e of x.entries) out.push(...entry(e));
  return out.join('\n') + '\n';
}
