// The files `ehcp init` lays down in a records repository. Kept as data so `init` can
// compare what is there with what should be, and stay idempotent.

import { STANDARD_DEFAULTS } from '../../../core/records.js';
import { stringifyRecord } from '../../../core/yaml.js';
import { bundledSchema, SCHEMA_FILES } from '../../read/schemas.js';
import { CONFIG_FILE, LOCAL_DIR, REPO_SCHEMAS_DIR } from '../../paths.js';

export type CiKind = 'github' | 'gitlab' | 'azure' | 'none';

/** Where each CI kind's file lives. */
export const CI_FILES: Record<Exclude<CiKind, 'none'>, string> = {
  github: '.github/workflows/ehcp.yml',
  gitlab: '.gitlab-ci.yml',
  azure: 'azure-pipelines.yml',
};

export interface ScaffoldFile {
  path: string;
  content: string;
  mode?: number;
  /** Written only when absent; never replaced (the officer may have edited it). */
  userOwned?: boolean;
}

export function configFile(authority: string, installSource?: string, layout: 'flat' | 'sharded' = 'flat'): ScaffoldFile {
  const body = stringifyRecord(
    {
      schema: 'config/v1',
      authority,
      // Where case folders live (docs/records.md); absent is flat.
      ...(layout === 'sharded' ? { layout } : {}),
      // Written out in full so the officer sees every standard there is to change.
      standards: { ...STANDARD_DEFAULTS },
      closures: [],
      retention: { years_after_dob: 31, reason: 'IRMS Information Management Toolkit: SEN files kept to date of birth + 31 years' },
      ...(installSource ? { install: { source: installSource } } : {}),
    },
    `./${REPO_SCHEMAS_DIR}/config.schema.json`,
  );
  const help =
    '# ehcp settings. Local service standards are in working days (England and Wales bank\n' +
    '# holidays and the closure days below are not counted). See `ehcp rules list`.\n';
  return { path: CONFIG_FILE, content: body.replace('\n', '\n' + help), userOwned: true };
}

/** The tracked files. `install` is the command CI installs ehcp with (scaffold/pin.ts). */
export function scaffoldFiles(ci: CiKind, install: string): ScaffoldFile[] {
  const files: ScaffoldFile[] = [
    { path: '.gitattributes', content: '# Records are text with LF line endings on every machine; the pinned ehcp is binary.\n* text=auto eol=lf\n*.yaml text eol=lf\n*.tgz binary\n' },
    { path: '.gitignore', content: `# Local cache, drafts and exports: never committed (drafts may hold personal data).\n${LOCAL_DIR}/\n` },
    { path: 'README.md', content: recordsReadme(ci, install), userOwned: true },
    ...SCHEMA_FILES.filter((f) => f !== 'common.schema.json').map((f) => ({
      path: `${REPO_SCHEMAS_DIR}/${f}`,
      content: JSON.stringify(bundledSchema(f), null, 2) + '\n',
    })),
  ];
  if (ci !== 'none') files.push({ path: CI_FILES[ci], content: ciFile(ci, install), userOwned: true });
  return files;
}

function ciFile(ci: Exclude<CiKind, 'none'>, install: string): string {
  return ci === 'github' ? githubWorkflow(install) : ci === 'gitlab' ? gitlabCi(install) : azurePipeline(install);
}

// ---------------------------------------------------------------------------------------
// The pre-commit hook: ehcp's own, written into each clone's .git/hooks by `ehcp init`
// (never a tracked file, which any collaborator could change). It calls `ehcp` from PATH
// and holds no path of any machine.

/** The first lines of ehcp's hook: how `init` recognises its own (and leaves any other alone). */
export const HOOK_MARKER = '# ehcp pre-commit hook';

