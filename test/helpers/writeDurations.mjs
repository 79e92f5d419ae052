// Refreshes test/durations.json, the recorded time of each test file that test/sequencer.ts
// uses to start the longest files first (docs/testing.md, "Keeping it fast"), from a report of
// a full run:
//   npx vitest run --reporter=json --outputFile=/tmp/vitest.json
//   node test/helpers/writeDurations.mjs /tmp/vitest.json
// Only the order matters, so figures from a loaded machine do as well as quiet ones.
import fs from 'node:fs';
import path from 'node:path';

const report = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const root = process.cwd();
const durations = Object.fromEntries(
  report.testResults
    .map((f) => [path.relative(root, f.name), Math.round((f.endTime - f.startTime) / 100) / 10])
    .sort(([a, da], [b, db]) => db - da || a.localeCompare(b)),
);
fs.writeFileSync(path.join(root, 'test/durations.json'), JSON.stringify(durations, null, 2) + '\n');
console.log(`test/durations.json: ${Object.keys(durations).length} files`);
