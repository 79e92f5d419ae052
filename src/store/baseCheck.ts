// `ehcp validate --base REV`: nothing final was rewritten since REV (product.md §2, §5
// `integrity`). Git is the audit trail only if a finalised record cannot quietly change.
//
// Since REV (the working tree, or with `staged` the index):
// - a record that was final (or void) at REV is unchanged, except the one change ehcp
//   makes in place: `ehcp record void` turns `status: final` into `status: void` and adds
//   `void_reason`, nothing else. Values are compared as parsed YAML, so re-quoting or
//   re-ordering a file is not a change; a changed value is.
// - no final or void record was deleted;
// - no record's `id` or `case` changed (nor a case.yaml's `ref`), draft or not;
// - no record was moved or renamed. The diff is read with --no-renames and a move is
//   recognised by identity (the same id, or the same file name, deleted in one place and
//   added in another), not by git's similarity guess, which misses a move with edits.
// Allowed: new records (amendments are new records with `amends:`), drafts edited,
// finalised, voided or deleted, and the exact void change above.
//
// One `git diff --raw` lists the changes with their blob ids; one `git cat-file --batch`
// reads every old and new version; one `git log` over REV..HEAD names the commits, and
// only when there is something to report.

import fs from 'node:fs';
import path from 'node:path';
import { EhcpError } from '../core/errors.js';
import { problem, type Problem, type ProblemRule } from '../core/problems.js';
import { parseYaml } from '../core/yaml.js';
import { catFileBatch } from './catFile.js';
import { git } from './git.js';
import { CASES_DIR } from './paths.js';

export interface BaseCheckOptions {
  /** The revision to compare with: a commit, branch or tag. */
  base: string;
  /** Compare the index (what is staged) rather than the working tree. */
  staged?: boolean;
}

interface Change {
  status: 'A' | 'M' | 'D' | 'T';
  path: string;
  oldBlob: string;
  newBlob: string;
}

interface Version {
  /** The parsed mapping, or undefined when the file is not readable YAML mapping. */
  value?: Record<string, unknown>;
  locate?: (p: (string | number)[]) => { line: number; col: number };
}

const ZERO = /^0+$/;
const RECORD_FILE = /^cases\/[^/]+\/[^/]+\.yaml$/;