export function preCommitHook(): string {
  return `#!/bin/sh
${HOOK_MARKER} (written by \`ehcp init\` into this clone's .git/hooks; \`ehcp init\`
# rewrites it, so change nothing here). It refuses a commit whose staged records are
# invalid, or that edits, deletes or moves a final record (\`ehcp record amend\` and
# \`ehcp record void\` are the ways to correct or withdraw one).
if git rev-parse --verify --quiet HEAD >/dev/null 2>&1; then
  set -- validate --staged --base HEAD --no-input
else
  # The first commit: there is nothing earlier to compare with.
  set -- validate --staged --no-input
fi
if command -v ehcp >/dev/null 2>&1; then
  exec ehcp "$@"
fi
echo "ehcp is not installed on this machine, so the staged records cannot be checked." >&2
for pinned in tools/ehcp-*.tgz; do
  if [ -f "$pinned" ]; then
    echo "Install the version this repository is checked with, then commit again:" >&2
    echo "  npm install --global ./$pinned" >&2
    exit 1
  fi
done
echo "Install it from where ehcp.config.yaml says (install.source), then commit again." >&2
exit 1
`;
}

// ---------------------------------------------------------------------------------------
// The CI templates (docs/audit-trail.md, "CI"). Their commands read environment variables
// set by the runner or an earlier step (EHCP_BASE, EHCP_FAIL_ON, CI_COMMIT_BEFORE_SHA...)
// rather than inline expressions, so a test can run them exactly as written.
//
// What turns a run red: an invalid record; a final record edited, deleted or moved in any
// commit of the push (validate --base); an integrity finding anywhere in the history
// (always); overdue or missing findings when EHCP_FAIL_ON says so.

/** The 40 zeros git and the code hosts use for "no commit" (a branch's first push). */
const ZERO_SHA = '0000000000000000000000000000000000000000';

/** A clone fetched with a depth: fetch the rest, or fail saying why the checks cannot run. */
function unshallow(notice: (text: string) => string, error: (text: string) => string): string {
  return `if [ "$(git rev-parse --is-shallow-repository)" = true ]; then
  ${notice('The clone is shallow; fetching the full history (the audit trail lives in it).')}
  if ! git fetch --quiet --unshallow; then
    ${error('The clone is shallow and the rest of the history could not be fetched, so the records cannot be checked: set the checkout to fetch the full history (fetch depth 0).')}
    exit 1
  fi
fi`;
}

function githubWorkflow(install: string): string {
  return `# Installed by \`ehcp init --ci github\`. On every push and pull request: validate every
# record, check every commit since the push's previous commit (or the pull request's
# base): no final record edited, deleted or moved, no unexplained dates, and changes to
# settings, schemas, templates, hooks or CI named; check the whole history's integrity;
# audit the deadlines. Results appear as annotations and in the run's summary.
#
# The job fails on: an invalid record, a final record changed, any integrity finding.
# To fail it on audit findings too, set a repository variable (Settings > Secrets and
# variables > Actions > Variables) EHCP_FAIL_ON to overdue, missing or any (default none).
name: ehcp
on:
  push:
  pull_request:
permissions:
  contents: read
jobs:
  records:
    runs-on: ubuntu-latest
    env:
      EHCP_FAIL_ON: \${{ vars.EHCP_FAIL_ON || 'none' }}
      NO_COLOR: "1"
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0   # the full history: the audit trail lives in it
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - uses: actions/cache@v4
        with:
          path: .ehcp/cache
          key: ehcp-cache-\${{ github.sha }}
          restore-keys: ehcp-cache-
      - name: Install ehcp (the version this repository is checked with)
        run: ${install}
      - name: Choose the commit to compare with
        env:
          PUSH_BEFORE: \${{ github.event.before }}
          PR_BASE: \${{ github.event.pull_request.base.sha }}
          DEFAULT_BRANCH: \${{ github.event.repository.default_branch }}
        run: |
${indent(unshallow((t) => `echo "::notice title=ehcp::${t}"`, (t) => `echo "::error title=ehcp::${t}"`), 10)}
          base="\${PR_BASE:-\$PUSH_BEFORE}"
          if [ -z "\$base" ] || [ "\$base" = "${ZERO_SHA}" ] || ! git cat-file -e "\$base^{commit}" 2>/dev/null; then
            # A new branch (or a history rewritten by force): compare with where it left the default branch.
            base="\$(git merge-base HEAD "origin/\${DEFAULT_BRANCH:-main}" 2>/dev/null || true)"
          fi
          if [ -z "\$base" ]; then
            echo "::notice title=ehcp::No earlier commit to compare with; the per-commit checks are skipped for this run."
          fi
          echo "EHCP_BASE=\$base" >> "\$GITHUB_ENV"
      - name: Validate records (and every commit since the base)
        run: ehcp validate --format github --no-input \${EHCP_BASE:+--base "\$EHCP_BASE"}
      - name: Check the whole history's integrity (always fails the job)
        if: success() || failure()
        run: ehcp audit --category integrity --format github --fail-on any --no-input
      - name: Audit deadlines
        if: success() || failure()
        run: ehcp audit --format github --fail-on "\$EHCP_FAIL_ON" --no-input
      - name: Write the Director's report
        if: success() || failure()
        run: ehcp report --no-input --out ehcp-report.html || echo "::warning title=ehcp::The report could not be written."
      - uses: actions/upload-artifact@v4
        if: success() || failure()
        with:
          name: ehcp-report
          path: ehcp-report.html
          if-no-files-found: warn
`;
}

