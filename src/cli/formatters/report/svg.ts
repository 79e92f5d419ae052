// Small inline SVG charts: horizontal bars and stacked monthly columns. Presentation
// attributes and classes only (a style attribute would be refused by the page's CSP).
// Labels are escaped with text().

import { text } from '../html.js';

/** Horizontal bars, one per row, scaled to the largest value. */
export function barChart(rows: readonly { label: string; value: number }[], options: { title: string; width?: number; className?: string }): string {
  const width = options.width ?? 520;
  const labelWidth = 190;
  const row = 22;
  const height = Math.max(1, rows.length) * row + 4;
  const max = Math.max(1, ...rows.map((r) => r.value));
  const barSpace = width - labelWidth - 40;
  const bars = rows.map((r, i) => {
    const y = i * row + 2;
    const w = Math.round((r.value / max) * barSpace);
    return [
      `<text x="${labelWidth - 6}" y="${y + 15}" text-anchor="end" class="label">${text(r.label)}</text>`,
      `<rect x="${labelWidth}" y="${y + 3}" width="${w}" height="${row - 8}" class="${options.className ?? 'bar'}"/>`,
      `<text x="${labelWidth + w + 5}" y="${y + 15}" class="value">${r.value}</text>`,
    ].join('');
  });
  return `<svg role="img" aria-label="${text(options.title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg"><title>${text(options.title)}</title>${bars.join('')}</svg>`;
}

/** One stacked column per month: in time (bottom) and late (top). */
export function monthlyColumns(months: readonly { month: string; inTime: number; late: number }[], options: { title: string; width?: number }): string {
  const width = options.width ?? 640;
  const height = 180;
  const bottom = height - 24;
  const top = 12;
  const max = Math.max(1, ...months.map((m) => m.inTime + m.late));
  const step = (width - 40) / Math.max(1, months.length);
  const barWidth = Math.max(4, step * 0.6);
  const scale = (n: number) => (n / max) * (bottom - top);
  const cols = months.map((m, i) => {
    const x = 30 + i * step;
    const hIn = scale(m.inTime);
    const hLate = scale(m.late);
    const label = m.month.slice(2).replace('-', '/');
    return [
      `<rect x="${x.toFixed(1)}" y="${(bottom - hIn).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${hIn.toFixed(1)}" class="ok"><title>${text(`${m.month}: ${m.inTime} in time`)}</title></rect>`,
      `<rect x="${x.toFixed(1)}" y="${(bottom - hIn - hLate).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${hLate.toFixed(1)}" class="late"><title>${text(`${m.month}: ${m.late} late`)}</title></rect>`,
      `<text x="${(x + barWidth / 2).toFixed(1)}" y="${height - 8}" text-anchor="middle" class="axis">${text(label)}</text>`,
    ].join('');
  });
  const axis = `<line x1="26" y1="${bottom}" x2="${width - 6}" y2="${bottom}" class="axisline"/><text x="22" y="${top + 8}" text-anchor="end" class="axis">${max}</text><text x="22" y="${bottom}" text-anchor="end" class="axis">0</text>`;
  return `<svg role="img" aria-label="${text(options.title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg"><title>${text(options.title)}</title>${axis}${cols.join('')}</svg>`;
}

/** A percentage as a filled track (null: an empty track and "no figure"). */
export function gauge(percent: number | null, label: string): string {
  const width = 160;
  const w = percent === null ? 0 : Math.round((percent / 100) * width);
  return `<svg role="img" aria-label="${text(label)}" viewBox="0 0 ${width} 12" width="${width}" height="12" xmlns="http://www.w3.org/2000/svg"><rect x="0" y="0" width="${width}" height="12" class="track"/><rect x="0" y="0" width="${w}" height="12" class="${percent !== null && percent < 60 ? 'late' : 'ok'}"/></svg>`;
}
