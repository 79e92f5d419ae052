// `ehcp report --format html`: the Director's dashboard, one self-contained file. Headline
// figures, the SEN2 timeliness measures, the other duties, open overdue items, a monthly
// trend and what changed since a week ago. Prints on A4 (print CSS); no script, no request.

import type { ReportItem, ReportModel } from '../../../core/measures/report.js';
import type { Share, TimelinessFigure } from '../../../core/measures/timeliness.js';
import { page, table, text } from '../html.js';
import { barChart, gauge, monthlyColumns } from './svg.js';

const REPORT_CSS = `
:root{--ink:#1b1b1b;--muted:#5a5a5a;--line:#d0d0d0;--ok:#1d7044;--late:#b4281e;--warn:#8a5a00;--bg:#f6f6f4}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:var(--ink);margin:0;background:#fff}
main{max-width:1180px;margin:0 auto;padding:20px 28px 40px}
header h1{font-size:24px;margin:0 0 4px}
header p{margin:0;color:var(--muted)}
h2{font-size:17px;margin:22px 0 8px;padding-bottom:4px;border-bottom:2px solid var(--ink)}
h3{font-size:14px;margin:14px 0 6px}
.cards{display:grid;grid-template-columns:repeat(6,1fr);gap:10px;margin:16px 0 4px}
.card{background:var(--bg);border-left:5px solid var(--muted);padding:10px 12px}
.card b{display:block;font-size:26px;line-height:1.1}
.card span{color:var(--muted);font-size:12px}
.card.bad{border-color:var(--late)}.card.good{border-color:var(--ok)}.card.warn{border-color:var(--warn)}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:22px}
table{border-collapse:collapse;width:100%;margin:4px 0 8px}
th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:12px;color:var(--muted);font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.note{color:var(--muted);font-size:12px}
.code{font-family:ui-monospace,monospace;background:#eee;color:#700;padding:0 2px}
svg .bar{fill:#33557a}svg .ok{fill:var(--ok)}svg .late{fill:var(--late)}svg .track{fill:#e4e4e4}
svg .label,svg .value,svg .axis{font:12px system-ui,sans-serif;fill:var(--ink)}svg .axis{fill:var(--muted);font-size:10px}
svg .axisline{stroke:var(--line)}
.legend{font-weight:normal;margin:0}.legend .ok,.legend .late{display:inline-block;width:10px;height:10px;margin:0 4px 0 10px}
.legend .ok{background:var(--ok)}.legend .late{background:var(--late)}
ul.changes{margin:4px 0;padding-left:18px}
footer{margin-top:28px;color:var(--muted);font-size:12px}
@page{size:A4;margin:14mm 12mm}
@media print{
 body{font-size:10.5pt}
 main{max-width:none;padding:0}
 .cards{grid-template-columns:repeat(3,1fr)}
 section{break-inside:avoid}
 h2{break-after:avoid}
 svg{max-width:100%;height:auto}
}
`;

const pct = (s: Share) => (s.percent === null ? '–' : `${s.percent}%`);
const shareCells = (s: Share) => [String(s.total), String(s.inTime), pct(s)];

function card(value: string, label: string, tone: 'good' | 'bad' | 'warn' | '' = ''): string {
  return `<div class="card ${tone}"><b>${text(value)}</b><span>${text(label)}</span></div>`;
}

/** "50% (2 of 4)"; "–" when there is nothing to count. */
const shareText = (s: Share) => (s.total === 0 ? '–' : `<b>${pct(s)}</b> <span class="note">(${s.inTime} of ${s.total})</span>`);

function figureRows(label: string, f: TimelinessFigure | null): string[][] {
  if (!f) return [[text(label), '–', '–', '0']];
  return [[text(label), shareText(f.including), shareText(f.excluding), String(f.exceptions)]];
}

function itemRow(i: ReportItem): string[] {
  return [text(i.case) + (i.name ? ` <span class="note">${text(i.name)}</span>` : ''), text(i.officer ?? ''), text(i.title), text(i.category), text(i.due ?? ''), i.daysOverdue === undefined ? '' : String(i.daysOverdue)];
}

