// What `ehcp validate --base REV` says about the commits of a push beyond the records
// themselves (docs/audit-trail.md): changes to the repository's governance (settings,
// schemas, templates, the pinned tool, hooks, CI), dates that do not add up, and unsigned
// commits when the settings require signing. Pure: the store gathers the facts.

import { STANDARD_DEFAULTS } from './records.js';

type Severity = 'error' | 'warning';

export interface Policy {
  governance: Severity;
  dates: Severity;
  requireSigned: boolean;
}

export const DEFAULT_POLICY: Policy = { governance: 'warning', dates: 'warning', requireSigned: false };

/** The policy a settings mapping states (anything unreadable counts as the default). */
export function policyOf(config: Record<string, unknown> | undefined): Policy {
  const p = config?.policy;
  if (!p || typeof p !== 'object' || Array.isArray(p)) return DEFAULT_POLICY;
  const o = p as Record<string, unknown>;
  return {
    governance: o.governance_changes === 'error' ? 'error' : 'warning',
    dates: o.commit_dates === 'error' ? 'error' : 'warning',
    requireSigned: o.require_signed_commits === true,
  };
}

/**
 * The stricter of two policies: the one at the base of the push and the one it ends with.
 * A push cannot loosen the policy it is checked under; one that tightens it takes effect.
 */
export function stricter(a: Policy, b: Policy): Policy {
  const worse = (x: Severity, y: Severity): Severity => (x === 'error' || y === 'error' ? 'error' : 'warning');
  return { governance: worse(a.governance, b.governance), dates: worse(a.dates, b.dates), requireSigned: a.requireSigned || b.requireSigned };
}

/** Files that decide how records are checked, and so whose changes a reviewer must see. */
export function governanceKind(file: string): string | undefined {
  if (file === 'ehcp.config.yaml') return 'the settings';
  if (file.startsWith('schemas/')) return 'a schema';
  if (file.startsWith('templates/')) return 'a minutes template';
  if (file.startsWith('tools/')) return 'the pinned ehcp';
  if (file.startsWith('.githooks/') || file.startsWith('.husky/')) return 'a git hook';
  if (file.startsWith('.github/') || file === '.gitlab-ci.yml' || file.startsWith('.gitlab/') || file === 'azure-pipelines.yml' || file.startsWith('.azure-pipelines/')) {
    return 'the CI';
  }
  return undefined;
}

/**
 * What changed in the settings, by name: each standard with its old and new value (numbers
 * only), other sections by name. Never free text (the authority's name, a rule's title).
 */
export function settingsChanges(before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined): string[] {
  if (!before || !after) return [after ? 'the settings file created' : before ? 'the settings file deleted or made unreadable' : 'the settings file'];
  const out: string[] = [];
  const std = (c: Record<string, unknown>) => (c.standards && typeof c.standards === 'object' ? (c.standards as Record<string, unknown>) : {});
  const b = std(before);
  const a = std(after);
  for (const name of Object.keys(STANDARD_DEFAULTS) as (keyof typeof STANDARD_DEFAULTS)[]) {
    const was = typeof b[name] === 'number' ? b[name] : STANDARD_DEFAULTS[name];
    const now = typeof a[name] === 'number' ? a[name] : STANDARD_DEFAULTS[name];
    if (was !== now) out.push(`standards.${name} ${String(was)} → ${String(now)}${now === STANDARD_DEFAULTS[name] ? ' (the default)' : ''}`);
  }
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const k of keys) {
    if (k === 'standards' || !/^[a-z_]{1,40}$/.test(k)) continue;
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) out.push(k);
  }
  return out.length > 0 ? out : ['formatting only'];
}

export interface CommitDates {
  /** Seconds since the epoch. */
  author: number;
  committer: number;
  /** The committer dates of its parents that are known. */
  parents: number[];
}

/** Clocks on officers' machines drift a little; a parent "later" by less than this is not suspicious. */
export const CLOCK_SKEW_SECONDS = 5 * 60;
const DAY_SECONDS = 24 * 60 * 60;

/** Why a commit's dates do not add up (empty when they do). */
export function suspiciousDates(d: CommitDates): string[] {
  const out: string[] = [];
  const gap = Math.abs(d.committer - d.author);
  if (gap > DAY_SECONDS) {
    out.push(`its author date is ${days(gap)} ${d.author < d.committer ? 'before' : 'after'} its committer date`);
  }
  const latestParent = Math.max(...d.parents, -Infinity);
  if (latestParent - d.committer > CLOCK_SKEW_SECONDS) out.push(`it is dated ${duration(latestParent - d.committer)} before its parent commit`);
  return out;
}

function days(seconds: number): string {
  const n = Math.round(seconds / DAY_SECONDS);
  return n <= 1 ? 'more than a day' : `${n} days`;
}

function duration(seconds: number): string {
  if (seconds >= DAY_SECONDS) return days(seconds);
  const minutes = Math.round(seconds / 60);
  return minutes >= 120 ? `${Math.round(minutes / 60)} hours` : `${minutes} minutes`;
}
