// The order vitest starts test files in: the longest first, so that the few long files (the
// CI-template runs take ~40 s each) start at once and the many short ones fill the other
// workers around them, instead of a long file starting last and running alone at the end.
//
// vitest's own order does this only from its results cache (node_modules/.vite), which a fresh
// `npm ci` or CI checkout does not have; without it vitest runs the largest files first, and the
// CI-template test files are two-line files. So the order comes from test/durations.json (the
// recorded time per file; `node test/helpers/writeDurations.mjs`, docs/testing.md), then from
// vitest's cache for a file not recorded yet. A file known to neither (a new one) starts right
// after the five longest recorded files: a batch of new small files does not hold the long ones
// back, and a new long file still starts early.

import fs from 'node:fs';
import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const recorded: Record<string, number> = JSON.parse(fs.readFileSync(new URL('./durations.json', import.meta.url), 'utf8'));

/** Just under the fifth-longest recorded time: where a file known to neither goes. */
const UNKNOWN_FILE_SECONDS = (Object.values(recorded).sort((a, b) => b - a)[4] ?? 0) - 0.001;

export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const seconds = (file: TestSpecification): number => {
      const rel = path.relative(root, file.moduleId).split(path.sep).join('/');
      if (rel in recorded) return recorded[rel];
      const cached = this.ctx.cache.getFileTestResults(`${file.project.name}:${path.relative(root, file.moduleId)}`);
      return cached ? cached.duration / 1000 : UNKNOWN_FILE_SECONDS;
    };
    const weight = new Map(files.map((f) => [f, seconds(f)]));
    return [...files].sort((a, b) => weight.get(b)! - weight.get(a)! || a.moduleId.localeCompare(b.moduleId));
  }
}
