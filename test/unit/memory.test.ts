// store/read/memory.ts: the full garbage collection the first audit asks for after a large
// cold read (without --expose-gc on the command line).

import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../src/store/read/memory.js';

describe('collectGarbage', () => {
  it('frees unreachable objects at once (a young-generation pass alone would promote them)', () => {
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    // ~100 MB of objects that survive long enough to be promoted, then become garbage.
    let garbage: { n: number; s: string }[][] | undefined = Array.from({ length: 50 }, (_, i) => Array.from({ length: 20_000 }, (_, j) => ({ n: j, s: `value ${i} ${j}` })));
    const held = process.memoryUsage().heapUsed;
    expect(held - before).toBeGreaterThan(50 * 1024 * 1024);
    expect(garbage.length).toBe(50);
    garbage = undefined;
    collectGarbage();
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(20 * 1024 * 1024);
  });
});
