// Answers typed at the prompts, kept under .ehcp/drafts/ (git-ignored: they may hold
// personal data and are never part of the audit trail) until the record they become is
// written. Saved after every answer and on Ctrl-C, so an interruption loses nothing.

import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { suffixFromBytes } from '../../core/ids.js';
import { DRAFTS_DIR, TEMP_DIR } from '../paths.js';
import { writeFileAtomic } from './write.js';
import { MAX_STATE_BYTES, readBoundedText } from '../read/readFile.js';

export interface MinutesDraft {
  version: 1;
  type: 'minutes';
  case: string;
  /** ISO timestamps, for "started on ..." when offering to resume. */
  created: string;
  updated: string;
  /** The fields answered so far (a partial minutes record, without schema/id). */
  values: Record<string, unknown>;
  /** Prompt steps completed (skipped on resume). */
  done: string[];
  /** An item half-entered when the session stopped (e.g. an attendee's name but not role). */
  pending?: { step: string; item: Record<string, unknown> };
}

export interface StoredDraft {
  name: string;
  abs: string;
  draft: MinutesDraft;
}

function draftsDir(root: string): string {
  return path.join(root, DRAFTS_DIR);
}

export function newDraftName(caseRef: string): string {
  let suffix: string | undefined;
  while (!suffix) suffix = suffixFromBytes(randomBytes(16));
  return `${caseRef}-minutes-${suffix}.json`;
}

/** Synchronous on purpose: it runs inside a SIGINT handler, just before the process exits. */
export function saveDraft(root: string, name: string, draft: MinutesDraft): string {
  const abs = path.join(draftsDir(root), name);
  writeFileAtomic(abs, JSON.stringify(draft, null, 2) + '\n', { mode: 0o600, tempDir: path.join(root, TEMP_DIR) });
  return abs;
}

/** Saved minutes drafts, newest first; for one case when `caseRef` is given. */
export function listDrafts(root: string, caseRef?: string): StoredDraft[] {
  let names: string[];
  try {
    names = fs.readdirSync(draftsDir(root));
  } catch {
    return [];
  }
  const out: StoredDraft[] = [];
  for (const name of names) {
    if (!/^[A-Z0-9][A-Z0-9_-]{1,31}-minutes-[a-z0-9]{6}\.json$/.test(name)) continue;
    if (caseRef && !name.startsWith(`${caseRef}-minutes-`)) continue;
    const abs = path.join(draftsDir(root), name);
    try {
      const draft = JSON.parse(readBoundedText(abs, { maxBytes: MAX_STATE_BYTES, label: name, noLinks: true })) as MinutesDraft;
      if (draft?.version !== 1 || draft.type !== 'minutes' || typeof draft.case !== 'string' || !draft.values || typeof draft.values !== 'object') continue;
      if (caseRef && draft.case !== caseRef) continue;
      draft.done = Array.isArray(draft.done) ? draft.done.filter((d) => typeof d === 'string') : [];
      out.push({ name, abs, draft });
    } catch {
      // A half-written or hand-damaged draft is skipped, never fatal.
    }
  }
  return out.sort((a, b) => (a.draft.updated < b.draft.updated ? 1 : a.draft.updated > b.draft.updated ? -1 : 0));
}

export function deleteDraft(root: string, name: string): void {
  fs.rmSync(path.join(draftsDir(root), name), { force: true });
}
