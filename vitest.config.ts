import os from 'node:os';
import { defineConfig } from 'vitest/config';
import LongestFirstSequencer from './test/sequencer.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Test files share worker processes (isolate: false below); processState.ts puts back what a
    // file changed in the process (environment, TZ, working directory, exit code) when it ends.
    // suiteStats.ts: per-file tests, assertions and CPU when EHCP_TEST_STATS is set (docs/testing.md).
    setupFiles: ['test/helpers/processState.ts', 'test/helpers/suiteStats.ts'],
    // End-to-end tests spawn the built binary and real git; give them room on 2 cores.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Forks, not threads: the in-process runs swap process.env and read process.exitCode,
    // and the dependency check changes directory (none of which a worker thread may do).
    pool: 'forks',
    // No fresh process per test file: starting one and loading vitest cost ~0.3 s of CPU a file
    // (~20 s a run on 65 files). Safe because processState.ts restores what a file changes and
    // no test mocks modules (vi.mock would leak into the next file in the worker).
    isolate: false,
    // vitest's default is one worker fewer than the cores: a single worker on 2 cores. Most
    // of a test's time is spent waiting for git, npm or the spawned binary, so one more
    // worker than cores keeps the CPUs busy (on 2 cores: 3 files at a time).
    maxWorkers: os.availableParallelism() + 1,
    // The longest files first (test/durations.json), so no long file starts last and runs alone.
    sequence: { sequencer: LongestFirstSequencer },
  },
});
