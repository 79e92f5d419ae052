// `ehcp validate --base REV`: every commit since REV, one by one, and then what is not
// committed yet (the working tree, or with `staged` the index). Git is the audit trail
// only if a finalised record cannot quietly change, and CI sees every push.
//
// Each commit of REV..HEAD is judged against its parent (docs/audit-trail.md):
// - a record that was final (or void) in the parent is unchanged, except the one change
//   ehcp makes in place: `ehcp record void` turns `status: final` into `status: void` and
//   adds `void_reason`, nothing else. Values are compared as parsed YAML, so re-quoting or
//   re-ordering a file is not a change; a changed value is.
// - no final or void record was deleted;
// - no record's `id` or `case` changed (nor a case.yaml's `ref`), draft or not;
// - no record was moved or renamed. A move is recognised by identity (the same id, or the
//   same file name, deleted in one place and added in another in one commit), not by git's
//   similarity guess, which misses a move with edits.
// So a final record created and edited inside the range, edited and edited back, or edited
// then deleted, is reported with the commit that did it, though the two ends look fine.
// Also reported: commits that change governance files (settings, schemas, templates, the
// pinned ehcp, hooks, CI), commits whose dates do not add up, and, when the settings
// require it, unsigned commits (core/pushChecks.ts). The policy used is the stricter of
// REV's settings and HEAD's: a push cannot loosen the policy it is checked under.
//
// Merge commits: their combined diff (`git log -c`) lists only the files a merge changed
// relative to every parent, i.e. what the merge itself wrote (a conflict resolved by hand);
// those are judged against the first parent. The branches' own commits are in the range
// and judged one by one.
//
// Cost: ONE `git log` over REV..HEAD (raw diffs with blob ids, dates, parents), ONE
// `git cat-file --batch` for every version that needs reading, ONE `git diff` for what is
// not committed. No process per commit.

import path from 'node:path';
import { EhcpError } from '../../core/errors.js';
import { identityChanges, judgeChange, pairMoves, parseRecordVersion, type RecordValue } from '../../core/finalChanges.js';
import { problem, type Problem, type ProblemRule } from '../../core/problems.js';
import { governanceKind, policyOf, settingsChanges, stricter, suspiciousDates, type Policy } from '../../core/pushChecks.js';
import { catFileBatch } from './catFile.js';
import { attemptGit, git, resolveCommit } from './git.js';
import { CONFIG_FILE } from '../paths.js';
import { logicalKey, parseCasePath } from '../../core/layout.js';
import { readBoundedFile } from '../read/readFile.js';
import { MAX_RECORD_BYTES } from '../../core/yaml.js';

export interface BaseCheckOptions {
  /** The revision to compare with: a commit, branch or tag. */
  base: string;
  /** Compare the index (what is staged) rather than the working tree. */
  staged?: boolean;
}

type Status = 'A' | 'M' | 'D' | 'T';

interface FileChange {
  status: Status;
  path: string;
  oldBlob: string;
  newBlob: string;
}

/** One step of the walk: a commit of the range, or what is not committed yet. */
interface Step {
  /** The commit's id; undefined for the uncommitted step. */
  sha?: string;
  parents: string[];
  author?: number;
  committer?: number;
  /** Whether the commit carries a signature (read only when the policy requires signing). */
  signed?: boolean;
  changes: FileChange[];
  /** Files moved unchanged between layouts in this step (layoutMoves): not judged. */
  layoutMoves?: Set<FileChange>;
}

const ZERO = /^0+$/;
/** A .yaml file in a case folder, in either layout (cases/<REF>/ or cases/<xx>/<REF>/: core/layout.ts). */
const RECORD_FILE = { test: (p: string) => p.endsWith('.yaml') && parseCasePath(p) !== undefined };

/**
 * The files a step moved unchanged to the same case and name in the other layout (what
 * `ehcp migrate` does): a deletion and an addition of the same blob at the same logical
 * key. They are neither moves nor deletions to judge, and their versions need no read.
 * Paired through a map: a migration moves every record at once.
 */
