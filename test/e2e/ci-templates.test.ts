// The CI files `ehcp init --ci github|gitlab` writes, run as a runner would run them: the
// YAML parsed with the `yaml` package, the checkout and install steps skipped (the test's
// shim puts `ehcp` on PATH; the checkout is a full clone of a bare remote), and every
// other `run:` / `script:` command executed exactly as the file holds it, with the
// variables the runner would set. Good pushes pass; bad ones fail.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { gitSync, initRepo, runEhcp, tempDir, userEnv } from '../helpers/cli.js';

const INSTALL = 'npm install --global ehcp';
const ZEROS = '0000000000000000000000000000000000000000';

interface JobRun {
  ok: boolean;
  /** Every step's stdout and stderr, in order. */
  log: string;
  /** $GITHUB_STEP_SUMMARY (GitHub) */
  summary: string;
  /** The folder the job ran in (artifacts land there). */
  dir: string;
}

// ---------------------------------------------------------------------------------------
// A tiny GitHub Actions runner: job env, step env, ${{ }} in env values only, GITHUB_ENV
// between steps, `if: success() || failure()`.

interface GithubEvent {
  before?: string;
  prBase?: string;
  vars?: { EHCP_FAIL_ON?: string };
}

function runGithubJob(workflowText: string, checkout: string, event: GithubEvent): JobRun {
  const workflow = parse(workflowText) as { jobs: Record<string, { env?: Record<string, string>; steps: Record<string, unknown>[] }> };
  const [job] = Object.values(workflow.jobs);
  const expressions: Record<string, string> = {
    "vars.EHCP_FAIL_ON || 'none'": event.vars?.EHCP_FAIL_ON ?? 'none',
    'github.event.before': event.before ?? '',
    'github.event.pull_request.base.sha': event.prBase ?? '',
    'github.event.repository.default_branch': 'main',
  };
  const resolve = (value: unknown) =>
    String(value).replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_m, expr: string) => {
      if (!(expr in expressions)) throw new Error(`the workflow uses an expression this test does not know: ${expr}`);
      return expressions[expr];
    });
  const work = tempDir('ehcp-gha-');
  const envFile = path.join(work, 'github_env');
  const summaryFile = path.join(work, 'step_summary.md');
  fs.writeFileSync(envFile, '');
  fs.writeFileSync(summaryFile, '');
  const jobEnv = Object.fromEntries(Object.entries(job.env ?? {}).map(([k, v]) => [k, resolve(v)]));
  let ok = true;
  let log = '';
  for (const step of job.steps) {
    if (step.uses) {
      expect(String(step.uses)).toMatch(/^actions\/(checkout|setup-node)@/);
      if (String(step.uses).startsWith('actions/checkout')) expect((step.with as Record<string, unknown>)['fetch-depth']).toBe(0);
      continue;
    }
    const run = String(step.run);
    if (run === INSTALL) continue;
    const condition = step.if === undefined ? 'success()' : String(step.if);
    if (!['success()', 'success() || failure()', 'always()'].includes(condition)) throw new Error(`unknown step condition ${condition}`);
    if (!ok && condition === 'success()') continue;
    const fromEnvFile = Object.fromEntries(
      fs
        .readFileSync(envFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          if (!/^[A-Z_][A-Z0-9_]*=/.test(line)) throw new Error(`unexpected GITHUB_ENV line: ${line}`);
          const at = line.indexOf('=');
          return [line.slice(0, at), line.slice(at + 1)];
        }),
    );
    const stepEnv = Object.fromEntries(Object.entries((step.env as Record<string, string>) ?? {}).map(([k, v]) => [k, resolve(v)]));
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', run], {
      cwd: checkout,
      encoding: 'utf8',
      env: userEnv({ CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_ENV: envFile, GITHUB_STEP_SUMMARY: summaryFile, ...jobEnv, ...fromEnvFile, ...stepEnv }),
    });
    log += `## ${String(step.name ?? run)} (exit ${r.status})\n${r.stdout}${r.stderr}`;
    if (r.status !== 0) ok = false;
  }
  return { ok, log, summary: fs.readFileSync(summaryFile, 'utf8'), dir: checkout };
}

// ---------------------------------------------------------------------------------------
// A tiny GitLab runner: job variables, before_script (only the install), script lines in
// one shell with errexit, as the GitLab runner runs them.