export async function checkSinceBase(root: string, options: BaseCheckOptions): Promise<Problem[]> {
  const base = await resolveBase(root, options.base);
  const changes = await diffSince(root, base.sha, options.staged ?? false);
  if (changes.length === 0) return [];

  // Every old and new blob in one cat-file process; new files not yet hashed are read from disk.
  const blobIds = new Set<string>();
  for (const c of changes) {
    if (!ZERO.test(c.oldBlob)) blobIds.add(c.oldBlob);
    if (!ZERO.test(c.newBlob)) blobIds.add(c.newBlob);
  }
  const blobs = await catBlobs(root, [...blobIds]);
  const version = (c: Change, side: 'old' | 'new'): Version => {
    const blob = side === 'old' ? c.oldBlob : c.newBlob;
    if (side === 'old' && ZERO.test(blob)) return {};
    if (side === 'new' && c.status === 'D') return {};
    let bytes = ZERO.test(blob) ? undefined : blobs.get(blob);
    if (!bytes && side === 'new') {
      try {
        bytes = fs.readFileSync(path.join(root, c.path));
      } catch {
        return {};
      }
    }
    return bytes ? parseVersion(c.path, bytes) : {};
  };

  const found: Pending[] = [];
  const deleted = changes.filter((c) => c.status === 'D');
  const added = changes.filter((c) => c.status === 'A');
  const movedFrom = new Set<Change>();
  const movedTo = new Set<Change>();

  // Moves: the same record deleted in one place and added in another.
  for (const d of deleted) {
    const old = version(d, 'old');
    const oldId = typeof old.value?.id === 'string' ? old.value.id : undefined;
    const target = added.find((a) => {
      if (movedTo.has(a)) return false;
      if (path.posix.basename(a.path) === path.posix.basename(d.path) && !d.path.endsWith('/case.yaml')) return true;
      const id = version(a, 'new').value?.id;
      return oldId !== undefined && id === oldId;
    });
    if (!target) continue;
    movedFrom.add(d);
    movedTo.add(target);
    found.push({
      file: target.path,
      changedPath: d.path,
      rule: 'record-moved',
      what: `This record was moved here from ${d.path}`,
      fix: `records never move (the file name is the id and the folder is the case): move it back with \`git mv ${target.path} ${d.path}\`; to file a record under another case, void it (\`ehcp record void ID --reason ...\`) and write it again in the right case.`,
    });
  }

  for (const c of changes) {
    if (movedFrom.has(c) || movedTo.has(c) || c.status === 'A') continue;
    const old = version(c, 'old');
    if (!old.value) continue; // unreadable at REV: nothing was final there to protect
    const isCase = c.path.endsWith('/case.yaml');
    const id = String((isCase ? old.value.ref : old.value.id) ?? path.posix.basename(c.path, '.yaml'));
    const protectedAtBase = !isCase && (old.value.status === 'final' || old.value.status === 'void');
    if (c.status === 'D') {
      if (!protectedAtBase) continue;
      found.push({
        file: c.path,
        changedPath: c.path,
        rule: 'final-deleted',
        what: `This record was ${old.value.status} at ${base.label} and has been deleted`,
        fix: `restore it with \`git checkout ${base.short} -- ${c.path}\`; a record is withdrawn with \`ehcp record void ${id} --reason ...\`, never deleted.`,
      });
      continue;
    }
    const now = version(c, 'new');
    // Identity: a record's id and case (a case file's ref) never change, draft or not.
    const identity = isCase ? ['ref'] : ['id', 'case'];
    const changedIdentity = now.value ? identity.filter((k) => !sameValue(old.value![k], now.value![k])) : [];
    if (changedIdentity.length > 0) {
      found.push({
        file: c.path,
        changedPath: c.path,
        at: now.locate?.([changedIdentity[0]]),
        rule: 'record-identity-changed',
        what: `The ${changedIdentity.map((k) => `\`${k}\``).join(' and ')} of this ${isCase ? 'case' : 'record'} changed since ${base.label}`,
        fix: `put back ${changedIdentity.map((k) => `${k}: ${safeScalar(old.value![k])}`).join(', ')}; ${isCase ? 'a case reference never changes' : 'to file a record under another case, void it and write it again there'}.`,
      });
      continue;
    }
    if (!protectedAtBase) continue; // drafts may be edited; case files change as a case moves on
    if (now.value && sameValue(old.value, now.value)) continue; // reformatted, comments: the same values
    if (now.value && isVoiding(old.value, now.value)) continue; // `ehcp record void`: the one allowed change
    const fields = now.value ? changedFields(old.value, now.value) : [];
    found.push({
      file: c.path,
      changedPath: c.path,
      at: fields.length > 0 && now.locate && now.value && fields[0] in now.value ? now.locate([fields[0]]) : undefined,
      rule: 'final-changed',
      what: now.value
        ? `This record was ${old.value.status} at ${base.label} and has been edited in place (${fields.length > 0 ? `changed: ${fields.join(', ')}` : 'changed'})`
        : `This record was ${old.value.status} at ${base.label} and is no longer a readable record`,
      fix: `final records are never edited in place. Restore it with \`git checkout ${base.short} -- ${c.path}\`, then ${
        old.value.status === 'void' ? 'leave it: a void record stays as it was withdrawn' : `record the correction with \`ehcp record amend ${id}\` (a new record that amends it) or withdraw it with \`ehcp record void ${id} --reason ...\``
      }.`,
    });
  }
  if (found.length === 0) return [];

  const commits = await commitsTouching(root, base.sha, found.map((f) => f.changedPath));
  const where = (p: Pending) => {
    const shas = commits.get(p.changedPath) ?? [];
    if (shas.length === 0) return options.staged ? 'in the staged change' : 'in changes not yet committed';
    const named = shas.slice(0, 3).map((s) => s.slice(0, 7)).join(', ');
    return `in commit${shas.length > 1 ? 's' : ''} ${named}${shas.length > 3 ? ` and ${shas.length - 3} more` : ''}`;
  };
  return found.map((p) => problem(p.file, p.rule, `${p.what} ${where(p)}: ${p.fix}`, p.at ?? {}));
}

interface Pending {
  file: string;
  /** The path whose commits are named (for a move, where it came from). */
  changedPath: string;
  rule: ProblemRule;
  what: string;
  fix: string;
  at?: { line: number; col: number };
}

/** The exact change `ehcp record void` makes: status final -> void, void_reason added, nothing else. */
export function isVoiding(before: Record<string, unknown>, after: Record<string, unknown>): boolean {
  if (before.status !== 'final' || after.status !== 'void') return false;
  if (before.void_reason !== undefined) return false;
  if (typeof after.void_reason !== 'string' || after.void_reason.trim() === '') return false;
  const rest = (v: Record<string, unknown>) => Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'status' && k !== 'void_reason'));
  return sameValue(rest(before), rest(after));
}

/** Top-level fields whose parsed values differ, in the new file's order then removed ones. */
function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = [...Object.keys(after), ...Object.keys(before).filter((k) => !(k in after))];
  return keys.filter((k) => !sameValue(before[k], after[k]));
}

/** Deep equality of parsed YAML values (key order in mappings does not matter). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => sameValue(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && sameValue(ao[k], bo[k]));
}

/** A value safe to print in a message: ids and references only (never free text). */
function safeScalar(v: unknown): string {
  return typeof v === 'string' && /^[A-Za-z0-9_-]{1,40}$/.test(v) ? v : '(its value at the base)';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function parseVersion(file: string, bytes: Uint8Array): Version {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return {};
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const parsed = parseYaml(file, text);
  if (!parsed.ok || !parsed.value || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) return {};
  return { value: parsed.value as Record<string, unknown>, locate: parsed.locate };
}

interface ResolvedBase {
  sha: string;
  short: string;
  /** How messages name it: the revision as given and its commit. */
  label: string;
}

async function resolveBase(root: string, rev: string): Promise<ResolvedBase> {
  if (rev.trim() === '' || rev.startsWith('-') || /[\s\0]/.test(rev)) {
    throw new EhcpError(`--base needs a revision (a commit, branch or tag); got an empty or malformed value.`, 'e.g. `ehcp validate --base origin/main` or `--base HEAD~1`.');
  }
  const r = await git(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], { allowFailure: true });
  const sha = r.stdout.trim();
  if (r.code === 0 && sha) return { sha, short: sha.slice(0, 7), label: rev === sha ? sha.slice(0, 7) : `${rev} (${sha.slice(0, 7)})` };
  const shallow = (await git(root, ['rev-parse', '--is-shallow-repository'], { allowFailure: true })).stdout.trim() === 'true';
  if (shallow) {
    throw new EhcpError(
      `--base ${rev} is not in this clone: it is shallow, so older commits were not fetched.`,
      `Fetch the full history with \`git fetch --unshallow\` (in CI: actions/checkout with \`fetch-depth: 0\`, or GIT_DEPTH: "0" on GitLab), or fetch that commit with \`git fetch origin ${rev}\`, then run again.`,
    );
  }
  throw new EhcpError(
    `--base ${rev} is not a commit in this repository.`,
    'Give a commit, branch or tag that exists here (see `git log --oneline`); for a branch on the remote, `git fetch` first and use e.g. origin/main.',
  );
}