function layoutMoves(step: Step): Set<FileChange> {
  const out = new Set<FileChange>();
  const deleted = new Map<string, FileChange>();
  for (const c of step.changes) if (c.status === 'D' && RECORD_FILE.test(c.path)) deleted.set(logicalKey(c.path), c);
  if (deleted.size === 0) return out;
  for (const c of step.changes) {
    if (c.status !== 'A' || !RECORD_FILE.test(c.path)) continue;
    const d = deleted.get(logicalKey(c.path));
    if (d && d.path !== c.path && d.oldBlob === c.newBlob && !ZERO.test(c.newBlob)) {
      out.add(d);
      out.add(c);
    }
  }
  return out;
}

export async function checkSinceBase(root: string, options: BaseCheckOptions): Promise<Problem[]> {
  const base = await resolveBase(root, options.base);
  const hasHead = (await resolveCommit(root, 'HEAD^{commit}')) !== undefined;

  // The policy: the stricter of REV's settings and HEAD's.
  const [baseConfig, headConfig] = await catFileBatch(root, [`${base.sha}:${CONFIG_FILE}`, ...(hasHead ? [`HEAD:${CONFIG_FILE}`] : [])]);
  const parseConfig = (o: { bytes: Buffer } | undefined) => (o ? parseRecordVersion(CONFIG_FILE, o.bytes)?.value : undefined);
  const policy = stricter(policyOf(parseConfig(baseConfig)), policyOf(parseConfig(headConfig)));

  const { steps, committerDates } = hasHead ? await commitsSince(root, base.sha, policy.requireSigned) : { steps: [], committerDates: new Map<string, number>() };
  steps.push({ parents: [], changes: await uncommitted(root, hasHead ? 'HEAD' : base.sha, options.staged ?? false) });

  // Every version to read, in one cat-file.
  const wanted = new Set<string>();
  for (const step of steps) {
    step.layoutMoves = layoutMoves(step);
    const hasDeletion = step.changes.some((c) => c.status === 'D' && RECORD_FILE.test(c.path) && !step.layoutMoves!.has(c));
    for (const c of step.changes) {
      if (step.layoutMoves.has(c)) continue;
      const record = RECORD_FILE.test(c.path);
      if (!record && c.path !== CONFIG_FILE) continue;
      if (!ZERO.test(c.oldBlob)) wanted.add(c.oldBlob);
      if (!ZERO.test(c.newBlob) && (c.status !== 'A' || hasDeletion || !record)) wanted.add(c.newBlob);
    }
  }
  const ids = [...wanted];
  const objects = await catFileBatch(root, ids);
  const parsed = new Map<string, RecordValue | undefined>();
  ids.forEach((id, i) => parsed.set(id, objects[i] ? parseRecordVersion(id, objects[i]!.bytes)?.value : undefined));
  const valueOf = (step: Step, c: FileChange, side: 'old' | 'new'): { value?: RecordValue; locate?: (p: (string | number)[]) => { line: number; col: number } } => {
    const blob = side === 'old' ? c.oldBlob : c.newBlob;
    if (side === 'new' && c.status === 'D') return {};
    if (!ZERO.test(blob)) return { value: parsed.get(blob) };
    if (side === 'new' && step.sha === undefined) {
      // Not hashed yet: a working-tree file git has not read. Read it (and locate fields in it).
      try {
        // Bounded and type-checked (src/store/read/readFile.ts): a FIFO or a link here is not read.
        const v = parseRecordVersion(c.path, readBoundedFile(path.join(root, c.path), { maxBytes: MAX_RECORD_BYTES, label: c.path, noLinks: true }));
        return v ?? {};
      } catch {
        return {};
      }
    }
    return {};
  };

  const findings = new Findings(options.staged ?? false);
  for (const step of steps) {
    judgeRecords(step, valueOf, findings);
    judgeCommit(step, policy, committerDates, valueOf, findings);
  }
  return findings.problems(base);
}