interface GitlabEvent {
  before?: string;
  mrBase?: string;
  failOn?: string;
}

function runGitlabJob(ciText: string, checkout: string, event: GitlabEvent): JobRun {
  const ci = parse(ciText) as Record<string, { variables?: Record<string, string>; before_script?: string[]; script: string[]; artifacts?: unknown }>;
  const job = ci.ehcp;
  expect(job.variables?.GIT_DEPTH).toBe('0');
  expect(job.before_script).toEqual([INSTALL]);
  const variables = { ...(job.variables ?? {}), ...(event.failOn ? { EHCP_FAIL_ON: event.failOn } : {}) };
  for (const v of Object.values(variables)) expect(v).not.toContain('$');
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', job.script.join('\n')], {
    cwd: checkout,
    encoding: 'utf8',
    env: userEnv({
      CI: 'true',
      GITLAB_CI: 'true',
      CI_DEFAULT_BRANCH: 'main',
      CI_COMMIT_BEFORE_SHA: event.before ?? ZEROS,
      ...(event.mrBase ? { CI_MERGE_REQUEST_DIFF_BASE_SHA: event.mrBase } : {}),
      ...variables,
    }),
  });
  return { ok: r.status === 0, log: r.stdout + r.stderr, summary: '', dir: checkout };
}

// ---------------------------------------------------------------------------------------
// The records: a bare remote, an officer's clone, and a fresh full clone per CI run.

interface Remote {
  remote: string;
  officer: string;
  noteFile: string;
  noteId: string;
  workflow: string;
  gitlab: string;
}

