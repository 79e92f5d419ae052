// The open deadlines of one case, for `ehcp case show`.

import { readConfig } from './config.js';
import { caseDirIn, layoutOf } from '../../core/layout.js';
import { createWorkingCalendar, diffDays } from '../../core/calendar/index.js';
import { openClocks, deadlineText } from '../../core/audit/index.js';
import { resolveRules } from '../../core/rules/index.js';
import { validValues } from '../../core/document.js';
import type { LoadedDocument } from '../../core/document.js';
import { UnreadableFileError } from '../../store/read/readFile.js';

/**
 * The open deadlines of one case, as a section for `ehcp case show`: every clock not met
 * and not cancelled on `day`, the soonest due first, with its rule and citation, from the
 * case folder's `documents` (as the view read them) and the config.
 */
export async function openDeadlinesSection(root: string, ref: string, documents: LoadedDocument[], day: string): Promise<import('../../core/caseView.js').CaseViewSection> {
  let config: import('../../core/records.js').Config;
  let rules: import('../../core/rules/index.js').RuleSet;
  try {
    config = await readConfig(root);
    rules = resolveRules(config);
  } catch (error) {
    // A config that is not a regular file (a link to /dev/zero, a FIFO) is an error of its own (exit 2).
    if (error instanceof UnreadableFileError) throw error;
    // The case is still shown; only its deadlines cannot be computed.
    const why = error instanceof Error ? error.message : String(error);
    return { key: 'deadlines', title: `Open deadlines as of ${day}`, columns: [], rows: [], empty: `Not computed: ${why} Run \`ehcp validate\`.`, data: null };
  }
  const cases = validValues(documents, 'case');
  const records = validValues(documents, 'minutes', 'note', 'communication');
  const layout = layoutOf(config);
  let clocks: import('../../core/audit/index.js').Clock[];
  try {
    clocks = openClocks({ cases, records, rules, calendar: createWorkingCalendar({ closures: config.closures }), asOf: day, layout }, ref);
  } catch (error) {
    // The case and its records are still shown; only the deadlines could not be computed.
    const why = error instanceof Error ? error.message : String(error);
    return { key: 'deadlines', title: `Open deadlines as of ${day}`, columns: [], rows: [], empty: `Not computed (${why}). Run \`ehcp validate ${caseDirIn(ref, layout)}\`.`, data: null };
  }
  const state = (due: string, start: string) =>
    start > day ? 'not started' : day > due ? `${diffDays(due, day)} days overdue` : due === day ? 'due today' : `${diffDays(day, due)} days left`;
  return {
    key: 'deadlines',
    title: `Open deadlines as of ${day}`,
    columns: ['RULE', 'DUE', 'STATE', 'WHAT', 'STARTED BY', 'CITATION'],
    rows: clocks.map((k) => [k.rule.id, k.due, state(k.due, k.start), `${k.rule.title} (${deadlineText(k.rule, k.start)})${k.exception ? `; exception applied: ${k.exception.ground}` : ''}`, k.trigger, k.rule.citation]),
    empty: 'No open deadlines.',
    data: clocks.map((k) => ({
      rule: k.rule.id,
      title: k.rule.title,
      due: k.due,
      start: k.start,
      trigger: k.trigger,
      citation: k.rule.citation,
      overdue: day > k.due,
      ...(k.exception ? { exception: k.exception } : {}),
    })),
  };
}
