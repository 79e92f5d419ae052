// A reader that stops early closes the pipe (`ehcp rules list | head`): ehcp stops quietly
// with exit 0, never with an EPIPE stack trace. Spawned through bash: only a real pipe to a
// real process shows it.

import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { EHCP_BIN, userEnv } from '../helpers/cli.js';

describe('output to a reader that stops early', () => {
  it.each([['rules list --format json'], ['audit --help']])('ehcp %s | head -c 10: exit 0, no stack trace', (args) => {
    const script = `"${process.execPath}" "${EHCP_BIN}" ${args} | head -c 10 >/dev/null; echo "ehcp exit $\{PIPESTATUS[0]}" >&2`;
    const r = spawnSync('bash', ['-c', script], { env: userEnv({ NO_COLOR: '1' }), encoding: 'utf8' });
    expect(r.stderr).not.toMatch(/EPIPE|throw er|\n\s+at /);
    expect(r.stderr).toContain('ehcp exit 0');
  });
});