async function ok(cwd: string, args: string[]): Promise<string> {
  const r = await runEhcp(args, { cwd });
  if (r.code !== 0) throw new Error(`ehcp ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout.trim();
}

let template: Remote;

beforeAll(async () => {
  const seed = await initRepo({ ci: 'github' });
  // The GitLab file too, as `ehcp init --ci gitlab` writes it.
  const gitlabSeed = await initRepo({ ci: 'gitlab' });
  const gitlab = fs.readFileSync(path.join(gitlabSeed, '.gitlab-ci.yml'), 'utf8');
  const workflow = fs.readFileSync(path.join(seed, '.github/workflows/ehcp.yml'), 'utf8');
  await ok(seed, ['case', 'new', '--ref', 'T0042', '--name', 'Test Child Alpha', '--dob', '2015-06-01']);
  const noteFile = await ok(seed, ['note', 'new', '--case', 'T0042', '--date', '2024-03-05', '--kind', 'phone', '--summary', 'Called the school']);
  // An assessment request never decided: overdue, which only --fail-on overdue turns into a failure.
  await ok(seed, ['comm', 'new', '--case', 'T0042', '--direction', 'in', '--purpose', 'assessment-request', '--date', '2020-01-06', '--party', 'parent']);
  const dir = tempDir('ehcp-ci-');
  const remote = path.join(dir, 'remote.git');
  gitSync(dir, ['clone', '-q', '--bare', seed, remote]);
  template = { remote, officer: '', noteFile, noteId: path.basename(noteFile, '.yaml'), workflow, gitlab };
}, 120_000);

/** A copy of the remote and an officer's clone of it, for one test. */
function fresh(): Remote {
  const dir = tempDir('ehcp-ci-');
  const remote = path.join(dir, 'remote.git');
  fs.cpSync(template.remote, remote, { recursive: true });
  const officer = path.join(dir, 'officer');
  gitSync(dir, ['clone', '-q', remote, officer]);
  return { ...template, remote, officer };
}

/** What the runner checks out: a full clone of the remote at `sha` (fetch-depth: 0). */
function checkoutAt(remote: string, sha: string): string {
  const dir = path.join(tempDir('ehcp-runner-'), 'checkout');
  gitSync(path.dirname(dir), ['clone', '-q', remote, dir]);
  gitSync(dir, ['checkout', '-q', '--detach', sha]);
  return dir;
}

const head = (repo: string, rev = 'HEAD') => gitSync(repo, ['rev-parse', rev]).trim();

function handEditFinal(r: Remote): void {
  const abs = path.join(r.officer, r.noteFile);
  fs.writeFileSync(abs, fs.readFileSync(abs, 'utf8').replace('Called the school', 'Called the school twice'));
  gitSync(r.officer, ['commit', '-q', '--no-verify', '-am', 'T0042 correct the note by hand']);
}

/** Push main; return [before, after] as the push event carries them. */
function push(r: Remote, ref = 'main'): [string, string] {
  const before = gitSync(r.remote, ['rev-parse', '--verify', '--quiet', ref], {}).trim();
  gitSync(r.officer, ['push', '-q', 'origin', `HEAD:refs/heads/${ref}`]);
  return [before, head(r.remote, ref)];
}

describe('the generated GitHub workflow, run as written', () => {
  it('passes a good push (records added, amended and voided through ehcp) and writes the Markdown summary', async () => {
    const r = fresh();
    const comm = await ok(r.officer, ['comm', 'new', '--case', 'T0042', '--direction', 'out', '--purpose', 'other', '--date', '2024-03-06', '--party', 'school']);
    await ok(r.officer, ['record', 'amend', r.noteId, '--set', 'summary=Called the school twice']);
    await ok(r.officer, ['record', 'void', path.basename(comm, '.yaml'), '--reason', 'Logged against the wrong case']);
    const [before, after] = push(r);
    const job = runGithubJob(r.workflow, checkoutAt(r.remote, after), { before });
    expect(job.log).toMatch(/Validate records.*\(exit 0\)/);
    expect(job.ok, job.log).toBe(true);
    expect(job.summary).toContain('### ehcp validate');
    expect(job.log).toContain('0 errors');
  });

  it('fails a push that edits a final record by hand, with an annotation naming the file and the commit', async () => {
    const r = fresh();
    handEditFinal(r);
    const [before, after] = push(r);
    const job = runGithubJob(r.workflow, checkoutAt(r.remote, after), { before });
    expect(job.ok).toBe(false);
    expect(job.log).toMatch(new RegExp(`::error file=${r.noteFile.replace(/\./g, '\\.')},line=\\d+,col=\\d+,title=ehcp final-changed::.*in commit ${after.slice(0, 7)}`));
    expect(job.summary).toContain('final-changed');
    // The audit still runs after a failed validation, to show the deadlines anyway.
    expect(job.log).toMatch(/## Audit deadlines \(exit 0\)/);
  });

  it("fails a push with an invalid record, even when nothing final changed", async () => {
    const r = fresh();
    const bad = `cases/T0042/2024-03-09-note-bad000.yaml`;
    fs.writeFileSync(path.join(r.officer, bad), 'schema: note/v1\nid: 2024-03-09-note-bad000\ncase: T0042\nstatus: final\ndate: "2024-03-09"\nkind: telegram\nsummary: x\n');
    gitSync(r.officer, ['add', bad]);
    gitSync(r.officer, ['commit', '-q', '--no-verify', '-m', 'T0042 note by hand']);
    const [before, after] = push(r);
    const job = runGithubJob(r.workflow, checkoutAt(r.remote, after), { before });
    expect(job.ok).toBe(false);
    expect(job.log).toContain(`::error file=${bad}`);
  });

  it('a new branch (before = 40 zeros) is compared with where it left main: bad fails, good passes', async () => {
    const r = fresh();
    gitSync(r.officer, ['switch', '-q', '-c', 'hand-fix']);
    handEditFinal(r);
    gitSync(r.officer, ['push', '-q', 'origin', 'HEAD:refs/heads/hand-fix']);
    const bad = runGithubJob(r.workflow, checkoutAt(r.remote, head(r.remote, 'hand-fix')), { before: ZEROS });
    expect(bad.ok).toBe(false);
    expect(bad.log).toContain('final-changed');

    gitSync(r.officer, ['switch', '-q', '-c', 'good', 'origin/main']);
    await ok(r.officer, ['note', 'new', '--case', 'T0042', '--date', '2024-03-10', '--kind', 'email', '--summary', 'Emailed the school']);
    gitSync(r.officer, ['push', '-q', 'origin', 'HEAD:refs/heads/good']);
    const good = runGithubJob(r.workflow, checkoutAt(r.remote, head(r.remote, 'good')), { before: ZEROS });
    expect(good.ok, good.log).toBe(true);
  });

  it('a pull request is compared with its base; a force-pushed before-commit falls back to the merge base', async () => {
    const r = fresh();
    const base = head(r.remote, 'main');
    gitSync(r.officer, ['switch', '-q', '-c', 'pr']);
    handEditFinal(r);
    gitSync(r.officer, ['push', '-q', 'origin', 'HEAD:refs/heads/pr']);
    const pr = runGithubJob(r.workflow, checkoutAt(r.remote, head(r.remote, 'pr')), { prBase: base });
    expect(pr.ok).toBe(false);
    expect(pr.log).toContain('final-changed');
    // A before-commit the checkout does not have (history rewritten): compare with main.
    const gone = runGithubJob(r.workflow, checkoutAt(r.remote, head(r.remote, 'pr')), { before: 'f'.repeat(40) });
    expect(gone.ok).toBe(false);
    expect(gone.log).toContain('final-changed');
  });

  it('EHCP_FAIL_ON (a repository variable) makes audit findings fail the build', async () => {
    const r = fresh();
    const main = head(r.remote, 'main');
    const parent = head(r.remote, 'main~1');
    const lenient = runGithubJob(r.workflow, checkoutAt(r.remote, main), { before: parent });
    expect(lenient.ok, lenient.log).toBe(true);
    expect(lenient.log).toContain('assessment-decision');
    const strict = runGithubJob(r.workflow, checkoutAt(r.remote, main), { before: parent, vars: { EHCP_FAIL_ON: 'overdue' } });
    expect(strict.ok).toBe(false);
    expect(strict.log).toMatch(/## Validate records.*\(exit 0\)/);
    expect(strict.log).toMatch(/## Audit deadlines \(exit 1\)/);
  });
});

describe('the generated GitLab job, run as written', () => {
  it('passes a good push, with the JUnit report and the Markdown audit as artifacts', async () => {
    const r = fresh();
    await ok(r.officer, ['record', 'amend', r.noteId, '--set', 'summary=Called the school twice']);
    const [before, after] = push(r);
    const job = runGitlabJob(r.gitlab, checkoutAt(r.remote, after), { before });
    expect(job.ok, job.log).toBe(true);
    const junit = fs.readFileSync(path.join(job.dir, 'ehcp-validate.xml'), 'utf8');
    expect(junit).toContain('failures="0"');
    expect(fs.readFileSync(path.join(job.dir, 'ehcp-audit.md'), 'utf8')).toContain('assessment-decision');
    expect(job.log).toContain('assessment-decision'); // the Markdown is in the job log too
  });

  it('fails a push that edits a final record by hand, with the failure in the JUnit report', async () => {
    const r = fresh();
    handEditFinal(r);
    const [before, after] = push(r);
    const job = runGitlabJob(r.gitlab, checkoutAt(r.remote, after), { before });
    expect(job.ok).toBe(false);
    expect(job.log).toContain('ehcp validate failed');
    const junit = fs.readFileSync(path.join(job.dir, 'ehcp-validate.xml'), 'utf8');
    expect(junit).toMatch(/failures="[1-9]/);
    expect(junit).toContain('final-changed');
    // The audit ran anyway and its report is there.
    expect(fs.existsSync(path.join(job.dir, 'ehcp-audit.md'))).toBe(true);
  });

  it('a new branch (zeros) and a merge request are compared with main; EHCP_FAIL_ON fails on findings', async () => {
    const r = fresh();
    gitSync(r.officer, ['switch', '-q', '-c', 'hand-fix']);
    handEditFinal(r);
    gitSync(r.officer, ['push', '-q', 'origin', 'HEAD:refs/heads/hand-fix']);
    const branchHead = head(r.remote, 'hand-fix');
    const newBranch = runGitlabJob(r.gitlab, checkoutAt(r.remote, branchHead), { before: ZEROS });
    expect(newBranch.ok).toBe(false);
    expect(fs.readFileSync(path.join(newBranch.dir, 'ehcp-validate.xml'), 'utf8')).toContain('final-changed');
    const mr = runGitlabJob(r.gitlab, checkoutAt(r.remote, branchHead), { mrBase: head(r.remote, 'main') });
    expect(mr.ok).toBe(false);
    expect(fs.readFileSync(path.join(mr.dir, 'ehcp-validate.xml'), 'utf8')).toContain('final-changed');

    const main = head(r.remote, 'main');
    const strict = runGitlabJob(r.gitlab, checkoutAt(r.remote, main), { before: head(r.remote, 'main~1'), failOn: 'overdue' });
    expect(strict.ok).toBe(false);
    expect(strict.log).toContain('ehcp audit failed');
  });
});
