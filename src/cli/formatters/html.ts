// A self-contained HTML page that runs nothing and fetches nothing: one stylesheet, allowed
// by its hash in a Content-Security-Policy of `default-src 'none'`, no script at all, no
// external resource (charts are inline SVG with presentation attributes, no style
// attributes). Every piece of record text goes through `text()`: HTML-escaped, with control
// characters and bidirectional overrides shown as visible codes so they cannot reorder or
// hide what is around them.

import { createHash } from 'node:crypto';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Characters that change how text around them is shown: C0/C1 controls and the bidi controls. */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

/** Record text as HTML text content (also safe inside a quoted attribute). */
export function text(value: unknown): string {
  const s = value === undefined || value === null ? '' : String(value);
  return s
    .replace(/[&<>"']/g, (ch) => ENTITIES[ch])
    .replace(INVISIBLE, (ch) => `<span class="code">[U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}]</span>`);
}

/** The hash CSP uses to allow exactly this stylesheet. */
function styleHash(css: string): string {
  return `sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}`;
}

export function page(options: { title: string; css: string; body: string; lang?: string }): string {
  const csp = `default-src 'none'; style-src '${styleHash(options.css)}'; img-src 'none'; base-uri 'none'; form-action 'none'`;
  return [
    '<!DOCTYPE html>',
    `<html lang="${options.lang ?? 'en-GB'}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${text(options.title)}</title>`,
    `<style>${options.css}</style>`,
    '</head>',
    '<body>',
    options.body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** A table from header cells and rows of already-escaped HTML cells. */
export function table(header: readonly string[], rows: readonly (readonly string[])[], options: { numeric?: readonly number[]; className?: string } = {}): string {
  const num = new Set(options.numeric ?? []);
  const cell = (tag: 'th' | 'td', html: string, i: number) => `<${tag}${num.has(i) ? ' class="num"' : ''}>${html}</${tag}>`;
  return [
    `<table${options.className ? ` class="${options.className}"` : ''}>`,
    `<thead><tr>${header.map((h, i) => cell('th', h, i)).join('')}</tr></thead>`,
    `<tbody>${rows.map((r) => `<tr>${r.map((c, i) => cell('td', c, i)).join('')}</tr>`).join('\n')}</tbody>`,
    '</table>',
  ].join('\n');
}
