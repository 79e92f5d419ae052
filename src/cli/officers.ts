// Resolving `--officer NAME` against the lead officers the case files name. A name that
// matches none is a usage error listing the officers there are, with the closest one
// suggested: "No findings." for a mistyped name would read as all clear.

import { closest, distance } from 'fastest-levenshtein';
import { UsageError } from '../core/errors.js';
import { printable } from './formatters/inert.js';

/** The officer named (as the case files spell it), matched without regard to case or surrounding spaces. */
export function matchOfficer(given: string, officers: Iterable<string | undefined>): string {
  const known = [...new Set([...officers].filter((o): o is string => typeof o === 'string' && o.trim() !== '').map((o) => o.trim()))].sort();
  const wanted = given.trim().toLowerCase();
  const exact = known.find((o) => o.toLowerCase() === wanted);
  if (exact !== undefined) return exact;
  if (known.length === 0) {
    throw new UsageError('No case in this repository names a lead officer, so --officer matches nothing.', "Set a case's officer with `officer:` in its case.yaml, or leave --officer out.");
  }
  throw new UsageError(
    `No case has the lead officer given to --officer. The officers there are: ${known.map((o) => `"${printable(o)}"`).join(', ')}.`,
    `Did you mean --officer "${printable(suggest(wanted, known))}"?`,
  );
}

/** The closest name: one that holds the text given as a word (e.g. "amber" in "Officer Amber"), else the least edit distance. */
export function suggest(wanted: string, known: readonly string[]): string {
  const words = known.filter((o) => o.toLowerCase().split(/\s+/).includes(wanted) || o.toLowerCase().includes(wanted));
  if (words.length > 0) return words.reduce((a, b) => (distance(a.toLowerCase(), wanted) <= distance(b.toLowerCase(), wanted) ? a : b));
  const lower = known.map((o) => o.toLowerCase());
  return known[lower.indexOf(closest(wanted, lower))];
}
