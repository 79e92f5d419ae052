// `ehcp audit` on the demo in a real 100-column terminal (tmux): it fits, opens with the
// summary, lists no history unless asked, and leaves no progress line behind. In a pipe,
// stderr stays empty (no spinner in logs).

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EHCP_BIN, runEhcp, tempDir, userEnv } from '../helpers/cli.js';

const SOCKET = `ehcp-audit-term-${process.pid}-${Date.now()}`;
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const AS_OF = '2026-11-16';
let demo: string;

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
function tmux(...args: string[]): string {
  const r = spawnSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tmux ${args[0]} failed: ${r.stderr}`);
  return r.stdout;
}

/** Run ehcp in a detached tmux session of the given size; the whole scrollback once it has exited. */
async function inTerminal(args: string[], columns: number): Promise<string> {
  const session = `s${Math.random().toString(36).slice(2, 8)}`;
  const env = { ...userEnv(), TERM: 'xterm-256color' };
  const assignments = Object.entries(env).map(([k, v]) => quote(`${k}=${v}`));
  const command = `cd ${quote(demo)} && env -i ${assignments.join(' ')} ${quote(process.execPath)} ${quote(EHCP_BIN)} ${args.map(quote).join(' ')}; echo "EXIT=$?"; sleep 600`;
  tmux('new-session', '-d', '-x', String(columns), '-y', '50', '-s', session, `env -u CI sh -c ${quote(command)}`);
  tmux('set-option', '-t', session, 'history-limit', '5000');
  const deadline = Date.now() + 30_000;
  for (;;) {
    // -J joins lines the terminal wrapped: a line wider than the pane shows as one long line.
    const text = tmux('capture-pane', '-p', '-J', '-S', '-', '-t', session);
    if (/^EXIT=\d+$/m.test(text)) {
      tmux('kill-session', '-t', session);
      return text;
    }
    if (Date.now() > deadline) throw new Error(`timed out:\n${text}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  demo = path.join(tempDir(), 'demo');
  const r = await runEhcp(['demo', '--dir', demo], { cwd: path.dirname(demo) });
  if (r.code !== 0 && r.code !== 1) throw new Error(`ehcp demo failed: ${r.stderr}`);
}, 120_000);

afterAll(() => {
  if (hasTmux) spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
});

describe.skipIf(!hasTmux)('ehcp audit in a 100-column terminal', () => {
  it('fits, opens with the summary, and lists no history by default', async () => {
    const screen = await inTerminal(['audit', '--as-of', AS_OF], 100);
    const lines = screen.split('\n');
    const start = lines.findIndex((l) => l.startsWith('ehcp audit: '));
    expect(start).toBeGreaterThanOrEqual(0);
    expect(lines[start + 1]).toMatch(/^Needs action now: \d+ items$/);
    const sections = lines.findIndex((l) => /^(Overdue|Missing records|Due soon) \(\d+\)$/.test(l));
    expect(lines.findIndex((l) => l.startsWith('OFFICER '))).toBeLessThan(sections);
    for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(100);
    expect(screen).not.toMatch(/^(Met late|Recorded late) \(\d+\)$/m);
    expect(screen).toMatch(/^History: \d+ \(met late \d+, recorded late \d+(?:, breached \d+)?\); not listed: --include-history lists them$/m);
    expect(screen).toMatch(/^EXIT=0$/m);
  });

  it('--include-history lists it, still within 100 columns', async () => {
    const screen = await inTerminal(['audit', '--as-of', AS_OF, '--include-history'], 100);
    expect(screen).toMatch(/^Met late \(\d+\)$/m);
    for (const line of screen.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(100);
  });
});

describe('in a pipe', () => {
  it('no progress line: stderr is empty and stdout holds only the table', async () => {
    const r = await runEhcp(['audit', '--as-of', AS_OF], { cwd: demo, env: { EHCP_PROGRESS: undefined } });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toMatch(/\u001b|[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/);
    expect(r.stdout.split('\n')[0]).toMatch(/^ehcp audit: /);
  });
});