export function formatReportHtml(m: ReportModel): string {
  const title = `SEND timeliness${m.authority ? `: ${m.authority}` : ''}`;
  const out: string[] = [
    '<main>',
    ...headline(m, title),
    ...sen2AndDeadlines(m),
    ...openOverdue(m),
    ...otherDuties(m),
    ...monthlyTrend(m),
    ...changesSinceAWeekAgo(m),
    ...footer(m),
    '</main>',
  ];
  return page({ title, css: REPORT_CSS, body: out.join('\n') });
}

/** The title, the period and the headline cards. */
function headline(m: ReportModel, title: string): string[] {
  const out: string[] = [];
  const h = m.headline;
  out.push(
    `<header><h1>${text(title)}</h1><p>As of ${text(m.asOf)}. Figures cover ${text(m.from)} to ${text(m.asOf)} (${m.months} months). Cases are shown by reference.</p></header>`,
  );
  out.push(
    '<div class="cards">',
    card(String(h.openCases), 'open cases'),
    card(String(h.needsAction), 'items past due or to repair now (due soon not counted)', h.needsAction ? 'warn' : 'good'),
    card(String(h.overdue), 'deadlines overdue', h.overdue ? 'bad' : 'good'),
    card(String(h.missingRecords), 'records missing', h.missingRecords ? 'bad' : 'good'),
    card(h.plansWithin20WeeksPercent === null ? '–' : `${h.plansWithin20WeeksPercent}%`, `of ${h.plansIssued} new plans within 20 weeks`, h.plansWithin20WeeksPercent !== null && h.plansWithin20WeeksPercent < 60 ? 'bad' : 'good'),
    card(String(h.integrity), 'integrity problems', h.integrity ? 'bad' : 'good'),
    '</div>',
  );

  return out;
}

/** SEN2 beside the trend: what a Director looks at first. */
function sen2AndDeadlines(m: ReportModel): string[] {
  const out: string[] = [];
  out.push('<div class="grid">', '<section>', "<h2>SEN2 timeliness (the DfE's measures)</h2>");
  out.push(
    table(
      ['Measure', 'Including exceptions', 'Excluding exceptions', 'Exceptions'],
      [
        ...figureRows(`EHC plans issued within 20 weeks, last ${m.months} months`, m.sen2.plans20Weeks),
        ...figureRows(`Assessment decisions within 6 weeks, last ${m.months} months`, m.sen2.decisions6Weeks),
        ...m.sen2.byYear.flatMap((y) => [...figureRows(`Plans within 20 weeks, ${y.year}`, y.plans20Weeks), ...figureRows(`Decisions within 6 weeks, ${y.year}`, y.decisions6Weeks)]),
      ],
      { numeric: [1, 2, 3] },
    ),
  );
  out.push(`<p class="note">${text(m.sen2.definition)}</p>`, '</section>');
  out.push(
    '<section>',
    `<h2>Deadlines met each month</h2><p class="legend note"><span class="ok"></span>in time<span class="late"></span>late</p>${monthlyColumns(
      m.trend.map((t) => ({ month: t.month, ...t.allDeadlines })),
      { title: 'Deadlines met each month, in time and late', width: 540 },
    )}`,
    `<h3>Open overdue items by category</h3>${barChart(
      m.openOverdue.byCategory.map((c) => ({ label: c.category, value: c.count })),
      { title: 'Open overdue items by category', className: 'late', width: 540 },
    )}`,
    '</section>',
    '</div>',
  );

  return out;
}

