// The files `ehcp init` lays down in a records repository. Kept as data so `init` can
// compare what is there with what should be, and stay idempotent.

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
      standards: {
        hearing_minutes_working_days: 5,
        meeting_minutes_working_days: 5,
        minutes_shared_working_days: 10,
        reply_working_days: 10,
        complaint_response_working_days: 20,
        appeal_response_working_days: 30,
        stale_draft_working_days: 10,
        late_record_working_days: 5,
      },
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

function preCommitHook(ehcpBin: string): string {
  return `#!/bin/sh
# Installed by \`ehcp init\`: refuses a commit whose staged records are invalid.
# Enabled per clone by \`git config core.hooksPath .githooks\` (ehcp init does this).
if command -v ehcp >/dev/null 2>&1; then
  exec ehcp validate --staged --no-input
fi
if [ -x "${ehcpBin}" ]; then
  exec "${ehcpBin}" validate --staged --no-input
fi
echo "ehcp is not installed, so the staged records cannot be checked." >&2
echo "Install it (see README.md), then commit again." >&2
exit 1
`;
}

export const CI_INSTALL = 'npm install --global ehcp';

function githubWorkflow(): string {
  return `# Installed by \`ehcp init --ci github\`. Validates every push and pull request, and
# audits the deadlines. The full history is fetched: the audit trail lives in it.
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
      EHCP_FAIL_ON: none   # set to overdue, missing or any to fail the build on audit findings
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - run: ${CI_INSTALL}
      - name: Validate records
        run: ehcp validate --format github --no-input
      - name: Audit deadlines
        run: ehcp audit --format github --fail-on "$EHCP_FAIL_ON" --no-input
`;
}

function gitlabCi(): string {
  return `# Installed by \`ehcp init --ci gitlab\`. Validates every push and audits the deadlines.
ehcp:
  image: node:20
  variables:
    GIT_DEPTH: "0"        # full history: the audit trail lives in it
    EHCP_FAIL_ON: "none"  # overdue, missing or any to fail the pipeline on audit findings
  script:
    - ${CI_INSTALL}
    - ehcp validate --format junit --no-input > ehcp-validate.xml
    - ehcp audit --fail-on "$EHCP_FAIL_ON" --no-input
  artifacts:
    when: always
    reports:
      junit: ehcp-validate.xml
`;
}

function recordsReadme(ci: CiKind): string {
  return `# SEND records

This repository holds the authority's EHCP records, kept with [ehcp](https://www.npmjs.com/package/ehcp):
minutes of hearings and meetings, case notes and a log of every letter, email and call,
one YAML file per record under \`cases/<REF>/\`. Every change is a git commit, so the
history is the audit trail.

- Write records with \`ehcp minutes new\`, \`ehcp note new\` and \`ehcp comm new\`; never
  edit a final record in place: correct it with \`ehcp record amend ID\` or withdraw it
  with \`ehcp record void ID --reason ...\`.
- \`ehcp validate\` checks every record; \`ehcp audit\` lists what is overdue, due soon,
  missing or recorded late.
- Personal data stays inside record files: never in file names, commit messages or
  branch names. Case references are opaque codes.
- After cloning, run \`ehcp init\` once in the clone to enable the pre-commit check
  (\`core.hooksPath\` is a per-clone setting).
${
  ci === 'none'
    ? ''
    : `
## Protect the main branch

The audit trail holds only if history cannot be rewritten. On the code host:

- protect \`main\`: no force pushes, no deletion;
- require the \`ehcp\` CI job to pass before merging;
- optionally, require signed commits so every change is provably an officer's own.
`
}`;
}
