
import { requireIdentity } from '../../store/write/commit.js';
import { isoDay } from '../../core/dateInput.js';
import { MEETING_KINDS } from '../../core/vocabulary.js';
import { loadTemplate } from '../../store/read/templates.js';
import { annotateWithTemplate } from '../../core/writeScaffold.js';// Minutes' approval (who approved them and when) and the template guidance a minutes
// draft carries: shared by `minutes`, `action done` and `record amend`.

/** Final minutes carry who approved them and when: by default the officer, today. */
export async function approvalDefaults(root: string): Promise<{ approved_by: string; approved_on: string }> {
  return { approved_by: (await requireIdentity(root)).name, approved_on: isoDay(new Date()) };
}

export async function applyApprovalDefaults(root: string, fields: Record<string, unknown>): Promise<void> {
  if (fields.approved_by !== undefined && fields.approved_on !== undefined) return;
  const defaults = await approvalDefaults(root);
  fields.approved_by ??= defaults.approved_by;
  fields.approved_on ??= defaults.approved_on;
}

/** The guidance comments a minutes draft carries, from its kind's template. */
export async function minutesAnnotator(root: string, kind: unknown): Promise<((text: string) => string) | undefined> {
  if (!MEETING_KINDS.includes(kind as (typeof MEETING_KINDS)[number])) return undefined;
  const { template } = loadTemplate(root, kind as (typeof MEETING_KINDS)[number]);
  return (text) => annotateWithTemplate(text, template);
}