/** Open overdue items: by lead officer, and the oldest. */
function openOverdue(m: ReportModel): string[] {
  const out: string[] = [];
  out.push('<section>', '<h2>Open overdue items</h2>', '<div class="grid">');
  out.push(
    `<div><h3>By lead officer</h3>${
      m.openOverdue.byOfficer.length ? barChart(m.openOverdue.byOfficer.map((o) => ({ label: o.officer, value: o.count })), { title: 'Open overdue items by officer' }) : '<p>None.</p>'
    }</div>`,
  );
  out.push(
    `<div><h3>The oldest</h3>${
      m.openOverdue.oldest.length ? table(['Case', 'Officer', 'What', 'Category', 'Due', 'Days'], m.openOverdue.oldest.map(itemRow), { numeric: [5] }) : '<p>None.</p>'
    }</div>`,
  );
  out.push('</div>', '</section>');

  return out;
}

/** The other duties in the period. */
function otherDuties(m: ReportModel): string[] {
  const out: string[] = [];
  out.push('<section>', '<h2>Other duties in the period</h2>');
  const dutyRows = m.duties.map((d) =>
    'recorded' in d
      ? [text(d.title), ...shareCells(d.recorded), gauge(d.recorded.percent, d.title), '']
      : [text(d.title), ...shareCells(d.done.including), gauge(d.done.including.percent, d.title), String(d.openOverdue)],
  );
  out.push(table(['Duty', 'Done', 'In time', '%', '', 'Open and overdue now'], dutyRows, { numeric: [1, 2, 3, 5] }), '</section>');

  return out;
}

/** The monthly trend of the SEN2 measures. */
function monthlyTrend(m: ReportModel): string[] {
  const out: string[] = [];
  out.push('<section>', `<h2>Monthly trend, last ${m.months} months</h2>`, '<div class="grid">');
  out.push(
    `<div><h3>New EHC plans issued <span class="legend"><span class="ok"></span>within 20 weeks<span class="late"></span>later</span></h3>${monthlyColumns(
      m.trend.map((t) => ({ month: t.month, ...t.plans })),
      { title: 'New EHC plans issued each month, within 20 weeks and later', width: 540 },
    )}</div>`,
  );
  out.push(
    `<div><h3>Decisions whether to assess <span class="legend"><span class="ok"></span>within 6 weeks<span class="late"></span>later</span></h3>${monthlyColumns(
      m.trend.map((t) => ({ month: t.month, ...t.decisions })),
      { title: 'Decisions whether to assess each month, within 6 weeks and later', width: 540 },
    )}</div>`,
  );
  out.push('</div>', '</section>');

  return out;
}

/** What changed since a week ago (when the history goes back that far). */
function changesSinceAWeekAgo(m: ReportModel): string[] {
  const out: string[] = [];
  out.push('<section>', '<h2>What changed since a week ago</h2>');
  if (!m.changes) {
    out.push('<p>The history does not go back a week, so there is nothing to compare with.</p>');
  } else {
    out.push(`<p class="note">The records as committed on ${text(m.changes.since)} (commit ${text(m.changes.commit.slice(0, 7))}), audited as of that day, against today's.</p>`);
    out.push('<div class="grid">');
    out.push(`<div><h3>Newly needing action (${m.changes.newOverdue.length})</h3>${m.changes.newOverdue.length ? table(['Case', 'Officer', 'What', 'Category', 'Due', 'Days overdue'], m.changes.newOverdue.map(itemRow), { numeric: [5] }) : '<p>None.</p>'}</div>`);
    out.push(`<div><h3>Resolved (${m.changes.resolved.length})</h3>${m.changes.resolved.length ? table(['Case', 'Officer', 'What', 'Category', 'Due', 'Days overdue'], m.changes.resolved.map(itemRow), { numeric: [5] }) : '<p>None.</p>'}</div>`);
    out.push('</div>');
  }
  out.push('</section>');
  return out;
}

/** Where the figures come from. */
function footer(m: ReportModel): string[] {
  const out: string[] = [];
  out.push(
    `<footer>Made by ehcp from the records repository, as of ${text(m.asOf)}. Every figure is computed from the records and their git history; \`ehcp report --format json\` gives the same figures. Overdue items with a statutory exception applied are not counted as overdue here.</footer>`,
  );
  return out;
}
