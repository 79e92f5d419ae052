// Runs the ehcp CLI in this process and writes its peak resident memory (KB) to a file:
// the benchmark's fallback where /usr/bin/time is not installed.
//   node bench/peak.mjs OUT.json audit --as-of 2026-11-16
import fs from 'node:fs';

const [out, ...args] = process.argv.slice(2);
process.on('exit', () => fs.writeFileSync(out, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS })));
const { main } = await import('../dist/cli/main.js');
await main([process.argv[0], new URL('../bin/ehcp.js', import.meta.url).pathname, ...args]);
