// Adds up the per-file figures test/helpers/suiteStats.ts wrote (docs/testing.md).
// Usage: node test/helpers/suiteStats.mjs <folder> [--files]   (--files: one line per file, by CPU)
import fs from 'node:fs';
import path from 'node:path';

const [folder, flag] = process.argv.slice(2);
const rows = fs
  .readdirSync(folder)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(fs.readFileSync(path.join(folder, f), 'utf8')));
rows.sort((a, b) => (b.cpu ?? 0) - (a.cpu ?? 0) || a.file.localeCompare(b.file));
if (flag === '--files') {
  console.log('   cpu s  asserts  tests  file');
  for (const r of rows) console.log(`${(r.cpu ?? NaN).toFixed(1).padStart(8)} ${String(r.assertions).padStart(8)} ${String(r.tests).padStart(6)}  ${r.file}`);
}
const sum = (k) => rows.reduce((s, r) => s + (r[k] ?? 0), 0);
console.log(`${rows.length} files, ${sum('tests')} tests, ${sum('assertions')} assertions, ${sum('cpu').toFixed(1)} CPU s`);
