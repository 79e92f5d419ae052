// Offering saved answers back: the next `ehcp minutes new` for a case with a draft asks
// whether to carry on with it (or start afresh, keeping or discarding the draft).

import type { StoredDraft } from '../../store/write/drafts.js';
import type { Prompter } from './prompter.js';

export type ResumeChoice = { action: 'resume'; draft: StoredDraft } | { action: 'new' } | { action: 'discard'; draft: StoredDraft };

function describeDraft(d: StoredDraft): string {
  const v = d.draft.values;
  const when = d.draft.updated.replace('T', ' ').slice(0, 16);
  const what = [v.kind, v.date].filter((x) => typeof x === 'string').join(' on ');
  const items = ['attendees', 'decisions', 'actions']
    .map((f) => (Array.isArray(v[f]) ? `${(v[f] as unknown[]).length} ${f}` : undefined))
    .filter(Boolean)
    .join(', ');
  return `minutes${what ? ` (${what})` : ''} started ${when}${items ? `: ${items}` : ''}`;
}

export async function offerResume(p: Prompter, drafts: StoredDraft[]): Promise<ResumeChoice> {
  const choices = [
    ...drafts.map((d, i) => ({ value: `resume:${i}`, name: `Resume the ${describeDraft(d)}` })),
    { value: 'new', name: 'Start new minutes (keep the saved answers for later)' },
    ...(drafts.length === 1 ? [{ value: 'discard', name: 'Start new minutes and discard the saved answers' }] : []),
  ];
  const answer = await p.select({ message: 'You have unfinished minutes for this case', choices, default: 'resume:0' });
  if (answer === 'new') return { action: 'new' };
  if (answer === 'discard') return { action: 'discard', draft: drafts[0] };
  return { action: 'resume', draft: drafts[Number(answer.slice('resume:'.length))] };
}