function gitlabCi(install: string): string {
  return `# Installed by \`ehcp init --ci gitlab\`. On every push and merge request: validate every
# record, check every commit since the push's previous commit (or the merge request's
# base): no final record edited, deleted or moved, no unexplained dates, and changes to
# settings, schemas, templates, hooks or CI named; check the whole history's integrity;
# audit the deadlines. The validation is a test report (the pipeline's Tests tab); the
# audit is ehcp-audit.md.
#
# The pipeline fails on: an invalid record, a final record changed, any integrity finding.
# To fail it on audit findings too, set a CI/CD variable (Settings > CI/CD > Variables)
# EHCP_FAIL_ON to overdue, missing or any (default none).
workflow:
  rules:
    # Merge request pipelines (which know the merge request's base), and branch pipelines
    # for branches without an open merge request: never both for one push.
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: $CI_COMMIT_BRANCH && $CI_OPEN_MERGE_REQUESTS
      when: never
    - if: $CI_COMMIT_BRANCH
ehcp:
  image: node:20
  variables:
    GIT_DEPTH: "0"   # the full history: the audit trail lives in it
    NO_COLOR: "1"
  cache:
    key: ehcp-cache
    paths:
      - .ehcp/cache/
  before_script:
    - ${install}
  script:
    - |
${indent(unshallow((t) => `echo "ehcp: ${t}"`, (t) => `echo "ehcp: ${t}" >&2`), 6)}
      EHCP_BASE="\${CI_MERGE_REQUEST_DIFF_BASE_SHA:-\$CI_COMMIT_BEFORE_SHA}"
      if [ -z "\$EHCP_BASE" ] || [ "\$EHCP_BASE" = "${ZERO_SHA}" ] || ! git cat-file -e "\$EHCP_BASE^{commit}" 2>/dev/null; then
        # A new branch, a tag or a schedule: compare with where it left the default branch.
        git fetch --quiet origin "\$CI_DEFAULT_BRANCH" 2>/dev/null || true
        EHCP_BASE="\$(git merge-base HEAD "origin/\$CI_DEFAULT_BRANCH" 2>/dev/null || git merge-base HEAD FETCH_HEAD 2>/dev/null || true)"
      fi
      if [ -z "\$EHCP_BASE" ]; then echo "ehcp: no earlier commit to compare with; the per-commit checks are skipped."; fi
    - ehcp validate --format junit --no-input \${EHCP_BASE:+--base "\$EHCP_BASE"} > ehcp-validate.xml || failed="validate"
    - ehcp audit --category integrity --format markdown --fail-on any --no-input --out ehcp-integrity.md || failed="\${failed:+\$failed and }integrity"
    - ehcp audit --format markdown --fail-on "\${EHCP_FAIL_ON:-none}" --no-input --out ehcp-audit.md || failed="\${failed:+\$failed and }audit"
    - cat ehcp-integrity.md ehcp-audit.md 2>/dev/null || true
    - ehcp report --no-input --out ehcp-report.html || echo "ehcp report could not be written (see above)" >&2
    - if [ -n "\${failed:-}" ]; then echo "ehcp \$failed failed; see the Tests tab, ehcp-integrity.md and ehcp-audit.md." >&2; exit 1; fi
  artifacts:
    when: always
    reports:
      junit: ehcp-validate.xml
    paths:
      - ehcp-integrity.md
      - ehcp-audit.md
      - ehcp-report.html
`;
}

