#!/usr/bin/env node
// Entry point. `--version` is answered before anything else loads (bar: under 150 ms).
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${pkg.version}\n`);
} else {
  const { main } = await import('../dist/bundle/ehcp.js');
  await main(process.argv);
}
