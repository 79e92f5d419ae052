// `--edit`: open $VISUAL/$EDITOR on a scaffold, check what was saved, and reopen it with
// the problems listed as comments at the top until it is valid, or until the officer
// gives up (saves an empty file, or the editor exits non-zero, e.g. vim's :cq).

import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { EhcpError, UsageError } from '../../core/errors.js';
import { stripProblemsHeader, withProblemsHeader } from '../../core/writeScaffold.js';
import type { Context } from '../context.js';
import { readBoundedText } from '../../store/readFile.js';
import { MAX_RECORD_BYTES } from '../../core/yaml.js';

export interface EditCheck {
  problems: { line: number; message: string }[];
  value?: Record<string, unknown>;
}

export interface EditRequest {
  initialText: string;
  /** Folder for the file being edited (the git-ignored drafts folder). */
  workDir: string;
  /** Prefix of the file name (a case reference; never personal data). */
  label: string;
  check: (text: string) => EditCheck;
}

export function editorCommand(ctx: Context): string {
  const editor = (ctx.env.VISUAL || ctx.env.EDITOR || '').trim();
  if (editor) return editor;
  if (ctx.interactive) return 'vi';
  throw new UsageError('--edit needs an editor, and neither VISUAL nor EDITOR is set.', 'Set one, e.g. `export EDITOR=nano`, or give the fields with --set / --from instead.');
}

/** Run the edit loop; returns the checked value. Throws EhcpError (exit 130) when abandoned. */
export function editUntilValid(ctx: Context, request: EditRequest): Record<string, unknown> {
  const editor = editorCommand(ctx);
  fs.mkdirSync(request.workDir, { recursive: true });
  const work = path.join(request.workDir, `${request.label}-edit-${randomBytes(4).toString('hex')}.yaml`);
  let text = request.initialText;
  for (;;) {
    fs.writeFileSync(work, text, { mode: 0o600 });
    // Like git: the editor setting may carry arguments ("code --wait"), so the shell splits it.
    const run = spawnSync('/bin/sh', ['-c', `${editor} "$1"`, 'ehcp-editor', work], { stdio: 'inherit', env: ctx.env });
    if (run.error || run.status !== 0) {
      throw new EhcpError(
        'The editor exited with an error, so nothing was saved.',
        `What you typed is kept in ${path.relative(ctx.cwd, work) || work}; copy from it, or run the command again.`,
        130,
      );
    }
    const saved = readBoundedText(work, { maxBytes: MAX_RECORD_BYTES, label: path.relative(ctx.cwd, work) || work, noLinks: true });
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
    ctx.stderr.write(`ehcp: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'} to fix; reopening the editor.\n`);
    text = withProblemsHeader(body, result.problems);
  }
}