function azurePipeline(install: string): string {
  return `# Installed by \`ehcp init --ci azure\`. On every push and pull request: validate every
# record, check every commit since the last run that passed (or the pull request's target
# branch): no final record edited, deleted or moved, no unexplained dates, and changes to
# settings, schemas, templates, hooks or CI named; check the whole history's integrity;
# audit the deadlines. The validation is published as test results.
#
# Azure Pipelines does not say which commit a push started from, so each run that passes
# remembers its commit in the pipeline cache and the next run checks every commit since.
# With no such commit (the first run, a cache expired), a branch other than the default is
# compared with where it left the default branch, and the default branch with its previous
# commit; the integrity check below still covers the whole history.
#
# The run fails on: an invalid record, a final record changed, any integrity finding. To
# fail it on audit findings too, add a pipeline variable EHCP_FAIL_ON (overdue, missing or
# any; default none). Set EHCP_DEFAULT_BRANCH if the default branch is not main.
trigger:
  branches:
    include: ["*"]
pool:
  vmImage: ubuntu-latest
variables:
  NO_COLOR: "1"
steps:
  - checkout: self
    fetchDepth: 0   # the full history: the audit trail lives in it
  - task: NodeTool@0
    inputs:
      versionSpec: "20.x"
  - task: Cache@2
    inputs:
      key: 'ehcp-cache | "$(Build.SourceVersion)"'
      restoreKeys: ehcp-cache
      path: .ehcp/cache
  - bash: ${install}
    displayName: Install ehcp (the version this repository is checked with)
  - bash: |
${indent(unshallow((t) => `echo "ehcp: ${t}"`, (t) => `echo "##vso[task.logissue type=error]ehcp: ${t}"`), 6)}
      default="\${EHCP_DEFAULT_BRANCH:-main}"
      base=""
      if [ "\${BUILD_REASON:-}" = PullRequest ] && [ -n "\${SYSTEM_PULLREQUEST_TARGETBRANCH:-}" ]; then
        base="$(git merge-base HEAD "origin/\${SYSTEM_PULLREQUEST_TARGETBRANCH#refs/heads/}" 2>/dev/null || true)"
      fi
      if [ -z "$base" ] && [ -f .ehcp/cache/ci-last-passed ]; then
        last="$(cat .ehcp/cache/ci-last-passed)"
        if git merge-base --is-ancestor "$last" HEAD 2>/dev/null; then base="$last"; fi
      fi
      if [ -z "$base" ] && [ "\${BUILD_SOURCEBRANCH:-}" != "refs/heads/$default" ]; then
        base="$(git merge-base HEAD "origin/$default" 2>/dev/null || true)"
      fi
      if [ -z "$base" ] || [ "$base" = "$(git rev-parse HEAD)" ]; then
        base="$(git rev-parse --verify --quiet HEAD^ || true)"
        echo "ehcp: no earlier run to compare with; checking the last commit only."
      fi
      failed=""
      ehcp validate --format junit --no-input \${base:+--base "$base"} > ehcp-validate.xml || failed="validate"
      ehcp audit --category integrity --format markdown --fail-on any --no-input --out ehcp-integrity.md || failed="\${failed:+$failed and }integrity"
      ehcp audit --format markdown --fail-on "\${EHCP_FAIL_ON:-none}" --no-input --out ehcp-audit.md || failed="\${failed:+$failed and }audit"
      cat ehcp-integrity.md ehcp-audit.md 2>/dev/null || true
      ehcp report --no-input --out ehcp-report.html || echo "##vso[task.logissue type=warning]ehcp: the report could not be written."
      if [ -n "$failed" ]; then echo "##vso[task.logissue type=error]ehcp $failed failed; see the Tests tab and the log."; exit 1; fi
      mkdir -p .ehcp/cache && git rev-parse HEAD > .ehcp/cache/ci-last-passed
    displayName: Validate and audit the records
  - task: PublishTestResults@2
    condition: always()
    inputs:
      testResultsFormat: JUnit
      testResultsFiles: ehcp-validate.xml
      testRunTitle: ehcp validate
  - publish: ehcp-report.html
    artifact: ehcp-report
    condition: always()
    displayName: Keep the Director's report
`;
}

