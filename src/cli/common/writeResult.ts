// What a record-writing command prints once it has written: the path (or JSON) on stdout,
// whether it was committed, and the officer's next step on stderr.

import path from 'node:path';
import { emit, say, type Context } from '../context.js';
import type { WriteOutcome } from '../../store/write/records.js';
import { nextStep, type Written } from '../nextStep.js';

/** stdout: the new record's path (relative to where the command ran), or JSON. */
export function reportWritten(ctx: Context, outcome: WriteOutcome, json?: boolean): void {
  const shown = path.relative(ctx.cwd, outcome.abs).split(path.sep).join('/') || outcome.file;
  if (json) emit(ctx, JSON.stringify({ id: outcome.id, path: shown, commit: outcome.commit ?? null }));
  else emit(ctx, shown);
}

/** The next step after a write, in one line on stderr (src/cli/nextStep.ts). */
export function sayNextStep(ctx: Context, written: Written): void {
  const line = nextStep(written);
  if (line) say(ctx, line);
}

export function committedNote(outcome: WriteOutcome): string {
  return outcome.commit ? `; committed ${outcome.commit.slice(0, 7)}` : '; not committed (--no-commit): commit it with git when ready';
}
