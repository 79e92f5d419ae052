// `--edit` and `minutes edit`: open the officer's editor on a record, check what was
// saved, and reopen it with the problems listed as comments at the top until it is
// valid, or until the officer gives up: closes without saving (the text is unchanged),
// saves an empty file, or the editor exits non-zero (vim's :cq). Giving up writes
// nothing and leaves no work file behind unless it holds something the officer typed.

import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { EhcpError, UsageError } from '../../core/errors.js';
import { stripProblemsHeader, withProblemsHeader } from '../../core/writeScaffold.js';
import { chooseEditor, readCoreEditor, runEditor, type EditorChoice } from '../../store/platform.js';
import type { Context } from '../context.js';
import { readBoundedText } from '../../store/read/readFile.js';
import { MAX_RECORD_BYTES } from '../../core/yaml.js';

/** What a check made of the saved text: problems to show, or (none) the value it read. */
export interface EditCheck<T = Record<string, unknown>> {
  problems: { line: number; message: string }[];
  value?: T;
}

export interface EditRequest<T = Record<string, unknown>> {
  initialText: string;
  /** Folder for the file being edited (the git-ignored drafts folder). */
  workDir: string;
  /** Prefix of the file name (a case reference; never personal data). */
  label: string;
  check: (text: string) => EditCheck<T>;
}

/** The editor git would open here (GIT_EDITOR, core.editor, VISUAL, EDITOR, vi/notepad). */
export async function editorFor(ctx: Context, repoDir: string): Promise<EditorChoice> {
  const choice = chooseEditor(ctx.env, await readCoreEditor(repoDir, ctx.env), { terminal: ctx.interactive });
  if (choice) return choice;
  throw new UsageError(
    'Editing needs an editor, and none is set (GIT_EDITOR, git config core.editor, VISUAL or EDITOR) and there is no terminal to open vi in.',
    'Set one, e.g. `export EDITOR=nano`, or give the fields with --set / --from instead.',
  );
}

/** Run the edit loop; returns the checked value. Throws EhcpError (exit 130) when abandoned. */
export async function editUntilValid<T = Record<string, unknown>>(ctx: Context, request: EditRequest<T>): Promise<T> {
  fs.mkdirSync(request.workDir, { recursive: true });
  const editor = await editorFor(ctx, request.workDir);
  const work = path.join(request.workDir, `${request.label}-edit-${randomBytes(4).toString('hex')}.yaml`);
  const shown = path.relative(ctx.cwd, work) || work;
  let text = request.initialText;
  let first = true;
  for (;;) {
    fs.writeFileSync(work, text, { mode: 0o600 });
    if (first) {
      ctx.stderr.write(`Opening ${editor.command} (from ${editor.source}). Save and close it to continue; close it without saving to give up.\n`);
      first = false;
    }
    const run = runEditor(editor.command, work, ctx.env);
    const saved = readIfThere(work);
    const unchanged = saved === undefined || saved === text;
    // Something the officer typed (in this round or an earlier one) is never deleted.
    const typedSomething = !unchanged || text !== request.initialText;
    const keptHint = `What you typed is kept in ${shown}; copy from it, or run the command again.`;
    if (run.error || run.status !== 0) {
      if (!typedSomething) fs.rmSync(work, { force: true });
      throw new EhcpError(`The editor (${editor.command}) exited with an error, so nothing was saved.`, typedSomething ? keptHint : 'Run the command again when ready.', 130);
    }
    if (unchanged) {
      if (!typedSomething) fs.rmSync(work, { force: true });
      throw new EhcpError('Abandoned: the editor was closed without changes, so nothing was written.', typedSomething ? keptHint : undefined, 130);
    }
    const body = stripProblemsHeader(saved);
    if (body.split('\n').every((l) => l.trim() === '' || l.trim().startsWith('#'))) {
      fs.rmSync(work, { force: true });
      throw new EhcpError('Abandoned: the file was saved empty, so nothing was written.', undefined, 130);
    }
    const result = request.check(body);
    if (result.problems.length === 0 && result.value) {
      fs.rmSync(work, { force: true });
      return result.value;
    }
    const n = result.problems.length;
    ctx.stderr.write(`ehcp: ${n} problem${n === 1 ? '' : 's'} to fix; reopening the editor.\n`);
    text = withProblemsHeader(body, result.problems);
  }
}

/** The work file as the editor left it (undefined when the editor removed it), read bounded like every file. */
function readIfThere(file: string): string | undefined {
  if (!fs.existsSync(file)) return undefined;
  return readBoundedText(file, { maxBytes: MAX_RECORD_BYTES, label: path.basename(file), noLinks: true });
}