/** A step's governance changes (the settings, the schemas, the CI), and for a commit its dates and signature. */
function judgeCommit(step: Step, policy: Policy, committerDates: Map<string, number>, valueOf: ValueOf, findings: Findings): void {
  for (const c of step.changes) {
    const kind = governanceKind(c.path);
    if (!kind) continue;
    const detail = c.path === CONFIG_FILE ? settingsChanges(valueOf(step, c, 'old').value, valueOf(step, c, 'new').value).join('; ') : verb(c.status);
    findings.add(step, {
      file: c.path,
      rule: 'governance-change',
      severity: policy.governance,
      key: `${c.path}\0${detail}`,
      what: `${capital(kind)} changed (${detail})`,
      fix: 'a change to how records are checked: make sure it was agreed, and say why in the commit message or the merge request.',
    });
  }
  if (step.sha !== undefined) {
    const firstFile = step.changes[0]?.path ?? CONFIG_FILE;
    const reasons = suspiciousDates({ author: step.author!, committer: step.committer!, parents: step.parents.flatMap((p) => committerDates.get(p) ?? []) });
    if (reasons.length > 0) {
      findings.add(step, {
        file: firstFile,
        rule: 'commit-date',
        severity: policy.dates,
        key: `${step.sha}`,
        what: `A commit's dates do not add up: ${reasons.join(', and ')},`,
        fix: 'which is how a record is backdated. If it was rebased or delayed for a good reason, say so in the review; otherwise find out who made it and why (git show --format=fuller).',
      });
    }
    if (policy.requireSigned && step.signed === false) {
      findings.add(step, {
        file: firstFile,
        rule: 'unsigned-commit',
        severity: 'error',
        key: `${step.sha}`,
        what: 'An unsigned commit, where the settings require signed commits (policy.require_signed_commits),',
        fix: 'sign it: set up commit signing (the records README says how), then re-sign with `git rebase --exec "git commit --amend --no-edit -S" <base>` before it is merged.',
      });
    }
  }
}

// ---------------------------------------------------------------------------------------
// Records

type ValueOf = (step: Step, c: FileChange, side: 'old' | 'new') => { value?: RecordValue; locate?: (p: (string | number)[]) => { line: number; col: number } };

