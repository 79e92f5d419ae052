// Colour when piped: FORCE_COLOR=1 turns it on (a CI log that renders colour); NO_COLOR
// and --no-color still win.

import { describe, expect, it } from 'vitest';
import { runEhcp } from '../helpers/cli.js';
import { repoWithCase } from './record-helpers.js';

const ESC = '\u001b[';

describe('colour through a pipe', () => {
  it('FORCE_COLOR=1 colours; NO_COLOR or --no-color keep it plain', async () => {
    const repo = await repoWithCase();
    const forced = await runEhcp(['validate'], { cwd: repo, env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain(ESC);
    const both = await runEhcp(['validate'], { cwd: repo, env: { NO_COLOR: '1', FORCE_COLOR: '1' } });
    expect(both.stdout).not.toContain(ESC);
    const flag = await runEhcp(['validate', '--no-color'], { cwd: repo, env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(flag.stdout).not.toContain(ESC);
    const piped = await runEhcp(['validate'], { cwd: repo, env: { NO_COLOR: undefined } });
    expect(piped.stdout).not.toContain(ESC);
  });
});
