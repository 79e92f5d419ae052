// Plain-text tables that fit a terminal: columns padded to their widest cell, and when the
// whole does not fit, the shrinkable columns shortened at a word boundary with "…" (never
// cut mid-word, unless one word alone is wider than its column). Widths are measured with
// string-width (wide CJK characters, emoji and colour codes counted as the terminal shows
// them); words are kept whole by wrap-ansi.

import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';

const ELLIPSIS = '…';

/** The width of `text` on screen. */
export const displayWidth = (text: string): number => stringWidth(text);

/**
 * `text` in at most `width` columns: unchanged when it fits, else its leading whole words
 * and "…". A first word wider than the column is cut (there is no word boundary to keep).
 */
export function shorten(text: string, width: number): string {
  if (width <= 0) return '';
  if (stringWidth(text) <= width) return text;
  const indent = /^ */.exec(text)![0];
  if (indent.length > 0 && indent.length < width) return indent + shorten(text.slice(indent.length), width - indent.length);
  if (width === 1) return ELLIPSIS;
  const first = wrapAnsi(text, width - 1, { trim: true, wordWrap: true, hard: false }).split('\n')[0] ?? '';
  if (stringWidth(first) <= width - 1 && first.trim() !== '') return first.replace(/[\s,;:]+$/, '') + ELLIPSIS;
  const cut = wrapAnsi(text, width - 1, { trim: true, hard: true }).split('\n')[0] ?? '';
  return cut + ELLIPSIS;
}

export interface ColumnSpec {
  header: string;
  /**
   * May be shortened to fit (others keep their full width): the lowest number is shortened
   * first, down to its minimum, before the next is touched (true = last of all).
   */
  shrink?: boolean | number;
  /** A shrinkable column is never made narrower than this (default 8). */
  min?: number;
  /** Right-align (numbers). */
  right?: boolean;
}

export interface TableOptions {
  /** Total width available; undefined = no limit (--wide). */
  width?: number;
  /** Spaces before each line. */
  indent?: number;
  /** Decorate a whole row (colour) after layout; gets the row's index. */
  paint?: (line: string, row: number) => string;
  /** Decorate the header line. */
  paintHeader?: (line: string) => string;
}

/** The widths each column gets: natural widths, then the shrinkable ones cut down (in their order) until the row fits. */
function columnWidths(columns: readonly ColumnSpec[], rows: readonly string[][], width: number | undefined, indent = 0): number[] {
  const widths = columns.map((col, i) => Math.max(stringWidth(col.header), ...rows.map((r) => stringWidth(r[i] ?? ''))));
  if (width === undefined) return widths;
  const gaps = 2 * (columns.length - 1) + indent;
  let excess = widths.reduce((a, b) => a + b, 0) + gaps - width;
  const order = columns
    .map((col, i) => ({ i, rank: col.shrink === true ? Number.MAX_SAFE_INTEGER : typeof col.shrink === 'number' ? col.shrink : -1 }))
    .filter((x) => x.rank >= 0)
    .sort((a, b) => a.rank - b.rank || a.i - b.i);
  for (const { i } of order) {
    if (excess <= 0) break;
    const min = Math.max(columns[i].min ?? 8, 1);
    const take = Math.min(excess, Math.max(0, widths[i] - min));
    widths[i] -= take;
    excess -= take;
  }
  return widths;
}

/** The table as lines (no trailing newline). */
export function layoutTable(columns: readonly ColumnSpec[], rows: readonly string[][], options: TableOptions = {}): string[] {
  const widths = columnWidths(columns, rows, options.width, options.indent ?? 0);
  const pad = ' '.repeat(options.indent ?? 0);
  const line = (cells: readonly string[]) =>
    pad +
    cells
      .map((cell, i) => {
        const text = shorten(cell ?? '', widths[i]);
        const gap = ' '.repeat(Math.max(0, widths[i] - stringWidth(text)));
        if (i === cells.length - 1 && !columns[i].right) return text;
        return columns[i].right ? gap + text : text + gap;
      })
      .join('  ');
  const header = line(columns.map((c) => c.header)).trimEnd();
  return [options.paintHeader ? options.paintHeader(header) : header, ...rows.map((r, i) => (options.paint ? options.paint(line(r).trimEnd(), i) : line(r).trimEnd()))];
}

/**
 * The width a table may use: the terminal's columns when stdout is one, else $COLUMNS, else
 * 100 (a file or a pipe still gets lines a person can read); undefined with --wide.
 */
export function outputWidth(stdout: unknown, env: NodeJS.ProcessEnv, wide: boolean | undefined): number | undefined {
  if (wide) return undefined;
  const tty = stdout as { isTTY?: boolean; columns?: number };
  if (tty.isTTY && tty.columns && tty.columns > 20) return tty.columns;
  const fromEnv = Number(env.COLUMNS);
  if (Number.isInteger(fromEnv) && fromEnv > 20) return fromEnv;
  return 100;
}
