import os from 'node:os';
import { defineConfig } from 'vitest/config';
import LongestFirstSequencer from './test/sequencer.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Per-file tests, assertions and CPU when EHCP_TEST_STATS is set (docs/testing.md).
    setupFiles: ['test/helpers/suiteStats.ts'],
    // End-to-end tests spawn the built binary and real git; give them room on 2 cores.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Forks, not threads: the in-process runs swap process.env and read process.exitCode,
    // and the dependency check changes directory (none of which a worker thread may do).
    pool: 'forks',
    // vitest's default is one worker fewer than the cores: a single worker on 2 cores. Most
    // of a test's time is spent waiting for git, npm or the spawned binary, so one more
    // worker than cores keeps the CPUs busy (on 2 cores: 3 files at a time).
    maxWorkers: os.availableParallelism() + 1,
    // The longest files first (test/durations.json), so no long file starts last and runs alone.
    sequence: { sequencer: LongestFirstSequencer },
  },
});
