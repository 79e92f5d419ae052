// A progress line on stderr for work that may take more than a second (a cold audit of
// thousands of cases, building the demo). Only on a terminal: in a pipe, a file or a CI
// log (CI set, or stderr not a TTY) nothing is written, so logs stay clean. ora draws
// and clears the line (and restores the cursor if ehcp is interrupted); the line holds only what ehcp is doing, never record text.

import type { Context } from './context.js';

export interface Progress {
  update(text: string): void;
  stop(): void;
}

const SILENT: Progress = { update() {}, stop() {} };

/** True when a spinner may be shown: stderr is a terminal, CI is not set, and EHCP_PROGRESS is not 0. */
export function progressAllowed(ctx: Pick<Context, 'stderr' | 'env'>): boolean {
  return Boolean((ctx.stderr as { isTTY?: boolean }).isTTY) && !ctx.env.CI && ctx.env.EHCP_PROGRESS !== '0' && ctx.env.TERM !== 'dumb';
}

/** Start a spinner with `text` after `delayMs` (default 300 ms: quick work shows nothing). */
export function startProgress(ctx: Pick<Context, 'stderr' | 'env'>, text: string, delayMs = 300): Progress {
  if (!progressAllowed(ctx)) return SILENT;
  let current = text;
  let spinner: import('ora').Ora | undefined;
  let stopped = false;
  const timer = setTimeout(async () => {
    if (stopped) return;
    // Lazily: only a run slow enough to show a spinner pays for loading it.
    const { default: ora } = await import('ora');
    if (stopped) return;
    // discardStdin false: ehcp may prompt right after, and must not lose what was typed.
    spinner = ora({ text: current, stream: ctx.stderr as NodeJS.WriteStream, discardStdin: false, isEnabled: true }).start();
  }, delayMs);
  timer.unref();
  return {
    update(t: string) {
      current = t;
      if (spinner) spinner.text = t;
    },
    stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      spinner?.stop(); // clears the line
    },
  };
}
