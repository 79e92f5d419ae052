// What validate --base says about a push beyond its records (core/pushChecks.ts), and the
// version arithmetic of the pinned ehcp (store/write/scaffold/pin.ts).

import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, governanceKind, policyOf, settingsChanges, stricter, suspiciousDates, CLOCK_SKEW_SECONDS } from '../../src/core/pushChecks.js';
import { compareVersions, installCommand, INSTALL_SOURCE, versionOfSource } from '../../src/store/write/scaffold/pin.js';

const DAY = 86_400;
const T = 1_700_000_000;

describe('suspicious commit dates', () => {
  it('an author date more than a day from the committer date, either way', () => {
    expect(suspiciousDates({ author: T, committer: T + DAY, parents: [] })).toEqual([]);
    expect(suspiciousDates({ author: T, committer: T + DAY + 1, parents: [] })).toEqual(['its author date is more than a day before its committer date']);
    expect(suspiciousDates({ author: T + 10 * DAY, committer: T, parents: [] })).toEqual(['its author date is 10 days after its committer date']);
  });

  it('a committer date before a parent’s, beyond a few minutes of clock drift', () => {
    expect(suspiciousDates({ author: T, committer: T, parents: [T + CLOCK_SKEW_SECONDS] })).toEqual([]);
    expect(suspiciousDates({ author: T, committer: T, parents: [T - DAY, T + 3 * 3600] })).toEqual(['it is dated 3 hours before its parent commit']);
    expect(suspiciousDates({ author: T - 30 * DAY, committer: T - 30 * DAY, parents: [T] })).toEqual(['it is dated 30 days before its parent commit']);
  });
});

describe('governance', () => {
  it('names the files that decide how records are checked, and nothing else', () => {
    expect(governanceKind('ehcp.config.yaml')).toBe('the settings');
    expect(governanceKind('schemas/note.schema.json')).toBe('a schema');
    expect(governanceKind('templates/panel.yaml')).toBe('a minutes template');
    expect(governanceKind('tools/ehcp-0.1.0.tgz')).toBe('the pinned ehcp');
    expect(governanceKind('.githooks/pre-commit')).toBe('a git hook');
    for (const ci of ['.github/workflows/ehcp.yml', '.gitlab-ci.yml', 'azure-pipelines.yml']) expect(governanceKind(ci)).toBe('the CI');
    for (const other of ['cases/C0001/case.yaml', 'README.md', '.gitignore', 'ehcp.config.yaml.bak']) expect(governanceKind(other)).toBeUndefined();
  });

  it('settings changes name standards with values (numbers only) and other sections by name', () => {
    const base = { schema: 'config/v1', authority: 'Synthetic Council', standards: { late_record_working_days: 5 }, closures: [] };
    expect(settingsChanges(base, { ...base, standards: { late_record_working_days: 365 } })).toEqual(['standards.late_record_working_days 5 → 365']);
    // A standard left out means its default.
    expect(settingsChanges({ ...base, standards: { reply_working_days: 15 } }, { ...base, standards: {} })).toEqual(['standards.reply_working_days 15 → 10 (the default)']);
    expect(settingsChanges(base, { ...base, authority: 'Renamed Council', closures: ['2024-12-27'] })).toEqual(['authority', 'closures']);
    expect(settingsChanges(base, { ...base })).toEqual(['formatting only']);
    expect(settingsChanges(base, undefined)).toEqual(['the settings file deleted or made unreadable']);
  });

  it('the policy in force is the stricter of the base’s and the head’s', () => {
    expect(policyOf(undefined)).toEqual(DEFAULT_POLICY);
    expect(policyOf({ policy: 'error' })).toEqual(DEFAULT_POLICY);
    const strict = policyOf({ policy: { governance_changes: 'error', commit_dates: 'error', require_signed_commits: true } });
    expect(strict).toEqual({ governance: 'error', dates: 'error', requireSigned: true });
    expect(stricter(strict, DEFAULT_POLICY)).toEqual(strict);
    expect(stricter(DEFAULT_POLICY, strict)).toEqual(strict);
    expect(stricter(policyOf({ policy: { commit_dates: 'error' } }), policyOf({ policy: { require_signed_commits: true } }))).toEqual({ governance: 'warning', dates: 'error', requireSigned: true });
  });
});

describe('the pinned ehcp', () => {
  it('orders versions as semver does, a pre-release before its release', () => {
    expect(compareVersions('0.1.0', '0.1.0')).toBe(0);
    expect(compareVersions('0.1.0', '0.10.0')).toBe(-1);
    expect(compareVersions('1.0.0', '0.99.99')).toBe(1);
    expect(compareVersions('1.0.0-rc.1', '1.0.0')).toBe(-1);
    expect(compareVersions('1.0.0', '1.0.0-rc.1')).toBe(1);
  });

  it('reads the version an install source names, when it names one', () => {
    expect(versionOfSource('@council/ehcp@0.3.0')).toBe('0.3.0');
    expect(versionOfSource('git+https://git.example.gov.uk/tools/ehcp.git#v1.2.3')).toBe('1.2.3');
    expect(versionOfSource('git+https://git.example.gov.uk/tools/ehcp.git')).toBeUndefined();
  });

  it('installs a tracked tarball by its relative path, or the configured source; sources are shell-safe', () => {
    expect(installCommand({ version: '0.1.0' })).toBe('npm install --global ./tools/ehcp-0.1.0.tgz');
    expect(installCommand({ version: '0.1.0', source: '@council/ehcp@0.1.0' })).toBe('npm install --global @council/ehcp@0.1.0');
    for (const bad of ['ehcp; rm -rf /', 'ehcp $(id)', 'a b', '`x`', "'q'", '']) expect(INSTALL_SOURCE.test(bad), bad).toBe(false);
  });
});
