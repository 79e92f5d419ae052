// The progress line: on a terminal only. In a pipe, a file or a CI log nothing is written.

import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { progressAllowed, startProgress } from '../../src/cli/progress.js';

function stream(tty: boolean) {
  let written = '';
  const s = Object.assign(
    new Writable({
      write(chunk, _e, done) {
        written += String(chunk);
        done();
      },
    }),
    tty ? { isTTY: true, columns: 80, cursorTo: () => true, clearLine: () => true, moveCursor: () => true } : {},
  );
  return { s, written: () => written };
}
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Wait until `written()` holds `text` (the spinner draws on a timer, which a loaded machine delays); at most 10 s. */
async function until(written: () => string, text: string): Promise<void> {
  for (let waited = 0; !written().includes(text) && waited < 10_000; waited += 20) await wait(20);
}

describe('progress', () => {
  it('on a terminal: a spinner line with the text, cleared when done', async () => {
    const err = stream(true);
    const p = startProgress({ stderr: err.s, env: {} }, 'Reading the records', 0);
    await until(err.written, 'Reading the records');
    p.update('Auditing');
    await until(err.written, 'Auditing');
    p.stop();
    expect(err.written()).toContain('Reading the records');
    expect(err.written()).toContain('Auditing');
  });

  it.each([
    ['a pipe', false, {}],
    ['CI', true, { CI: 'true' }],
    ['EHCP_PROGRESS=0', true, { EHCP_PROGRESS: '0' }],
    ['a dumb terminal', true, { TERM: 'dumb' }],
  ])('nothing in %s', async (_name, tty, env) => {
    const err = stream(tty);
    expect(progressAllowed({ stderr: err.s, env })).toBe(false);
    const p = startProgress({ stderr: err.s, env }, 'Reading the records', 0);
    await wait(150);
    p.stop();
    expect(err.written()).toBe('');
  });

  it('quick work shows nothing: the line appears only after the delay', async () => {
    const err = stream(true);
    const p = startProgress({ stderr: err.s, env: {} }, 'Reading the records', 300);
    await wait(20);
    p.stop();
    await wait(350);
    expect(err.written()).toBe('');
  });
});
