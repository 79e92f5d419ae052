// The read path end to end on a repository big enough for its worker threads (a 140-case
// demo: about 4,400 files): the cold read (parsing split between two threads), the repeat
// read that asks `find` what changed, and the one that stats every file in a worker all
// give `ehcp validate` the same answer, and each notices a record edited in place.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runEhcp, tempDir } from '../helpers/cli.js';

let root: string;

interface Traced {
  code: number | null;
  stdout: string;
  read: { scan: string; parsed: number; fromCache: number; problemsFromCache: boolean; wroteCache: boolean; documents: number };
}

async function validate(): Promise<Traced> {
  const r = await runEhcp(['validate', '--format', 'json'], { cwd: root, env: { EHCP_TRACE_READ: '1' } });
  const line = r.stderr.split('\n').find((l) => l.startsWith('ehcp read: '));
  expect(line, r.stderr).toBeDefined();
  return { code: r.code, stdout: r.stdout, read: JSON.parse(line!.slice('ehcp read: '.length)) };
}

const MARKER = '.ehcp/cache/scanned';

beforeAll(async () => {
  root = path.join(tempDir('ehcp-read-'), 'demo');
  const r = await runEhcp(['demo', '--dir', root, '--cases', '140', '--seed', '11'], { cwd: path.dirname(root), env: { EHCP_TRACE_READ: '1' } });
  expect(r.code, r.stderr).toBe(0);
  // The demo's audit read its history (4,550 commits, over historyTuning.workerMinCommits) in
  // a worker thread; its report then found the facts in the caches.
  expect(r.stderr.match(/^ehcp history: .*$/gm)).toEqual(['ehcp history: {"source":"worker"}', 'ehcp history: {"source":"caches"}']);
  fs.rmSync(path.join(root, '.ehcp'), { recursive: true, force: true }); // the demo's own audit filled the cache
  // Let every file age past the racy window (files changed within 2 s of a scan are read again).
  await new Promise((resolve) => setTimeout(resolve, 2100));
});

describe('reading a 4,000-file repository', () => {
  let cold: Traced;

  it('cold: every file parsed (split between two threads), the cache written', async () => {
    cold = await validate();
    expect(cold.code).toBe(0);
    expect(cold.read).toMatchObject({ scan: 'here', fromCache: 0, wroteCache: true });
    expect(cold.read.parsed).toBeGreaterThan(4000);
  });

  it('repeat: find reports nothing changed, nothing is parsed, and the answer is the same', async () => {
    const again = await validate();
    expect(again.read).toMatchObject({ scan: 'find', parsed: 0, problemsFromCache: true, wroteCache: false });
    expect(again.stdout).toBe(cold.stdout);
  });

  it('without the find marker: a worker stats every file, with the same answer', async () => {
    fs.rmSync(path.join(root, MARKER));
    const again = await validate();
    expect(again.read).toMatchObject({ scan: 'worker', parsed: 0, problemsFromCache: true, wroteCache: true });
    expect(again.stdout).toBe(cold.stdout);
    expect(fs.existsSync(path.join(root, MARKER))).toBe(true);
  });

  for (const how of ['find', 'worker'] as const) {
    it(`notices a record edited in place, same size and mtime (${how})`, async () => {
      // An outgoing letter in a case some way into the repository.
      const refs = fs.readdirSync(path.join(root, 'cases')).sort().slice(how === 'find' ? 40 : 90);
      const outgoing = (ref: string) =>
        fs.readdirSync(path.join(root, 'cases', ref)).find((f) => f.includes('-comm-') && fs.readFileSync(path.join(root, 'cases', ref, f), 'utf8').includes('direction: out'));
      const ref = refs.find((r) => outgoing(r))!;
      const file = outgoing(ref)!;
      const abs = path.join(root, 'cases', ref, file);
      const st = fs.statSync(abs);
      const text = fs.readFileSync(abs, 'utf8');
      const broken = text.replace('direction: out', how === 'find' ? 'direction: in ' : 'direction: up ');
      expect(broken.length).toBe(text.length);
      fs.writeFileSync(abs, broken);
      fs.utimesSync(abs, st.atime, st.mtime); // the size and mtime are as before: only the ctime moved
      if (how === 'worker') fs.rmSync(path.join(root, MARKER));
      const r = await validate();
      expect(r.read.scan).toBe(how);
      // The edited file, and perhaps the one restored by the previous test (still too recent to trust).
      expect(r.read.parsed).toBeGreaterThanOrEqual(1);
      expect(r.read.parsed).toBeLessThanOrEqual(2);
      expect(r.code).toBe(1);
      const problems = JSON.parse(r.stdout).problems as { file: string; rule: string }[];
      expect(problems.some((p) => p.file === `cases/${ref}/${file}` && p.rule === 'schema')).toBe(true);
      fs.writeFileSync(abs, text); // restore
      const fixed = await validate();
      expect(fixed.code).toBe(0);
      expect(fixed.stdout).toBe(cold.stdout);
    });
  }

  it('gives the same answer again from scratch (no cache)', async () => {
    fs.rmSync(path.join(root, '.ehcp'), { recursive: true });
    const again = await validate();
    expect(again.read).toMatchObject({ scan: 'here', fromCache: 0 });
    expect(again.stdout).toBe(cold.stdout);
  });
});