function indent(text: string, spaces: number): string {
  return text
    .split('\n')
    .map((l) => ' '.repeat(spaces) + l)
    .join('\n');
}

function recordsReadme(ci: CiKind, install: string): string {
  const host =
    ci === 'gitlab'
      ? `On GitLab (Settings > Repository > Protected branches): protect \`main\` with
"Allowed to force push" off, and allow merging only when the \`ehcp\` pipeline
succeeds (Settings > Merge requests). With a push rule, "Reject unsigned commits"
requires signed commits.`
      : ci === 'azure'
        ? `On Azure DevOps (Project settings > Repositories > Policies, for \`main\`): require a
minimum number of reviewers, add a Build validation policy with the ehcp pipeline, and
deny "Force push" in the repository's Security settings.`
        : `On GitHub (Settings > Rules > Rulesets, or Settings > Branches): protect \`main\` with
"Block force pushes" and "Restrict deletions", "Require status checks to pass" (the
\`records\` job of the \`ehcp\` workflow) and "Require linear history" (\`ehcp sync\`
keeps it linear). "Require signed commits" is there too.`;
  return `# SEND records

This repository holds the authority's EHCP records, kept with ehcp (the exact version is pinned below):
minutes of hearings and meetings, case notes and a log of every letter, email and call,
one YAML file per record under \`cases/<REF>/\`. Every change is a git commit, so the
history is the audit trail.

- Write records with \`ehcp minutes new\`, \`ehcp note new\` and \`ehcp comm new\`; never
  edit a final record in place: correct it with \`ehcp record amend ID\` or withdraw it
  with \`ehcp record void ID --reason ...\`.
- \`ehcp validate\` checks every record; \`ehcp audit\` lists what is overdue, due soon,
  missing or recorded late; \`ehcp history REF\` shows who recorded what, and when.
- Share your work with \`ehcp sync\` (it receives everyone else's, puts yours on top and
  pushes). It refuses to run while a record is not committed, and tells you how to
  commit it.
- Personal data stays inside record files: never in file names, commit messages or
  branch names. Case references are opaque codes.
- Install the ehcp this repository is checked with (CI installs the same):

      ${install}

  then, after cloning, run \`ehcp init\` once in the clone: it installs ehcp's pre-commit
  check into the clone's own \`.git/hooks\` (hooks are never shared through the
  repository). It refuses a commit with an invalid record, or one that edits, deletes or
  moves a final record. To move to a newer ehcp, install it and run
  \`ehcp init --upgrade\`: it pins the ehcp you are running, in one commit.

## Protect the main branch

The audit trail holds only if history cannot be rewritten: a force push could remove a
commit, and with it the proof of who wrote what and when. On the code host:

- protect \`main\`: no force pushes, no deletion;
- require the ehcp CI check to pass before anything is merged${ci === 'none' ? ' (`ehcp init --ci github`, `--ci gitlab` or `--ci azure` adds one)' : ''};
- optionally, require signed commits, so every change is provably an officer's own.

${host}

Signing commits: each officer sets it up once on their machine, and ehcp's own commits
are then signed too (ehcp commits with git):

    git config --global gpg.format ssh
    git config --global user.signingkey ~/.ssh/id_ed25519.pub
    git config --global commit.gpgsign true

and adds the same public key to their account on the code host as a signing key.
`;
}
