// What a run of the suite costs and checks, file by file (docs/testing.md, "Measuring the
// suite"). Off unless EHCP_TEST_STATS names a folder: then each test file writes one JSON line
// there — its path, the tests run, the `expect` calls they made (vitest's per-test
// assertionCalls, summed) and the CPU seconds its worker process and every child it waited for
// (git, the spawned binary, npm…) used while the file ran, in all and test by test (hooks such
// as beforeAll count for the file, not a test) — and `node test/helpers/suiteStats.mjs
// <folder>` adds them up. The CPU figure needs Linux's /proc; elsewhere it is left out. It counts
// a child when it is reaped, so a file's figure can include a little of the file before it in
// the same worker (a child still running when that file ended), and a worker's own start is in
// no file's figure: `/usr/bin/time -f '%e s %U u %S s' npx vitest run` gives the whole.

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, expect } from 'vitest';

const folder = process.env.EHCP_TEST_STATS;

/** This process's CPU seconds plus its waited-for children's, from /proc/self/stat. */
function cpuSeconds(): number | undefined {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    // Fields after the command name (which may hold spaces) start at field 3; utime is 14.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number);
    return (utime + stime + cutime + cstime) / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

if (folder) {
  const startCpu = cpuSeconds();
  let assertions = 0;
  let tests = 0;
  let file = '';
  let testStartCpu: number | undefined;
  const perTest: { name: string; cpu?: number }[] = [];
  beforeEach(() => {
    testStartCpu = cpuSeconds();
  });
  afterEach(() => {
    const state = expect.getState();
    assertions += state.assertionCalls;
    tests += 1;
    file ||= state.testPath ?? '';
    const end = cpuSeconds();
    perTest.push({ name: state.currentTestName ?? '', cpu: end !== undefined && testStartCpu !== undefined ? Math.round((end - testStartCpu) * 100) / 100 : undefined });
  });
  afterAll(() => {
    fs.mkdirSync(folder, { recursive: true });
    const name = `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`;
    const row = { file: path.relative(process.cwd(), file), tests, assertions, cpu: undefined as number | undefined, perTest };
    const endCpu = cpuSeconds();
    if (startCpu !== undefined && endCpu !== undefined) row.cpu = Math.round((endCpu - startCpu) * 100) / 100;
    fs.writeFileSync(path.join(folder, name), JSON.stringify(row) + '\n');
  });
}
