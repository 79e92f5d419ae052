// Adds up the per-file figures test/helpers/suiteStats.ts wrote (docs/testing.md).
// Usage: node test/helpers/suiteStats.mjs <folder> [--files | --tests N]
//   --files: one line per file, by CPU; --tests N: the N tests that took the most CPU
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
if (flag === '--tests') {
  const tests = rows.flatMap((r) => (r.perTest ?? []).map((t) => ({ ...t, file: r.file })));
  tests.sort((a, b) => (b.cpu ?? 0) - (a.cpu ?? 0));
  for (const t of tests.slice(0, Number(process.argv[4] ?? 20))) console.log(`${(t.cpu ?? NaN).toFixed(2).padStart(7)}  ${path.basename(t.file)}  ${t.name.slice(0, 120)}`);
}
const sum = (k) => rows.reduce((s, r) => s + (r[k] ?? 0), 0);
console.log(`${rows.length} files, ${sum('tests')} tests, ${sum('assertions')} assertions, ${sum('cpu').toFixed(1)} CPU s`);
