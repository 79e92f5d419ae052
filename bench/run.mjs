#!/usr/bin/env node
// `npm run bench`: the figures behind the quality bars in docs/performance.md, measured on a
// benchmark repository of 5,000 synthetic cases × ~30 records (about 150,000 records, one
// commit each), built once with the demo generator and git fast-import and kept under
// .bench/ (git-ignored). Benchmarks are not tests: this prints figures, and the bars they
// are compared with; it never fails a build.
//
//   npm run bench                    # build (first time only, several minutes) and measure
//   node bench/run.mjs --cases 500   # a smaller repository, for a quick look
//   node bench/run.mjs --rebuild     # build the benchmark repository again
//
// Run `npm run build` first when calling this file directly.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'ehcp.js');
const PEAK = path.join(ROOT, 'bench', 'peak.mjs');
const AJV = path.join(ROOT, 'node_modules', 'ajv-cli', 'dist', 'index.js');

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const CASES = Number(option('--cases', '5000'));
const SEED = Number(option('--seed', '1'));
const RUNS = Number(option('--runs', '5'));
const REBUILD = args.includes('--rebuild');
/** flat or sharded (core/layout.ts); absent: the demo's default for the size (sharded from 1,000 cases). */
const LAYOUT = option('--layout', '');

const say = (m) => process.stderr.write(`${m}\n`);
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

// ---------------------------------------------------------------------------------------
// The benchmark repository, built once per generator version

function generatorHash() {
  const hash = createHash('sha256');
  const dir = path.join(ROOT, 'dist', 'demo');
  for (const f of fs.readdirSync(dir).sort()) if (f.endsWith('.js')) hash.update(f).update(fs.readFileSync(path.join(dir, f)));
  return hash.digest('hex').slice(0, 16);
}