function judgeRecords(step: Step, valueOf: ValueOf, findings: Findings): void {
  const records = step.changes.filter((c) => RECORD_FILE.test(c.path) && !step.layoutMoves?.has(c));
  const deleted = records.filter((c) => c.status === 'D');
  const added = records.filter((c) => c.status === 'A');
  const movedFrom = new Set<FileChange>();
  const movedTo = new Set<FileChange>();
  if (deleted.length > 0 && added.length > 0) {
    const side = (c: FileChange, which: 'old' | 'new') => {
      const id = valueOf(step, c, which).value?.id;
      return { change: c, path: c.path, id: typeof id === 'string' ? id : undefined };
    };
    for (const { from, to } of pairMoves(deleted.map((d) => side(d, 'old')), added.map((a) => side(a, 'new')))) {
      movedFrom.add(from.change);
      movedTo.add(to.change);
      findings.add(step, {
        file: to.path,
        rule: 'record-moved',
        key: from.path,
        what: `This record was moved here from ${from.path}`,
        fix: `records never move (the file name is the id and the folder is the case): move it back with \`git mv ${to.path} ${from.path}\`; to file a record under another case, void it (\`ehcp record void ID --reason ...\`) and write it again in the right case.`,
      });
    }
  }
  for (const c of records) {
    if (movedFrom.has(c) || movedTo.has(c) || c.status === 'A') continue;
    const old = valueOf(step, c, 'old');
    if (!old.value) continue; // unreadable before: nothing was final there to protect
    const isCase = c.path.endsWith('/case.yaml');
    const id = String((isCase ? old.value.ref : old.value.id) ?? path.posix.basename(c.path, '.yaml'));
    const restore = step.sha ? `git checkout ${step.sha.slice(0, 7)}^ -- ${c.path}` : `git checkout HEAD -- ${c.path}`;
    if (c.status === 'D') {
      // A case file is not a finalised record; drafts may be deleted.
      if (isCase || judgeChange(old.value, 'deleted').allowed) continue;
      findings.add(step, {
        file: c.path,
        rule: 'final-deleted',
        what: `This record was ${String(old.value.status)} and has been deleted`,
        fix: `restore it with \`${restore}\`; a record is withdrawn with \`ehcp record void ${id} --reason ...\`, never deleted.`,
        firstFix: true,
      });
      continue;
    }
    const now = valueOf(step, c, 'new');
    // Identity: a record's id and case (a case file's ref) never change, draft or not.
    const changedIdentity = now.value ? identityChanges(old.value, now.value, isCase) : [];
    if (changedIdentity.length > 0) {
      findings.add(step, {
        file: c.path,
        rule: 'record-identity-changed',
        at: now.locate?.([changedIdentity[0]]),
        what: `The ${changedIdentity.map((k) => `\`${k}\``).join(' and ')} of this ${isCase ? 'case' : 'record'} changed since ${'{base}'}`,
        fix: `put back ${changedIdentity.map((k) => `${k}: ${safeScalar(old.value![k])}`).join(', ')}; ${isCase ? 'a case reference never changes' : 'to file a record under another case, void it and write it again there'}.`,
        firstFix: true,
      });
      continue;
    }
    if (isCase) continue; // case files change as a case moves on
    const verdict = judgeChange(old.value, now.value);
    if (verdict.allowed) continue;
    const fields = verdict.kind === 'changed' ? verdict.fields : [];
    findings.add(step, {
      file: c.path,
      rule: 'final-changed',
      at: fields.length > 0 && now.locate && now.value && fields[0] in now.value ? now.locate([fields[0]]) : undefined,
      what: now.value
        ? `This record was ${String(old.value.status)} and has been edited in place (${fields.length > 0 ? `changed: ${fields.join(', ')}` : 'changed'})`
        : `This record was ${String(old.value.status)} and is no longer a readable record`,
      fix: `final records are never edited in place. Restore it with \`${restore}\`, then ${
        old.value.status === 'void' ? 'leave it: a void record stays as it was withdrawn' : `record the correction with \`ehcp record amend ${id}\` (a new record that amends it) or withdraw it with \`ehcp record void ${id} --reason ...\``
      }.`,
      firstFix: true,
    });
  }
}

// ---------------------------------------------------------------------------------------
// Findings, one problem per file and kind, naming every commit that did it

interface Finding {
  file: string;
  rule: ProblemRule;
  severity?: 'error' | 'warning';
  /** Findings with the same file, rule and key are one problem listing several commits. */
  key?: string;
  at?: { line: number; col: number };
  /** `{base}` is replaced by how the base is named. */
  what: string;
  fix: string;
  /** The fix names the first commit's parent: keep the first one's, not the last one's. */
  firstFix?: boolean;
}

class Findings {
  private readonly byKey = new Map<string, { finding: Finding; where: (string | undefined)[] }>();
  constructor(private readonly staged: boolean) {}

  add(step: Step, finding: Finding): void {
    const key = `${finding.file}\0${finding.rule}\0${finding.key ?? ''}`;
    const known = this.byKey.get(key);
    if (known) {
      known.where.push(step.sha);
      if (!finding.firstFix) known.finding = { ...finding, at: finding.at ?? known.finding.at };
    } else {
      this.byKey.set(key, { finding, where: [step.sha] });
    }
  }

  problems(base: ResolvedBase): Problem[] {
    return [...this.byKey.values()].map(({ finding, where }) => {
      const shas = where.filter((s): s is string => s !== undefined);
      const parts: string[] = [];
      if (shas.length > 0) {
        const named = shas.slice(0, 3).map((s) => s.slice(0, 7)).join(', ');
        parts.push(`in commit${shas.length > 1 ? 's' : ''} ${named}${shas.length > 3 ? ` and ${shas.length - 3} more` : ''}`);
      }
      if (where.includes(undefined)) parts.push(this.staged ? 'in the staged change' : 'in changes not yet committed');
      const what = finding.what.replace('{base}', base.label);
      return problem(finding.file, finding.rule, `${what} ${parts.join(' and ')}: ${finding.fix}`, finding.at ?? {}, finding.severity ?? 'error');
    });
  }
}

// ---------------------------------------------------------------------------------------
// git

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
  const sha = await resolveCommit(root, `${rev}^{commit}`);
  if (sha) return { sha, short: sha.slice(0, 7), label: rev === sha ? sha.slice(0, 7) : `${rev} (${sha.slice(0, 7)})` };
  const shallow = (await attemptGit(root, ['rev-parse'], (g) => g.revparse(['--is-shallow-repository']))).stdout.trim() === 'true';
  if (shallow) {
    throw new EhcpError(
      `--base ${rev} is not in this clone: it is shallow, so older commits were not fetched.`,
      `Fetch the full history with \`git fetch --unshallow\` (in CI: actions/checkout with \`fetch-depth: 0\`, GIT_DEPTH: "0" on GitLab, fetchDepth: 0 on Azure), or fetch that commit with \`git fetch origin ${rev}\`, then run again.`,
    );
  }
  throw new EhcpError(
    `--base ${rev} is not a commit in this repository.`,
    'Give a commit, branch or tag that exists here (see `git log --oneline`); for a branch on the remote, `git fetch` first and use e.g. origin/main.',
  );
}

