// Timeliness as a share: of the things completed in a period, how many in time. Pure.

import type { IsoDate } from '../calendar/index.js';

/** One completed duty: when it was done and whether in time; `excepted` when a statutory exception applied. */
export interface Completion {
  case: string;
  /** The day the duty was done (the plan issued, the decision sent, the reply made). */
  done: IsoDate;
  inTime: boolean;
  excepted: boolean;
}

export interface Share {
  total: number;
  inTime: number;
  /** inTime / total as a percentage rounded to one decimal place; null when total is 0 (no figure, not 0%). */
  percent: number | null;
}

export const share = (inTime: number, total: number): Share => ({ total, inTime, percent: total === 0 ? null : Math.round((inTime / total) * 1000) / 10 });

/** The DfE's pair: every completion ("including exceptions"), and those with no exception applied ("excluding exceptions"). */
export interface TimelinessFigure {
  including: Share;
  excluding: Share;
  /** Completions with a statutory exception applied (left out of `excluding`). */
  exceptions: number;
}

export function timeliness(items: readonly Completion[]): TimelinessFigure {
  let inTime = 0;
  let exceptions = 0;
  let inTimeExcl = 0;
  for (const c of items) {
    if (c.inTime) inTime++;
    if (c.excepted) exceptions++;
    else if (c.inTime) inTimeExcl++;
  }
  return { including: share(inTime, items.length), excluding: share(inTimeExcl, items.length - exceptions), exceptions };
}

export type Granularity = 'year' | 'month';

/** The period a day falls in: `2024` or `2024-03`. */
const periodOf = (day: IsoDate, by: Granularity): string => (by === 'year' ? day.slice(0, 4) : day.slice(0, 7));

/** Completions grouped by the calendar year or month they were done in, each with its figure; periods in order. */
export function timelinessBy(items: readonly Completion[], by: Granularity): { period: string; figure: TimelinessFigure }[] {
  const groups = new Map<string, Completion[]>();
  for (const c of items) {
    const key = periodOf(c.done, by);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(c);
  }
  return [...groups.keys()].sort().map((period) => ({ period, figure: timeliness(groups.get(period)!) }));
}

/** The last `n` calendar months up to and including the month of `asOf`, oldest first (`YYYY-MM`). */
export function lastMonths(asOf: IsoDate, n: number): string[] {
  let year = Number(asOf.slice(0, 4));
  let month = Number(asOf.slice(5, 7));
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.unshift(`${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`);
    if (--month === 0) {
      month = 12;
      year--;
    }
  }
  return out;
}