async function diffSince(root: string, base: string, staged: boolean): Promise<Change[]> {
  const args = ['diff', '--raw', '-z', '--no-renames', '--no-abbrev', '--no-ext-diff', '--ignore-submodules', ...(staged ? ['--cached'] : []), base, '--', `${CASES_DIR}/`];
  const { stdout } = await git(root, args);
  const tokens = stdout.split('\0');
  const out: Change[] = [];
  for (let i = 0; i + 1 < tokens.length; i += 2) {
    const meta = tokens[i];
    const file = tokens[i + 1];
    // ":100644 100644 <old> <new> M"
    const m = /^:(\d+) (\d+) ([0-9a-f]+) ([0-9a-f]+) ([A-Z])/.exec(meta);
    if (!m || !RECORD_FILE.test(file)) continue;
    const status = m[5] as Change['status'];
    if (!['A', 'M', 'D', 'T'].includes(status)) continue;
    out.push({ status, path: file, oldBlob: m[3], newBlob: m[4] });
  }
  return out;
}

/** Contents of many blobs from one `git cat-file --batch`, by blob id. */
async function catBlobs(root: string, ids: string[]): Promise<Map<string, Buffer>> {
  const objects = await catFileBatch(root, ids);
  const out = new Map<string, Buffer>();
  ids.forEach((id, i) => {
    const object = objects[i];
    if (object) out.set(id, object.bytes);
  });
  return out;
}

/** For each path, the commits in base..HEAD that touched it, oldest first. */
async function commitsTouching(root: string, base: string, paths: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const wanted = new Set(paths);
  const r = await git(root, ['log', '-z', '--format=%x1e%H', '--name-only', '--no-renames', '--diff-merges=off', `${base}..HEAD`, '--', `${CASES_DIR}/`], {
    allowFailure: true,
  });
  if (r.code !== 0) return out; // no HEAD yet (first commit): the change is only staged
  let sha = '';
  for (const token of r.stdout.split('\0')) {
    if (token.startsWith('\x1e')) sha = token.slice(1);
    else {
      const file = token.replace(/^\n/, '');
      if (sha && wanted.has(file)) out.set(file, [sha, ...(out.get(file) ?? [])]);
    }
  }
  return out;
}
