// The last audit's findings, kept under .ehcp/cache/ with everything they were computed
// from, so that asking again with nothing changed (the team lead re-running the week's
// audit, a second format of the same audit, a report after an audit) skips the rules.
//
// The findings are a pure function of: the documents (the read path says when they are
// exactly those of its cache, by the time that cache was written: ReadReport
// `documentsStamp`), HEAD (the history facts: first-commit days, final-record changes),
// the audit date, the case filter, the due-soon window, and the code that computes them
// (ehcp's version and the compiled rules, calendar and audit modules, by size and time).
// Any difference is a miss and the audit runs as before; the cache only ever saves time.
// Like every cache in .ehcp/, it is local and git-ignored: a fresh clone starts without it.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Finding } from '../../core/audit/types.js';
import { CACHE_DIR, ehcpVersion } from '../../store/paths.js';
import { MAX_STATE_BYTES, readBoundedText } from '../../store/read/readFile.js';
import { writeFileAtomic } from '../../store/write/write.js';

const AUDIT_RESULT_CACHE_FILE = `${CACHE_DIR}/audit-result.json`;
const FORMAT = 1;

/** What a set of findings was computed from; equal inputs give equal findings. */
export interface AuditResultInputs {
  head: string | null;
  /** ReadReport.documentsStamp of this read: undefined when the documents changed (no reuse). */
  documentsSince: number | undefined;
  asOf: string;
  case: string | undefined;
  dueWithin: number | undefined;
}

/** The cache key, or undefined when these inputs cannot be matched to a stored result. */
function keyOf(inputs: AuditResultInputs): string | undefined {
  if (inputs.documentsSince === undefined || inputs.head === null) return undefined;
  const key = JSON.stringify([FORMAT, codeIdentity(), inputs.head, inputs.documentsSince, inputs.asOf, inputs.case ?? null, inputs.dueWithin ?? null]);
  return crypto.createHash('sha256').update(key).digest('hex');
}

/** The findings stored for exactly these inputs, if any. */
export function cachedFindings(root: string, inputs: AuditResultInputs): Finding[] | undefined {
  const key = keyOf(inputs);
  if (!key) return undefined;
  try {
    const text = readBoundedText(path.join(root, AUDIT_RESULT_CACHE_FILE), { maxBytes: MAX_STATE_BYTES, label: AUDIT_RESULT_CACHE_FILE, noLinks: true });
    // The key sits at the very start: a different one is seen without parsing the findings.
    if (!text.startsWith(`{"key":"${key}",`)) return undefined;
    const data = JSON.parse(text) as { key: string; findings: unknown };
    return Array.isArray(data.findings) ? (data.findings as Finding[]) : undefined;
  } catch {
    return undefined; // none yet, unreadable or damaged: the audit runs
  }
}

/** Keep these findings for the next audit with the same inputs (best effort). */
export function storeFindings(root: string, inputs: AuditResultInputs, findings: readonly Finding[]): void {
  const key = keyOf(inputs);
  if (!key) return;
  try {
    writeFileAtomic(path.join(root, AUDIT_RESULT_CACHE_FILE), `{"key":"${key}","findings":${JSON.stringify(findings)}}`);
  } catch {
    /* a read-only checkout: the next audit simply computes them again */
  }
}

/**
 * Outside core/, the modules whose code shapes the findings too: what the audit is given
 * (which records, the first-added days, the integrity findings) and how the history facts
 * behind it are read.
 */
const AUDIT_INPUT_MODULES = ['./auditInput', '../../store/git/history', '../../store/git/historyFacts', '../../store/git/recordChanges'];

let identity: string | undefined;
/**
 * The code that computes findings: ehcp's version, and the size and modification time of
 * every compiled module under core/ and of AUDIT_INPUT_MODULES (a development build
 * changes them without a new version number).
 */
function codeIdentity(): string {
  if (identity) return identity;
  const here = path.dirname(fileURLToPath(import.meta.url));
  const coreDir = path.resolve(here, '../../core');
  const parts: string[] = [];
  const stamp = (full: string) => {
    const st = fs.statSync(full);
    parts.push(`${path.relative(coreDir, full)}:${st.size}:${st.mtimeMs}`);
  };
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(js|ts)$/.test(entry.name)) stamp(full);
    }
  };
  try {
    parts.push(`ehcp:${ehcpVersion()}`);
    walk(coreDir);
    // Compiled (.js), or the sources when run from them (.ts, under the test runner). An
    // installed package holds no unbundled dist/cli (docs/architecture.md): its version says it.
    for (const module of AUDIT_INPUT_MODULES) {
      const file = [`${module}.js`, `${module}.ts`].map((f) => path.resolve(here, f)).find((f) => fs.existsSync(f));
      if (file) stamp(file);
    }
  } catch {
    parts.push(`unknown:${Date.now()}:${Math.random()}`); // cannot tell the code: never match
  }
  identity = parts.join('\n');
  return identity;
}
