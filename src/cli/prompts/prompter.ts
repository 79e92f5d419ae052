// The prompts a command may ask, behind one small interface: the real one is inquirer on
// the terminal; unit tests pass a scripted one (or drive inquirer with @inquirer/testing).
// Every answer is checked as it is typed by the same checks the flags use.

import type { Context } from '../context.js';
import { editorFor } from './editor.js';
import { mkdirSync } from 'node:fs';

export interface Choice<T extends string> {
  value: T;
  name?: string;
  description?: string;
}

export type Check = (value: string) => true | string;

export interface Prompter {
  input(options: { message: string; default?: string; validate?: Check }): Promise<string>;
  select<T extends string>(options: { message: string; choices: Choice<T>[]; default?: T }): Promise<T>;
  confirm(options: { message: string; default?: boolean }): Promise<boolean>;
  /** Long text (a discussion, reasons): written in the officer's editor. */
  editor(options: { message: string; default?: string; validate?: Check }): Promise<string>;
  /** Pick from a long list by typing part of it (the case picker). */
  search<T extends string>(options: { message: string; source: (term: string | undefined) => Choice<T>[] }): Promise<T>;
  /** A line of guidance between prompts (stderr). */
  note(text: string): void;
}

/**
 * inquirer on the command's own streams; prompts go to stderr so stdout stays data.
 * `workDir` holds the editor's temporary file for long text (git-ignored .ehcp/drafts/
 * when given: the text may be personal data).
 */
export async function inquirerPrompter(ctx: Context, workDir?: string): Promise<Prompter> {
  // Lazily: inquirer is the heaviest library ehcp has, and most runs never prompt.
  const { input, select, confirm, search, editor } = await import('@inquirer/prompts');
  const io = { input: ctx.stdin, output: ctx.stderr as NodeJS.WritableStream };
  return {
    editor: async (o) => {
      // The editor git would use (GIT_EDITOR, core.editor, VISUAL, EDITOR, vi/notepad), named in the question.
      const chosen = await editorFor(ctx, workDir ?? ctx.cwd);
      const saved = process.env.VISUAL;
      process.env.VISUAL = chosen.command; // inquirer's editor prompt reads VISUAL
      if (workDir) mkdirSync(workDir, { recursive: true });
      try {
        return await editor(
          { message: `${o.message} [in ${chosen.command}]`, default: o.default, validate: o.validate, file: { postfix: '.md', mode: 0o600, ...(workDir ? { dir: workDir } : {}) } },
          io,
        );
      } finally {
        if (saved === undefined) delete process.env.VISUAL;
        else process.env.VISUAL = saved;
      }
    },
    input: (o) => input({ message: o.message, default: o.default, validate: o.validate }, io),
    select: (o) => select({ message: o.message, choices: o.choices, default: o.default, pageSize: 12 }, io),
    confirm: (o) => confirm({ message: o.message, default: o.default }, io),
    search: (o) => search({ message: o.message, source: (term) => o.source(term), pageSize: 12 }, io),
    note: (text) => ctx.stderr.write(ctx.color.dim(text) + '\n'),
  };
}

/** True for the errors inquirer throws when the officer presses Ctrl-C or closes the terminal. */
export function isPromptExit(error: unknown): boolean {
  const name = (error as { name?: string } | undefined)?.name;
  return name === 'ExitPromptError' || name === 'AbortPromptError';
}