/**
 * The commits of base..HEAD, parents before children, with their raw changes (blob ids).
 * `--boundary` adds the commits just outside the range, for their committer dates only.
 */
async function commitsSince(root: string, base: string, withSignatures: boolean): Promise<{ steps: Step[]; committerDates: Map<string, number> }> {
  const format = '%x1e%m%x1f%H%x1f%P%x1f%at%x1f%ct';
  const { stdout } = await git(root, ['log', '--reverse', '--topo-order', '--boundary', '--no-renames', '--no-abbrev', '--no-ext-diff', '--raw', '-z', '-c', `--format=${format}`, `${base}..HEAD`]);
  const steps: Step[] = [];
  const committerDates = new Map<string, number>();
  for (const chunk of stdout.split('\x1e')) {
    if (chunk === '') continue;
    const end = chunk.indexOf('\0');
    const [mark, sha, parents, author, committer] = (end < 0 ? chunk : chunk.slice(0, end)).replace(/\n$/, '').split('\x1f');
    committerDates.set(sha, Number(committer));
    if (mark === '-') continue; // a boundary commit: outside the range
    const step: Step = { sha, parents: parents ? parents.split(' ') : [], author: Number(author), committer: Number(committer), changes: [] };
    const tokens = end < 0 ? [] : chunk.slice(end + 1).split('\0');
    for (let i = 0; i + 1 < tokens.length; ) {
      const meta = tokens[i].replace(/^\n/, '');
      if (!meta.startsWith(':')) {
        i++;
        continue;
      }
      const change = parseRaw(meta, tokens[i + 1]);
      i += 2;
      if (change) step.changes.push(change);
    }
    steps.push(step);
  }
  if (withSignatures) {
    // Whether a commit carries a signature, from its header: verifying it needs the
    // officers' public keys, which the code host holds (and can require), not the runner.
    const commits = await catFileBatch(root, steps.map((s) => s.sha!));
    steps.forEach((step, i) => {
      const bytes = commits[i]?.bytes;
      const header = bytes ? bytes.subarray(0, Math.max(0, bytes.indexOf('\n\n'))).toString('utf8') : '';
      step.signed = /^gpgsig(-sha256)? /m.test(header);
    });
  }
  return { steps, committerDates };
}

/**
 * One line of `--raw` (":old new oldblob newblob S") or of a combined diff
 * ("::m1 m2 mNew b1 b2 bNew SS"), judged against the first parent.
 */
function parseRaw(meta: string, file: string): FileChange | undefined {
  const parents = /^:+/.exec(meta)![0].length;
  const fields = meta.slice(parents).split(' ');
  const blobs = fields.slice(parents + 1, 2 * parents + 2);
  const status = (fields[2 * parents + 2] ?? '').charAt(0);
  if (!['A', 'M', 'D', 'T'].includes(status) || blobs.length !== parents + 1) return undefined;
  return { status: status as Status, path: file, oldBlob: blobs[0], newBlob: blobs[parents] };
}

/** What is not committed yet: the index (`staged`) or the working tree, against `rev`. */
async function uncommitted(root: string, rev: string, staged: boolean): Promise<FileChange[]> {
  const args = ['diff', '--raw', '-z', '--no-renames', '--no-abbrev', '--no-ext-diff', '--ignore-submodules', ...(staged ? ['--cached'] : []), rev];
  const { stdout } = await git(root, args);
  const tokens = stdout.split('\0');
  const out: FileChange[] = [];
  for (let i = 0; i + 1 < tokens.length; i += 2) {
    const change = parseRaw(tokens[i], tokens[i + 1]);
    if (change) out.push(change);
  }
  return out;
}

/** A value safe to print in a message: ids and references only (never free text). */
function safeScalar(v: unknown): string {
  return typeof v === 'string' && /^[A-Za-z0-9_-]{1,40}$/.test(v) ? v : '(its value at the base)';
}

function verb(status: Status): string {
  return status === 'A' ? 'added' : status === 'D' ? 'deleted' : 'edited';
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
