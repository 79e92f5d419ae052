// The files `ehcp init` lays down in a records repository. Kept as data so `init` can
// compare what is there with what should be, and stay idempotent.

import { STANDARD_DEFAULTS } from '../../core/records.js';
import { stringifyRecord } from '../../core/yaml.js';
import { bundledSchema, SCHEMA_FILES } from '../schemas.js';
import { CONFIG_FILE, LOCAL_DIR, REPO_SCHEMAS_DIR } from '../paths.js';

export type CiKind = 'github' | 'gitlab' | 'none';

export interface ScaffoldFile {
  path: string;
  content: string;
  mode?: number;
  /** Written only when absent; never replaced (the officer may have edited it). */
  userOwned?: boolean;
}

export function configFile(authority: string): ScaffoldFile {
  const body = stringifyRecord(
    {
      schema: 'config/v1',
      authority,
      // Written out in full so the officer sees every standard there is to change.
      standards: { ...STANDARD_DEFAULTS },
      closures: [],
      retention: { years_after_dob: 31, reason: 'IRMS Information Management Toolkit: SEN files kept to date of birth + 31 years' },
    },
    `./${REPO_SCHEMAS_DIR}/config.schema.json`,
  );
  const help =
    '# ehcp settings. Local service standards are in working days (England and Wales bank\n' +
    '# holidays and the closure days below are not counted). See `ehcp rules list`.\n';
  return { path: CONFIG_FILE, content: body.replace('\n', '\n' + help), userOwned: true };
}

export function scaffoldFiles(ci: CiKind, ehcpBin: string): ScaffoldFile[] {
  const files: ScaffoldFile[] = [
    { path: '.gitattributes', content: '# Records are text with LF line endings on every machine.\n* text=auto eol=lf\n*.yaml text eol=lf\n' },
    { path: '.gitignore', content: `# Local cache, drafts and exports: never committed (drafts may hold personal data).\n${LOCAL_DIR}/\n` },
    { path: 'README.md', content: recordsReadme(ci), userOwned: true },
    { path: '.githooks/pre-commit', content: preCommitHook(ehcpBin), mode: 0o755 },
    ...SCHEMA_FILES.filter((f) => f !== 'common.schema.json').map((f) => ({
      path: `${REPO_SCHEMAS_DIR}/${f}`,
      content: JSON.stringify(bundledSchema(f), null, 2) + '\n',
    })),
  ];
  if (ci === 'github') files.push({ path: '.github/workflows/ehcp.yml', content: githubWorkflow(), userOwned: true });
  if (ci === 'gitlab') files.push({ path: '.gitlab-ci.yml', content: gitlabCi(), userOwned: true });
  return files;
}

// ---------------------------------------------------------------------------------------
// The pre-commit hook, the CI templates and the records README (docs/audit-trail.md).
// The CI commands read environment variables set in an earlier step or by the runner
// (EHCP_BASE, EHCP_FAIL_ON, CI_COMMIT_BEFORE_SHA...) rather than inline ${{ }}
// expressions, so a test can run them exactly as written.

function preCommitHook(ehcpBin: string): string {
  return `#!/bin/sh
# Installed by \`ehcp init\`: refuses a commit whose staged records are invalid, or that
# edits, deletes or moves a final record (\`ehcp record amend\` and \`ehcp record void\`
# are the ways to correct or withdraw one).
# Enabled per clone by \`git config core.hooksPath .githooks\` (ehcp init does this).
if git rev-parse --verify --quiet HEAD >/dev/null 2>&1; then
  set -- validate --staged --base HEAD --no-input
else
  # The first commit: there is nothing earlier to compare with.
  set -- validate --staged --no-input
fi
if command -v ehcp >/dev/null 2>&1; then
  exec ehcp "$@"
fi
if [ -x "${ehcpBin}" ]; then
  exec "${ehcpBin}" "$@"
fi
echo "ehcp is not installed, so the staged records cannot be checked." >&2
echo "Install it (npm install --global ehcp), then commit again." >&2
exit 1
`;
}

export const CI_INSTALL = 'npm install --global ehcp';

/** The 40 zeros git and the code hosts use for "no commit" (a branch's first push). */
const ZERO_SHA = '0000000000000000000000000000000000000000';

