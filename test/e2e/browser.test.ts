// The report and an export in real Chromium (Debian's, driven by playwright-core): they open
// with no console error (a CSP refusal is one: the stylesheet's hash must match) and no
// request of any kind (every request is refused and counted); record text that holds
// markup, a script, a `</style>`, a javascript: link or bidirectional overrides executes
// nothing and shows literally; printing to PDF works. One browser for the whole file.
//
// Without /usr/bin/chromium the tests are skipped with a message, except in CI, where they
// must run (.ci/run installs chromium).

import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { initRepo, runEhcp, tempDir } from '../helpers/cli.js';

const CHROMIUM = '/usr/bin/chromium';
const available = fs.existsSync(CHROMIUM);
if (!available && !process.env.CI) {
  console.warn(`browser tests skipped: ${CHROMIUM} is not installed (apt-get install chromium). In CI they run.`);
}

const HOSTILE = {
  script: `<script>document.title='pwned-script'</script>`,
  img: `<img src=x onerror="document.title='pwned-img'">`,
  style: `</style><style>body{display:none}</style>`,
  link: `<a href="javascript:document.title='pwned-link'">click me</a>`,
  bidi: `Synthetic \u202Egnp.exe\u202C file`,
};
const ALL = Object.values(HOSTILE).join(' ');

let root: string;
let out: string;
let browser: Browser;

async function ehcp(args: string[], day: string) {
  const env = { GIT_AUTHOR_DATE: `${day}T12:00:00+00:00`, GIT_COMMITTER_DATE: `${day}T12:00:00+00:00` };
  const r = await runEhcp(args, { cwd: root, env });
  if (r.code !== 0) throw new Error(`ehcp ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r;
}

/** Open a file with every request refused and counted, console errors and dialogs collected. */
async function open(file: string): Promise<{ page: Page; requests: string[]; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, javaScriptEnabled: true });
  const page = await context.newPage();
  const url = pathToFileURL(file).href;
  const requests: string[] = [];
  const errors: string[] = [];
  await context.route('**/*', (route) => {
    if (route.request().url() === url) return route.continue();
    requests.push(route.request().url());
    return route.abort();
  });
  page.on('request', (r) => {
    if (r.url() !== url && !requests.includes(r.url())) requests.push(r.url());
  });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(100);
  return { page, requests, errors };
}

/** Nothing ran, nothing was injected, the text is shown as written. */
async function expectInert(page: Page, title: RegExp) {
  expect(await page.title()).toMatch(title);
  expect(await page.locator('script').count()).toBe(0);
  expect(await page.locator('img').count()).toBe(0);
  expect(await page.locator('a[href]').count()).toBe(0);
  expect(await page.locator('style').count()).toBe(1);
  expect(await page.locator('body').isVisible()).toBe(true);
  const shown = await page.locator('body').innerText();
  for (const text of [HOSTILE.script, HOSTILE.img, HOSTILE.style, HOSTILE.link]) expect(shown).toContain(text);
  // The bidi overrides are shown as codes, so they cannot reverse the text around them.
  expect(shown).toContain('Synthetic [U+202E]gnp.exe[U+202C] file');
  expect(shown).not.toContain('\u202E');
}

describe.skipIf(!available && !process.env.CI)('in Chromium', () => {
  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    root = await initRepo({ authority: `Synthetic ${HOSTILE.script} Council` });
    out = tempDir();
    await ehcp(['case', 'new', '--ref', 'C0001', '--officer', `Officer ${HOSTILE.img}`, '--opened', '2024-01-02', '--no-input'], '2024-01-02');
    await ehcp(['comm', 'new', '--case', 'C0001', '--purpose', 'assessment-request', '--date', '2024-01-02', '--party', 'parent', '--summary', ALL, '--no-input'], '2024-01-02');
    await ehcp(['comm', 'new', '--case', 'C0001', '--purpose', 'enquiry', '--direction', 'in', '--date', '2024-02-01', '--party', 'parent', '--summary', HOSTILE.bidi, '--no-input'], '2024-02-01');
    await ehcp(
      ['note', 'new', '--case', 'C0001', '--date', '2024-01-05', '--kind', 'phone', '--summary', ALL, '--no-input', '--set', `actions[0].action=${HOSTILE.link}`, '--set', 'actions[0].due=2024-01-20', '--set', `actions[0].owner=${HOSTILE.style}`],
      '2024-01-05',
    );
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('the report: no request, no console error, nothing executed, record text shown literally, prints to PDF', async () => {
    const file = path.join(out, 'report.html');
    const r = await runEhcp(['report', '--as-of', '2024-03-01', '--out', file], { cwd: root });
    expect(r.code, r.stderr).toBe(0);
    const { page, requests, errors } = await open(file);
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    expect(await page.title()).toBe(`SEND timeliness: Synthetic ${HOSTILE.script} Council`);
    expect(await page.locator('script, img, a[href]').count()).toBe(0);
    const shown = await page.locator('body').innerText();
    expect(shown).toContain(`Officer ${HOSTILE.img}`);
    // The stylesheet applied (its hash is right): the heading has the report's size.
    expect(await page.locator('h1').evaluate((h) => getComputedStyle(h).fontSize)).toBe('24px');
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(5000);
    await page.context().close();
  });

  it('an export: the same, with every hostile text shown as written; prints to PDF', async () => {
    const file = path.join(out, 'C0001.html');
    const r = await runEhcp(['export', '--case', 'C0001', '--out', file], { cwd: root });
    expect(r.code, r.stderr).toBe(0);
    const { page, requests, errors } = await open(file);
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    await expectInert(page, /^Case records C0001$/);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.context().close();
  });

  it('a page that loads a resource would be caught (the harness itself can fail)', async () => {
    const file = path.join(out, 'bad.html');
    fs.writeFileSync(file, '<!DOCTYPE html><html><head><title>x</title></head><body><img src="https://example.invalid/x.png"><script>console.error("ran")</script></body></html>');
    const { page, requests, errors } = await open(file);
    expect(requests.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toContain('ran');
    await page.context().close();
  });
});
