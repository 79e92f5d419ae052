// `ehcp demo` end to end: the built binary builds a synthetic repository with real git
// history by several officers; every record validates, git's own check passes, the same
// seed gives the same repository (commit ids included), the audit finds something in every
// category, and a folder that holds anything is refused and left untouched. The builds
// spawn the binary; the reads of what they built and the refusals (bad flags, an occupied
// folder) run in this process through runCli.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gitSync, runEhcp, tempDir, treeSnapshot, type RunResult } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inProcess.js';

const AS_OF = '2026-11-16';
let base: string;
let full: string; // the default demo: 25 cases, seed 1
let fullRun: RunResult;

beforeAll(async () => {
  base = tempDir('ehcp-demo-test-');
  full = path.join(base, 'full');
  fullRun = await runEhcp(['demo', '--dir', full], { cwd: base });
});

describe('ehcp demo', () => {
  it('builds the repository, validates it, audits it and says what to try next', () => {
    expect(fullRun.code).toBe(0);
    expect(fullRun.stderr).toMatch(/Built 25 synthetic cases with \d+ records in \d+ commits by \d+ officers/);
    expect(fullRun.stderr).toContain('The demo repository is in full\n'); // relative to where it was run
    expect(fullRun.stderr).toContain('  cd full\n');
    expect(fullRun.stderr).toMatch(new RegExp(`ehcp(\\.js)? audit --as-of ${AS_OF}`)); // node …/bin/ehcp.js unless ehcp on PATH is this one
    expect(fullRun.stderr).toMatch(/ehcp(\.js)? case show C\d{4}/);
    expect(fullRun.stdout).toMatch(/files checked: 0 errors/);
    expect(fullRun.stdout).toContain(`As of ${AS_OF}:`);
    expect(fullRun.stderr).not.toMatch(/\n\s+at .*\.js:\d+/); // no stack trace
    // It ends by writing the report, under the ignored .ehcp/ folder, and saying where.
    const report = path.join(full, '.ehcp', 'reports', `report-${AS_OF}.html`);
    expect(fullRun.stderr).toContain(`Its report (open it in a browser): ${fs.realpathSync(report)}`);
    expect(fs.readFileSync(report, 'utf8')).toMatch(/^<!DOCTYPE html>[\s\S]*SEN2 timeliness/);
    expect(gitSync(full, ['status', '--porcelain', '--ignored=no', '.ehcp'])).toBe('');
  });

  it('looks as if `ehcp init` made it, and every record passes `ehcp validate`', async () => {
    expect(fs.readFileSync(path.join(full, 'ehcp.config.yaml'), 'utf8')).toContain('authority: Demo Borough Council (synthetic)');
    for (const f of ['.gitattributes', '.gitignore', '.git/hooks/pre-commit', 'schemas/minutes.schema.json', '.github/workflows/ehcp.yml']) {
      expect(fs.existsSync(path.join(full, f)), f).toBe(true);
    }
    expect(fs.readFileSync(path.join(full, '.git/hooks/pre-commit'), 'utf8')).toContain('# ehcp pre-commit hook');
    const root = gitSync(full, ['rev-list', '--max-parents=0', 'HEAD']).trim();
    const first = gitSync(full, ['log', '--format=%s', '-1', root]).trim();
    expect(first).toBe('ehcp init: records repository set up');
    const r = await runInProcess(['validate', '--format', 'json'], { cwd: full });
    const report = JSON.parse(r.stdout) as { problems: { severity: string; rule: string }[] };
    expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
    // The one deliberate integrity fault: a record whose commit "failed".
    expect(report.problems.map((p) => p.rule)).toEqual(['uncommitted']);
    expect(r.code).toBe(0);
  });

  it('has git history by several synthetic officers, with the writing commands’ messages and trailers', () => {
    const authors = new Set(gitSync(full, ['log', '--format=%an <%ae>']).trim().split('\n'));
    expect(authors.size).toBeGreaterThanOrEqual(5);
    for (const a of authors) expect(a).toMatch(/^[A-Z][a-z]+( [A-Z][a-z]+)* Test <[a-z]+\.test@example\.invalid>$/);
    const log = gitSync(full, ['log', '--format=%s%x1f%(trailers:only,unfold)%x1e']);
    const commits = log.split('\x1e').map((c) => c.trim()).filter(Boolean);
    expect(commits.length).toBeGreaterThan(500);
    let records = 0;
    for (const c of commits) {
      const [subject, trailers] = c.split('\x1f');
      const m = /^(C\d{4}) (minutes|note|communication) (\d{4}-\d{2}-\d{2}-(?:minutes|note|comm)-[a-z0-9]{6}) (create|finalise)$/.exec(subject);
      if (m) {
        records++;
        expect(trailers).toContain(`Ehcp-Case: ${m[1]}`);
        expect(trailers).toContain(`Ehcp-Record: ${m[3]}`);
        expect(trailers).toContain(`Ehcp-Action: ${m[4]}`);
      } else {
        expect(subject).toMatch(/^(C\d{4} case create|ehcp init: records repository set up|Tidy the wording of a letter summary)$/);
      }
    }
    expect(records).toBeGreaterThan(500);
    // Spread over years of past dates, and commits follow events (most within days).
    const days = gitSync(full, ['log', '--format=%ad', '--date=short']).trim().split('\n');
    expect(days.every((d) => d <= AS_OF)).toBe(true);
    expect(new Set(days.map((d) => d.slice(0, 4))).size).toBeGreaterThanOrEqual(3);
  });

  it('passes git fsck', () => {
    const r = gitSync(full, ['fsck', '--strict', '--no-progress']);
    expect(r).not.toMatch(/error|missing|broken/i);
  });

  it('holds only obviously synthetic people', () => {
    const cases = fs.readdirSync(path.join(full, 'cases'));
    expect(cases).toHaveLength(25);
    for (const ref of cases) {
      const text = fs.readFileSync(path.join(full, 'cases', ref, 'case.yaml'), 'utf8');
      expect(text).toMatch(/\nname: Test Child [A-Z][a-z]+ \d{4}\n/);
    }
    expect(gitSync(full, ['log', '--format=%B']).toLowerCase()).not.toContain('test child');
  });

  it('gives the audit something to report in every category', async () => {
    const r = await runInProcess(['audit', '--as-of', AS_OF, '--format', 'json'], { cwd: full });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { findings: { category: string; rule: string; exception?: unknown }[] };
    const categories = new Set(report.findings.map((f) => f.category));
    for (const c of ['overdue', 'due-soon', 'missing-record', 'late', 'late-record', 'stale-draft', 'overdue-action', 'integrity']) {
      expect(categories, c).toContain(c);
    }
    const rules = new Set(report.findings.map((f) => f.rule));
    for (const rule of ['hearing-minutes', 'meeting-minutes', 'reply', 'annual-review-due', 'final-plan', 'assessment-decision', 'appeal-response']) {
      expect(rules, rule).toContain(rule);
    }
  });

  it('builds the same repository from the same seed, and another from another seed', async () => {
    const a = path.join(base, 'a');
    const b = path.join(base, 'b');
    const c = path.join(base, 'c');
    const runs = await Promise.all([
      runEhcp(['demo', '--dir', a, '--cases', '6', '--seed', '7'], { cwd: base }),
      runEhcp(['demo', '--dir', b, '--cases', '6', '--seed', '7'], { cwd: base }),
      runEhcp(['demo', '--dir', c, '--cases', '6', '--seed', '8'], { cwd: base }),
    ]);
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const head = (dir: string) => gitSync(dir, ['rev-parse', 'HEAD']).trim();
    expect(head(a)).toBe(head(b));
    expect(head(a)).not.toBe(head(c));
    const files = (dir: string) => {
      const snap = treeSnapshot(dir);
      delete snap[path.join('.git')];
      return snap;
    };
    expect(files(a)).toEqual(files(b));
  });

  it('--commits day: fewer commits, and the same audit (only commit ids differ), each record first committed on its day by its author', async () => {
    const daily = path.join(base, 'daily');
    const r = await runEhcp(['demo', '--dir', daily, '--commits', 'day'], { cwd: base });
    expect(r.code, r.stderr).toBe(0);
    const count = (dir: string) => Number(gitSync(dir, ['rev-list', '--count', 'HEAD']).trim());
    expect(count(daily)).toBeLessThan(count(full));
    // Each record's first commit: the same day and author in both histories.
    const firsts = (dir: string) => {
      const out = new Map<string, string>();
      const log = gitSync(dir, ['log', '--reverse', '--diff-filter=A', '--name-only', '--format=%x1e%cs %an']);
      for (const chunk of log.split('\x1e').filter(Boolean)) {
        const [who, ...files] = chunk.trim().split('\n');
        for (const f of files) if (f.startsWith('cases/') && !out.has(f)) out.set(f, who);
      }
      return out;
    };
    expect(firsts(daily)).toEqual(firsts(full));
    const audit = async (dir: string) => {
      const a = await runInProcess(['audit', '--as-of', AS_OF, '--format', 'json'], { cwd: dir });
      expect(a.code, a.stderr).toBe(0);
      return a.stdout.replace(/\b[0-9a-f]{7,40}\b/g, '<commit>');
    };
    expect(await audit(daily)).toBe(await audit(full));
    const bad = await runInProcess(['demo', '--dir', path.join(base, 'never'), '--commits', 'week'], { cwd: base });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--commits must be record or day/);
    expect(fs.existsSync(path.join(base, 'never'))).toBe(false);
  });

  it('refuses a folder that holds anything, and changes nothing in it', async () => {
    const dir = path.join(base, 'occupied');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'keep.txt'), 'precious');
    const before = treeSnapshot(dir);
    const r = await runInProcess(['demo', '--dir', dir], { cwd: base });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('already exists and is not empty');
    expect(r.stderr).toMatch(/Remove it first|another --dir/);
    expect(treeSnapshot(dir)).toEqual(before);
    expect(fs.existsSync(path.join(dir, '.git'))).toBe(false);
  });

  it('uses a new temporary folder when --dir is not given', async () => {
    const r = await runEhcp(['demo', '--cases', '2'], { cwd: base });
    expect(r.code, r.stderr).toBe(0);
    const dir = /The demo repository is in (.+)\n/.exec(r.stderr)?.[1];
    expect(dir).toBeDefined();
    expect(path.basename(dir!)).toMatch(/^ehcp-demo-/);
    expect(fs.existsSync(path.join(dir!, 'ehcp.config.yaml'))).toBe(true);
    fs.rmSync(dir!, { recursive: true, force: true });
  });

  it('rejects a bad --cases, --seed or --as-of with exit 2', async () => {
    for (const args of [['--cases', '0'], ['--cases', 'many'], ['--seed', '1.5'], ['--as-of', '2026-02-30']]) {
      const r = await runInProcess(['demo', '--dir', path.join(base, 'never'), ...args], { cwd: base });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/must be|not a real calendar date/);
    }
    expect(fs.existsSync(path.join(base, 'never'))).toBe(false);
  });

  it('--layout sharded lays case folders out under their shard, and the repository validates', async () => {
    const dir = path.join(base, 'sharded');
    const r = await runInProcess(['demo', '--dir', dir, '--cases', '3', '--layout', 'sharded'], { cwd: base });
    expect(r.code, r.stderr).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'ehcp.config.yaml'), 'utf8')).toMatch(/^layout: sharded$/m);
    const folders = gitSync(dir, ['ls-tree', '-d', '--name-only', 'HEAD:cases']).trim().split('\n');
    expect(folders.length).toBeGreaterThan(0);
    for (const shard of folders) expect(shard).toMatch(/^[0-9a-f]{2}$/);
    expect((await runInProcess(['validate'], { cwd: dir })).code).toBe(0);
    const bad = await runInProcess(['demo', '--dir', path.join(base, 'never'), '--layout', 'deep'], { cwd: base });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--layout must be flat or sharded');
  });
});
