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
// The rule itself (what changed between two parsed versions, and is it allowed; which
// deletions and additions are one move) is core/finalChanges.ts, shared with the audit's
// walk over the whole history (store/recordChanges.ts); this file only gathers REV's and
// today's versions.
//
// One `git diff --raw` lists the changes with their blob ids; one `git cat-file --batch`
// reads every old and new version; one `git log` over REV..HEAD names the commits, and
// only when there is something to report.

import fs from 'node:fs';
import path from 'node:path';
import { EhcpError } from '../core/errors.js';
import { problem, type Problem, type ProblemRule } from '../core/problems.js';
import { identityChanges, judgeChange, pairMoves, parseRecordVersion } from '../core/finalChanges.js';
import { catFileBatch } from './catFile.js';
import { git } from './git.js';
import { CASES_DIR } from './paths.js';
import { readBoundedFile } from './readFile.js';
import { MAX_RECORD_BYTES } from '../core/yaml.js';

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
        // Bounded and type-checked (src/store/readFile.ts): a FIFO or a link here is not read.
        bytes = readBoundedFile(path.join(root, c.path), { maxBytes: MAX_RECORD_BYTES, label: c.path, noLinks: true });
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

  // Moves: the same record deleted in one place and added in another (core/finalChanges.ts).
  if (deleted.length > 0 && added.length > 0) {
    const side = (c: Change, which: 'old' | 'new') => {
      const id = version(c, which).value?.id;
      return { change: c, path: c.path, id: typeof id === 'string' ? id : undefined };
    };
    for (const { from, to } of pairMoves(deleted.map((d) => side(d, 'old')), added.map((a) => side(a, 'new')))) {
      movedFrom.add(from.change);
      movedTo.add(to.change);
      found.push({
        file: to.path,
        changedPath: from.path,
        rule: 'record-moved',
        what: `This record was moved here from ${from.path}`,
        fix: `records never move (the file name is the id and the folder is the case): move it back with \`git mv ${to.path} ${from.path}\`; to file a record under another case, void it (\`ehcp record void ID --reason ...\`) and write it again in the right case.`,
      });
    }
  }

  for (const c of changes) {
    if (movedFrom.has(c) || movedTo.has(c) || c.status === 'A') continue;
    const old = version(c, 'old');
    if (!old.value) continue; // unreadable at REV: nothing was final there to protect
    const isCase = c.path.endsWith('/case.yaml');
    const id = String((isCase ? old.value.ref : old.value.id) ?? path.posix.basename(c.path, '.yaml'));
    if (c.status === 'D') {
      // A case file is not a finalised record; drafts may be deleted.
      if (isCase || judgeChange(old.value, 'deleted').allowed) continue;
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
    const changedIdentity = now.value ? identityChanges(old.value, now.value, isCase) : [];
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
    if (isCase) continue; // case files change as a case moves on
    // Drafts may be edited; a final or void record only stays the same or is voided.
    const verdict = judgeChange(old.value, now.value);
    if (verdict.allowed) continue;
    const fields = verdict.kind === 'changed' ? verdict.fields : [];
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

/** A value safe to print in a message: ids and references only (never free text). */
function safeScalar(v: unknown): string {
  return typeof v === 'string' && /^[A-Za-z0-9_-]{1,40}$/.test(v) ? v : '(its value at the base)';
}

function parseVersion(file: string, bytes: Uint8Array): Version {
  return parseRecordVersion(file, bytes) ?? {};
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