async function benchRepository() {
  const { generateDemoRepository, DEMO_AS_OF } = await import(path.join(ROOT, 'dist', 'demo', 'generate.js'));
  const name = `repo-${CASES}-seed${SEED}${LAYOUT ? `-${LAYOUT}` : ''}`;
  const dir = path.join(ROOT, '.bench', name);
  const stamp = path.join(ROOT, '.bench', `${name}.json`);
  const want = { cases: CASES, seed: SEED, generator: generatorHash() };
  let have;
  try {
    have = JSON.parse(fs.readFileSync(stamp, 'utf8'));
  } catch {
    /* not built */
  }
  if (!REBUILD && have && have.generator === want.generator && fs.existsSync(path.join(dir, 'ehcp.config.yaml'))) {
    say(`Benchmark repository: ${path.relative(ROOT, dir)} (${have.records} records, ${have.commits} commits; built ${have.built})`);
    return { dir, asOf: DEMO_AS_OF, info: have };
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(stamp, { force: true });
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  say(`Building the benchmark repository (${CASES} cases, seed ${SEED}) in ${path.relative(ROOT, dir)}: once, several minutes for 5,000 cases...`);
  const started = Date.now();
  const summary = await generateDemoRepository(dir, { cases: CASES, seed: SEED, asOf: DEMO_AS_OF, ehcpBin: BIN, ...(LAYOUT ? { layout: LAYOUT } : {}), progress: (m) => say(`  ${m}`) });
  // An identity for `ehcp minutes new` (the repository's own setting; the demo's history has its officers).
  git(dir, ['config', 'user.name', 'Bench Officer Test']);
  git(dir, ['config', 'user.email', 'bench.test@example.invalid']);
  const info = { ...want, records: summary.records, commits: summary.commits, files: summary.records + summary.cases + 1, built: new Date().toISOString(), buildSeconds: Math.round((Date.now() - started) / 1000) };
  fs.writeFileSync(stamp, JSON.stringify(info, null, 2) + '\n');
  say(`  built in ${info.buildSeconds} s`);
  return { dir, asOf: DEMO_AS_OF, info };
}

function git(cwd, gitArgs) {
  const r = spawnSync('git', gitArgs, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${gitArgs.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

// ---------------------------------------------------------------------------------------
// Measuring

function run(command, commandArgs, cwd, env = {}) {
  const t = process.hrtime.bigint();
  const r = spawnSync(command, commandArgs, { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  return { seconds, code: r.status, stderr: r.stderr?.toString('utf8') ?? '' };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function ehcp(cwd, ehcpArgs, env) {
  return run(process.execPath, [BIN, ...ehcpArgs], cwd, env);
}

/** Peak resident memory (MB) of one ehcp run: /usr/bin/time -v when present, else a wrapper reading process.resourceUsage(). */
function peak(cwd, ehcpArgs) {
  if (fs.existsSync('/usr/bin/time')) {
    const t = process.hrtime.bigint();
    const r = spawnSync('/usr/bin/time', ['-v', process.execPath, BIN, ...ehcpArgs], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
    if (m) return { seconds: Number(process.hrtime.bigint() - t) / 1e9, code: r.status, mb: Number(m[1]) / 1024, how: '/usr/bin/time -v' };
  }
  const out = path.join(os.tmpdir(), `ehcp-peak-${process.pid}.json`);
  const r = run(process.execPath, [PEAK, out, ...ehcpArgs], cwd);
  const { maxRssKb } = JSON.parse(fs.readFileSync(out, 'utf8'));
  fs.rmSync(out, { force: true });
  return { ...r, mb: maxRssKb / 1024, how: 'process.resourceUsage().maxRSS' };
}

function clearCaches(dir) {
  fs.rmSync(path.join(dir, '.ehcp', 'cache'), { recursive: true, force: true });
}

/**
 * ajv-cli over the same files and the repository's own (bundled) schemas, one run per
 * schema. The files are counted from the folder, not from ajv-cli's output: its piped
 * output is cut off when it exits, so counting its "valid" lines undercounts. Its output
 * is discarded; the exit code says whether every file passed.
 */
async function ajvCli(dir) {
  // The case folders: cases/<REF>/, or cases/<xx>/<REF>/ in the sharded layout (read as ehcp reads it).
  const { repositoryLayout } = await import(path.join(ROOT, 'dist', 'store', 'paths.js'));
  const sharded = repositoryLayout(dir) === 'sharded';
  const folder = sharded ? 'cases/*/*' : 'cases/*';
  const groups = [
    ['schemas/case.schema.json', `${folder}/case.yaml`, (f) => f === 'case.yaml'],
    ['schemas/minutes.schema.json', `${folder}/*-minutes-*.yaml`, (f) => f.includes('-minutes-') && f.endsWith('.yaml')],
    ['schemas/note.schema.json', `${folder}/*-note-*.yaml`, (f) => f.includes('-note-') && f.endsWith('.yaml')],
    ['schemas/communication.schema.json', `${folder}/*-comm-*.yaml`, (f) => f.includes('-comm-') && f.endsWith('.yaml')],
  ];
  const top = fs.readdirSync(path.join(dir, 'cases'));
  const caseDirs = sharded ? top.flatMap((s) => fs.readdirSync(path.join(dir, 'cases', s)).map((c) => path.join(s, c))) : top;
  let seconds = 0;
  let files = 0;
  const failures = [];
  for (const [schema, glob, matches] of groups) {
    for (const c of caseDirs) files += fs.readdirSync(path.join(dir, 'cases', c)).filter(matches).length;
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [AJV, 'validate', '--spec=draft2020', '-c', 'ajv-formats', '-s', schema, '-d', glob], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 30 });
    seconds += Number(process.hrtime.bigint() - t) / 1e9;
    if (r.status !== 0) failures.push(`${schema}: exit ${r.status}: ${r.stderr.split('\n').filter(Boolean).slice(0, 2).join(' ')}`);
  }
  return { seconds, files, failures };
}

/** A fresh clone of the benchmark repository (no .ehcp cache), as CI and a new officer's laptop start. */
function freshClone(dir) {
  const clone = fs.mkdtempSync(path.join(os.tmpdir(), 'ehcp-bench-clone-'));
  git(os.tmpdir(), ['clone', '--quiet', '--no-hardlinks', dir, clone]);
  return clone;
}

// ---------------------------------------------------------------------------------------

async function main() {
  for (const f of [BIN, AJV, path.join(ROOT, 'dist', 'cli', 'main.js')]) {
    if (!fs.existsSync(f)) {
      say(`${path.relative(ROOT, f)} is missing: run \`npm install\` and \`npm run build\` (npm run bench does both).`);
      process.exit(2);
    }
  }
  const { dir, asOf, info } = await benchRepository();
  const files = Number(info.files ?? 0);
  const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  say(`Machine: ${os.cpus().length} cores, Node ${process.versions.node}, load average ${load} (other work on the machine slows every figure).`);
  const rows = [];
  const row = (measure, figure, bar, pass, note = '') => {
    rows.push({ measure, figure, bar, pass: pass === undefined ? 'n/a' : pass ? 'pass' : 'FAIL', note });
    say(`  ${measure}: ${figure}${note ? ` (${note})` : ''}`);
  };

  // 1. Full cold validate, against ajv-cli on the same files, taken in turns so that other
  //    work on the machine weighs on both alike.
  const rounds = Number(option('--cold-rounds', '2'));
  say(`Measuring a full cold \`ehcp validate\` (no cache) and ajv-cli on the same files and schemas, in turns (${rounds} rounds)...`);
  const colds = [];
  const ajvs = [];
  let coldExit = 0;
  for (let i = 0; i < rounds; i++) {
    ajvs.push(await ajvCli(dir));
    clearCaches(dir);
    const cold = ehcp(dir, ['validate']);
    coldExit = cold.code ?? 2;
    colds.push(cold.seconds);
  }
  const coldSeconds = median(colds);
  const ajv = ajvs[0];
  const ajvSeconds = median(ajvs.map((a) => a.seconds));
  const ratio = coldSeconds / ajvSeconds;
  row('cold `ehcp validate` (all files, no cache)', `${coldSeconds.toFixed(1)} s = ${ratio.toFixed(2)}x ajv-cli`, '<= 0.7x ajv-cli', ratio <= 0.7 && coldExit === 0, `${files} files (the config included); median of ${rounds}: ${colds.map((c) => c.toFixed(1)).join(', ')} s; exit ${coldExit}`);
  row('ajv-cli 5 on the same files (--spec=draft2020 -c ajv-formats)', `${ajvSeconds.toFixed(1)} s`, '(reference)', undefined, `${ajv.files} record and case files counted in the folders, one run per schema; median of ${rounds}: ${ajvs.map((a) => a.seconds.toFixed(1)).join(', ')} s${ajv.failures.length ? `; ajv-cli failures: ${ajv.failures.join('; ')}` : ''}`);

  // 2. Repeat validate and repeat audit with nothing changed.
  say('Measuring repeat `ehcp validate` and `ehcp audit` with nothing changed...');
  ehcp(dir, ['validate']); // settles the cache (and the scan marker)
  const validates = Array.from({ length: RUNS }, () => ehcp(dir, ['validate']).seconds);
  row('repeat `ehcp validate`, nothing changed', `${median(validates).toFixed(2)} s`, '(no bar)', undefined, `median of ${RUNS}`);
  const auditArgs = ['audit', '--as-of', asOf, '--format', 'json'];
  const firstAudit = ehcp(dir, auditArgs);
  const audits = Array.from({ length: RUNS }, () => ehcp(dir, auditArgs).seconds);
  row('repeat `ehcp audit`, nothing changed', `${median(audits).toFixed(2)} s`, '< 1 s', median(audits) < 1, `median of ${RUNS}; first audit (history not yet cached) ${firstAudit.seconds.toFixed(1)} s`);

  // 3. The first audit in a fresh clone (no cache at all, as every CI run starts), and
  //    peak memory of a full audit, cold and repeat.
  say('Measuring the first audit in a fresh clone and peak memory of a full audit...');
  const clone = freshClone(dir);
  const firstPeak = peak(clone, auditArgs);
  fs.rmSync(clone, { recursive: true, force: true });
  row('first `ehcp audit` in a fresh clone (no cache)', `${firstPeak.seconds.toFixed(1)} s`, '< 15 s', firstPeak.seconds < 15 && firstPeak.code !== 2, `exit ${firstPeak.code}`);
  const warmPeak = peak(dir, auditArgs);
  const worst = Math.max(warmPeak.mb, firstPeak.mb);
  row('peak memory of a full audit', `${Math.round(worst)} MB`, '< 512 MB', worst < 512, `the larger of the first audit in a fresh clone (${Math.round(firstPeak.mb)} MB) and a repeat one (${Math.round(warmPeak.mb)} MB); ${firstPeak.how}`);

  // 4. A write never reads the whole repository.
  say('Measuring `ehcp minutes new --no-input`...');
  const head = git(dir, ['rev-parse', 'HEAD']).trim();
  const writes = [];
  for (let i = 0; i < RUNS; i++) {
    const r = ehcp(dir, ['minutes', 'new', '--case', 'C0001', '--kind', 'case-discussion', '--date', asOf, '--no-input']);
    if (r.code !== 0) {
      writes.length = 0;
      say(`  ehcp minutes new failed (exit ${r.code}): ${r.stderr.trim().split('\n')[0]}`);
      break;
    }
    writes.push(r.seconds);
  }
  // Put the benchmark repository back as it was.
  git(dir, ['reset', '--quiet', '--hard', head]);
  git(dir, ['clean', '--quiet', '-fd', '--', 'cases']);
  if (writes.length) row('`ehcp minutes new --no-input` (write + commit)', `${median(writes).toFixed(2)} s`, '< 0.5 s', median(writes) < 0.5, `median of ${RUNS}`);
  else row('`ehcp minutes new --no-input`', 'failed', '< 0.5 s', false);

  // 5. Start-up.
  const versions = Array.from({ length: Math.max(RUNS, 5) }, () => ehcp(dir, ['--version']).seconds);
  row('`ehcp --version`', `${Math.round(median(versions) * 1000)} ms`, '< 100 ms', median(versions) < 0.1, `median of ${versions.length}`);

  // The table.
  const widths = ['measure', 'figure', 'bar', 'pass'].map((k) => Math.max(k.length, ...rows.map((r) => String(r[k]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
  const out = [
    '',
    `ehcp ${pkg.version} benchmark: ${CASES} cases, ${info.records} records, ${info.commits} commits (${files} files); ${os.cpus().length} cores; Node ${process.versions.node}; load ${load}`,
    '',
    line(['measure', 'figure', 'bar', 'pass']),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line([r.measure, r.figure, r.bar, r.pass])),
    '',
    'Notes:',
    ...rows.filter((r) => r.note).map((r) => `  ${r.measure}: ${r.note}`),
    '',
  ].join('\n');
  process.stdout.write(out);
}

await main();
