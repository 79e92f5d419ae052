#!/usr/bin/env node
// Regenerates docs/report.png: the built-in demo's report (`ehcp demo`, then the report it
// writes) in Debian's Chromium at 1280x800. Run after `npm run build`, when the report or
// the demo changes:  node scripts/screenshot-report.mjs

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ehcp-shot-'));
const demo = path.join(dir, 'demo');
const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'ehcp.js'), 'demo', '--dir', demo], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
if (r.status !== 0 && r.status !== 1) {
  process.stderr.write(r.stderr);
  process.exit(2);
}
const reports = path.join(demo, '.ehcp', 'reports');
const report = path.join(reports, fs.readdirSync(reports).find((f) => f.endsWith('.html')));
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
await page.goto(`file://${report}`);
await page.screenshot({ path: path.join(ROOT, 'docs', 'report.png') });
await browser.close();
fs.rmSync(dir, { recursive: true, force: true });
process.stderr.write('docs/report.png written\n');