function githubWorkflow(): string {
  return `# Installed by \`ehcp init --ci github\`. On every push and pull request: validate every
# record, check that no final record was edited, deleted or moved since the push's
# previous commit (or the pull request's base), and audit the deadlines. Results appear
# as annotations and in the run's summary.
#
# To fail the build on audit findings, set a repository variable (Settings > Secrets and
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
      - name: Install ehcp
        run: ${CI_INSTALL}
      - name: Choose the commit to compare with
        env:
          PUSH_BEFORE: \${{ github.event.before }}
          PR_BASE: \${{ github.event.pull_request.base.sha }}
          DEFAULT_BRANCH: \${{ github.event.repository.default_branch }}
        run: |
          base="\${PR_BASE:-\$PUSH_BEFORE}"
          if [ -z "\$base" ] || [ "\$base" = "${ZERO_SHA}" ] || ! git cat-file -e "\$base^{commit}" 2>/dev/null; then
            # A new branch (or a history rewritten by force): compare with where it left the default branch.
            base="\$(git merge-base HEAD "origin/\${DEFAULT_BRANCH:-main}" 2>/dev/null || true)"
          fi
          if [ -z "\$base" ]; then
            echo "::notice title=ehcp::No earlier commit to compare with; the final-record check is skipped for this run."
          fi
          echo "EHCP_BASE=\$base" >> "\$GITHUB_ENV"
      - name: Validate records (and that no final record changed)
        run: ehcp validate --format github --no-input \${EHCP_BASE:+--base "\$EHCP_BASE"}
      - name: Audit deadlines
        if: success() || failure()
        run: ehcp audit --format github --fail-on "\$EHCP_FAIL_ON" --no-input
`;
}

function gitlabCi(): string {
  return `# Installed by \`ehcp init --ci gitlab\`. On every push and merge request: validate every
# record, check that no final record was edited, deleted or moved since the push's
# previous commit (or the merge request's base), and audit the deadlines. The validation
# is a test report (the pipeline's Tests tab); the audit is ehcp-audit.md.
#
# To fail the pipeline on audit findings, set a CI/CD variable (Settings > CI/CD >
# Variables) EHCP_FAIL_ON to overdue, missing or any (default none).
ehcp:
  image: node:20
  variables:
    GIT_DEPTH: "0"   # the full history: the audit trail lives in it
    EHCP_FAIL_ON: "none"
    NO_COLOR: "1"
  before_script:
    - ${CI_INSTALL}
  script:
    - |
      EHCP_BASE="\${CI_MERGE_REQUEST_DIFF_BASE_SHA:-\$CI_COMMIT_BEFORE_SHA}"
      if [ -z "\$EHCP_BASE" ] || [ "\$EHCP_BASE" = "${ZERO_SHA}" ] || ! git cat-file -e "\$EHCP_BASE^{commit}" 2>/dev/null; then
        # A new branch, a tag or a schedule: compare with where it left the default branch.
        git fetch --quiet origin "\$CI_DEFAULT_BRANCH" 2>/dev/null || true
        EHCP_BASE="\$(git merge-base HEAD "origin/\$CI_DEFAULT_BRANCH" 2>/dev/null || git merge-base HEAD FETCH_HEAD 2>/dev/null || true)"
      fi
      if [ -z "\$EHCP_BASE" ]; then echo "ehcp: no earlier commit to compare with; the final-record check is skipped."; fi
    - ehcp validate --format junit --no-input \${EHCP_BASE:+--base "\$EHCP_BASE"} > ehcp-validate.xml || failed="validate"
    - ehcp audit --format markdown --fail-on "\$EHCP_FAIL_ON" --no-input --out ehcp-audit.md || failed="\${failed:+\$failed and }audit"
    - cat ehcp-audit.md 2>/dev/null || true
    - if [ -n "\${failed:-}" ]; then echo "ehcp \$failed failed; see the Tests tab and ehcp-audit.md." >&2; exit 1; fi
  artifacts:
    when: always
    reports:
      junit: ehcp-validate.xml
    paths:
      - ehcp-audit.md
`;
}

function recordsReadme(ci: CiKind): string {
  const host =
    ci === 'gitlab'
      ? `On GitLab (Settings > Repository > Protected branches): protect \`main\` with
"Allowed to force push" off, and allow merging only when the \`ehcp\` pipeline
succeeds (Settings > Merge requests). With a push rule, "Reject unsigned commits"
requires signed commits.`
      : `On GitHub (Settings > Rules > Rulesets, or Settings > Branches): protect \`main\` with
"Block force pushes" and "Restrict deletions", "Require status checks to pass" (the
\`records\` job of the \`ehcp\` workflow) and "Require linear history" (\`ehcp sync\`
keeps it linear). "Require signed commits" is there too.`;
  return `# SEND records

This repository holds the authority's EHCP records, kept with [ehcp](https://www.npmjs.com/package/ehcp):
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
- After cloning, run \`ehcp init\` once in the clone to enable the pre-commit check
  (\`core.hooksPath\` is a per-clone setting). It refuses a commit with an invalid
  record, or one that edits, deletes or moves a final record.

## Protect the main branch

The audit trail holds only if history cannot be rewritten: a force push could remove a
commit, and with it the proof of who wrote what and when. On the code host:

- protect \`main\`: no force pushes, no deletion;
- require the ehcp CI check to pass before anything is merged${ci === 'none' ? ' (`ehcp init --ci github` or `--ci gitlab` adds one)' : ''};
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
