// Choosing a case at a prompt: type part of the reference, the officer or the name.
// Built from case.yaml files only (never the records), so it stays quick on thousands.

import { fieldsOf, type LoadedDocument } from '../../core/document.js';
import { EhcpError } from '../../core/errors.js';
import type { Choice, Prompter } from './prompter.js';

export interface CaseChoice {
  ref: string;
  name?: string;
  officer?: string;
  status?: string;
}

export function caseChoices(documents: LoadedDocument[]): CaseChoice[] {
  const choices: CaseChoice[] = [];
  for (const doc of documents) {
    const v = fieldsOf(doc);
    if (!v || typeof v.ref !== 'string') continue;
    choices.push({
      ref: v.ref,
      name: typeof v.name === 'string' ? v.name : undefined,
      officer: typeof v.officer === 'string' ? v.officer : undefined,
      status: typeof v.status === 'string' ? v.status : undefined,
    });
  }
  return choices;
}

const MAX_SHOWN = 50;

export function filterCases(cases: CaseChoice[], term: string | undefined): Choice<string>[] {
  const t = (term ?? '').trim().toLowerCase();
  const hits = t === '' ? cases : cases.filter((c) => [c.ref, c.name, c.officer].some((x) => x?.toLowerCase().includes(t)));
  return hits.slice(0, MAX_SHOWN).map((c) => ({
    value: c.ref,
    name: [c.ref, c.name, c.officer ? `(${c.officer})` : undefined, c.status && c.status !== 'open' ? `[${c.status}]` : undefined].filter(Boolean).join('  '),
  }));
}

export async function pickCase(p: Prompter, cases: CaseChoice[], message = 'Case (type to search)'): Promise<string> {
  if (cases.length === 0) {
    throw new EhcpError('There are no cases in this repository yet.', 'Open one first with `ehcp case new --ref REF`.');
  }
  return p.search({ message, source: (term) => filterCases(cases, term) });
}
