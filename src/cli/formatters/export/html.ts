// `ehcp export --format html`: the case's records as a printable document. Page numbers
// come from CSS @page margin boxes (counter(page) of counter(pages)); the same CSP as the
// report (no script, no request); every value escaped with text().

import type { CaseExport, ExportedRecord } from '../../../core/caseExport.js';
import type { CaseRecord } from '../../../core/records.js';
import { page, table, text } from '../html.js';
import { recordParts } from './fields.js';

const EXPORT_CSS = `
*{box-sizing:border-box}
body{font:14px/1.5 Georgia,"Times New Roman",serif;color:#111;margin:0}
main{max-width:860px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 6px}
h2{font-size:16px;margin:0 0 6px}
h3{font-size:13px;margin:10px 0 4px;font-family:system-ui,sans-serif}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:6px 0}
dl.meta dt{font-weight:bold}dl.meta dd{margin:0}
article{border-top:1px solid #999;padding:12px 0 10px;break-inside:avoid-page}
article.void{color:#555}
article.void h2{text-decoration:line-through}
.badge{display:inline-block;font:bold 11px system-ui,sans-serif;padding:1px 6px;border:1px solid #333;margin-left:6px;vertical-align:middle}
.badge.void{border-color:#a00;color:#a00}
.amendment{margin:10px 0 0 18px;padding:8px 12px;border-left:4px solid #555;background:#f4f4f4}
.id{font:12px ui-monospace,monospace;color:#444}
p.text{white-space:pre-wrap;margin:2px 0 8px}
table{border-collapse:collapse;width:100%;margin:4px 0 8px;font-size:13px}
th,td{border:1px solid #bbb;padding:3px 6px;text-align:left;vertical-align:top}
.code{font-family:ui-monospace,monospace;background:#eee;color:#700;padding:0 2px}
.note{color:#444;font-size:12px}
@page{size:A4;margin:18mm 15mm 20mm;@bottom-center{content:"Page " counter(page) " of " counter(pages);font:10px sans-serif}}
@media print{main{max-width:none;padding:0}}
`;

function recordBody(r: CaseRecord): string {
  const p = recordParts(r);
  const out: string[] = [];
  if (p.status === 'void') out.push(`<p><strong>This record was withdrawn (void)${p.voidReason ? `: ${text(p.voidReason)}` : '.'}</strong></p>`);
  if (p.fields.length) out.push(`<dl class="meta">${p.fields.map(([k, v]) => `<dt>${text(k)}</dt><dd>${text(v)}</dd>`).join('')}</dl>`);
  if (p.attendees?.length) {
    out.push('<h3>Attendees</h3>', table(['Name', 'Role', 'Organisation', 'Attendance'], p.attendees.map((a) => [text(a.name), text(a.role ?? a.party ?? ''), text(a.organisation ?? ''), text(a.attendance ?? '')])));
  }
  for (const [label, value] of p.paragraphs) out.push(`<h3>${text(label)}</h3><p class="text">${text(value)}</p>`);
  if (p.decisions?.length) {
    out.push('<h3>Decisions</h3>', table(['Decision', 'Reasons'], p.decisions.map((d) => [text(d.decision), text(d.reasons ?? '')])));
  }
  if (p.actions?.length) {
    out.push('<h3>Actions</h3>', table(['Action', 'Owner', 'Due', 'Done'], p.actions.map((a) => [text(a.action), text(a.owner ?? ''), text(a.due ?? ''), text(a.done_on ?? '')])));
  }
  return out.join('\n');
}

function badges(r: CaseRecord): string {
  return r.status === 'void' ? '<span class="badge void">VOID</span>' : r.status === 'draft' ? '<span class="badge">DRAFT</span>' : '';
}

function entry(e: ExportedRecord): string {
  const p = recordParts(e.record);
  const out = [`<article class="${e.record.status === 'void' ? 'void' : ''}" id="${text(e.record.id)}">`, `<h2>${text(p.title)}${badges(e.record)}</h2>`, `<div class="id">${text(e.record.id)}</div>`, recordBody(e.record)];
  for (const a of e.amendments) {
    out.push(
      `<div class="amendment"><h2>Correction, ${text((a.record as { date: string }).date)}${badges(a.record)}</h2>`,
      `<div class="id">${text(a.record.id)}, correcting ${text(a.record.amends ?? '')}${a.changed.length ? `; changed: ${a.changed.map(text).join(', ')}` : ''}</div>`,
      recordBody(a.record),
      '</div>',
    );
  }
  out.push('</article>');
  return out.join('\n');
}

export function formatExportHtml(x: CaseExport, options: { madeOn: string; includeInternal: boolean }): string {
  const c = x.caseFile;
  const head: [string, string][] = [['Case reference', c.ref]];
  if (c.name) head.push(['Name', c.name]);
  if (c.dob) head.push(['Date of birth', c.dob]);
  if (c.officer) head.push(['Lead officer', c.officer]);
  head.push(['Status', c.status + (c.closed_on ? ` (closed ${c.closed_on})` : '')]);
  if (c.opened) head.push(['Opened', c.opened]);
  head.push(['Records', String(x.entries.length + x.entries.reduce((n, e) => n + e.amendments.length, 0))]);
  head.push(['Made on', options.madeOn]);
  const body = [
    '<main>',
    `<header><h1>Case records: ${text(c.ref)}</h1>`,
    `<dl class="meta">${head.map(([k, v]) => `<dt>${text(k)}</dt><dd>${text(v)}</dd>`).join('')}</dl>`,
    `<p class="note">Every record in date order. A correction is shown beside the record it corrects; a withdrawn record is marked VOID and kept.${
      options.includeInternal ? ' Internal notes are included.' : ' Internal notes are not included.'
    }</p></header>`,
    ...x.entries.map(entry),
    '</main>',
  ];
  return page({ title: `Case records ${c.ref}`, css: EXPORT_CSS, body: body.join('\n') });
}
