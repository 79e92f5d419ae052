// The read path: every document of the records repository with its parse and validation
// result, plus the cross-record and commit-state problems. One function, so a cache or
// worker threads can be slotted in behind it without changing its callers.

import fs from 'node:fs';
import path from 'node:path';
import { crossCheck } from '../core/crossChecks.js';
import { loadDocument, tooLargeProblem, type LoadedDocument } from '../core/document.js';
import { MAX_RECORD_BYTES } from '../core/yaml.js';
import { compareProblems, problem, type Problem } from '../core/problems.js';
import type { CaseFile, CaseRecord, Config } from '../core/records.js';
import { catFileBatch } from './catFile.js';
import { git, gitBuffer } from './git.js';
import { CASE_REF, CASES_DIR, CONFIG_FILE } from './paths.js';
import { getSchemaValidator } from './schemas.js';

export interface Snapshot {
  root: string;
  /** The parsed configuration, when ehcp.config.yaml is valid. */
  config?: Config;
  configDocument: LoadedDocument;
  /** case.yaml files and records, in path order. */
  documents: LoadedDocument[];
  /** Every problem: per file, cross-record, and records not committed. Sorted by file and line. */
  problems: Problem[];
}

export interface ReadOptions {
  /** Read what is staged in git's index instead of the working tree (pre-commit hook). */
  staged?: boolean;
}

/** A file to load: its repository path and how to get its bytes. */
interface SourceEntry {
  file: string;
  symlinkTarget?: string;
  bytes?: Uint8Array;
  problem?: Problem;
}

export async function readRepository(root: string, options: ReadOptions = {}): Promise<Snapshot> {
  const validator = getSchemaValidator();
  const [entries, strays] = options.staged ? await listIndex(root) : listWorkingTree(root);
  const configEntry = entries.find((e) => e.file === CONFIG_FILE);
  const configDocument: LoadedDocument = configEntry
    ? loadEntry(configEntry, (file, bytes) => loadDocument(file, bytes, validator, ['config']))
    : {
        file: CONFIG_FILE,
        valid: false,
        keyLines: {},
        problems: [problem(CONFIG_FILE, 'config', `${CONFIG_FILE} is missing; run \`ehcp init\` in the repository to create it.`)],
      };
  const documents = entries
    .filter((e) => e.file !== CONFIG_FILE)
    .map((e) =>
      loadEntry(e, (file, bytes) => loadDocument(file, bytes, validator, file.endsWith('/case.yaml') ? ['case'] : undefined)),
    );
  const problems = [...configDocument.problems, ...strays, ...documents.flatMap((d) => d.problems), ...crossCheck(documents)];
  if (!options.staged) problems.push(...(await uncommittedProblems(root)));
  problems.sort(compareProblems);
  return {
    root,
    config: configDocument.valid ? (configDocument.value as unknown as Config) : undefined,
    configDocument,
    documents,
    problems,
  };
}

function loadEntry(entry: SourceEntry, load: (file: string, bytes: Uint8Array) => LoadedDocument): LoadedDocument {
  if (entry.problem) return { file: entry.file, valid: false, problems: [entry.problem], keyLines: {} };
  return load(entry.file, entry.bytes ?? new Uint8Array());
}

/** The valid, non-void records (draft and final) and cases of a snapshot. */
export function usableRecords(snapshot: Snapshot): { cases: Map<string, CaseFile>; records: CaseRecord[] } {
  const cases = new Map<string, CaseFile>();
  const records: CaseRecord[] = [];
  for (const doc of snapshot.documents) {
    if (!doc.valid || !doc.value) continue;
    if (doc.type === 'case') cases.set((doc.value as unknown as CaseFile).ref, doc.value as unknown as CaseFile);
    else records.push(doc.value as unknown as CaseRecord);
  }
  return { cases, records };
}

function listWorkingTree(root: string): [SourceEntry[], Problem[]] {
  const entries: SourceEntry[] = [];
  const strays: Problem[] = [];
  const realRoot = fs.realpathSync(root);
  const visit = (rel: string) => {
    const abs = path.join(root, rel);
    let st: fs.Stats;
    try {
      st = fs.lstatSync(abs);
    } catch {
      return;
    }
    if (st.isSymbolicLink()) {
      let target = '';
      try {
        target = fs.realpathSync(abs);
      } catch {
        /* dangling */
      }
      const inside = target !== '' && (target === realRoot || target.startsWith(realRoot + path.sep));
      entries.push({
        file: rel,
        problem: problem(
          rel,
          'symlink-outside',
          inside
            ? 'Records must be regular files, not symbolic links; replace the link with the file itself.'
            : 'This is a symbolic link pointing outside the repository; it was not read. Remove it and keep records as regular files.',
        ),
      });
      return;
    }
    if (!st.isFile()) return;
    if (st.size > MAX_RECORD_BYTES) {
      // Refuse a huge file without reading it into memory.
      entries.push({ file: rel, problem: tooLargeProblem(rel, st.size) });
      return;
    }
    try {
      entries.push({ file: rel, bytes: fs.readFileSync(abs) });
    } catch (error) {
      entries.push({ file: rel, problem: problem(rel, 'file-unreadable', `The file could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); check its permissions.`) });
    }
  };
  if (fs.existsSync(path.join(root, CONFIG_FILE))) visit(CONFIG_FILE);
  let folders: fs.Dirent[] = [];
  try {
    folders = fs.readdirSync(path.join(root, CASES_DIR), { withFileTypes: true });
  } catch {
    /* no cases yet */
  }
  folders.sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const folder of folders) {
    const rel = `${CASES_DIR}/${folder.name}`;
    if (!folder.isDirectory()) {
      if (folder.isSymbolicLink()) visit(rel);
      else strays.push(problem(rel, 'stray-file', 'Only case folders belong in cases/; move this file elsewhere.', {}, 'warning'));
      continue;
    }
    if (!CASE_REF.test(folder.name)) {
      strays.push(problem(rel, 'stray-file', 'This folder name is not a case reference (capitals, digits, - and _); its files were not read. Rename it to the case reference.', {}, 'error'));
      continue;
    }
    const files = fs.readdirSync(path.join(root, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const f of files) {
      const frel = `${rel}/${f.name}`;
      if (f.name.endsWith('.yaml') && (f.isFile() || f.isSymbolicLink())) visit(frel);
      else if (f.isSymbolicLink()) visit(frel);
      else if (!f.name.startsWith('.')) strays.push(problem(frel, 'stray-file', 'Only .yaml records belong in a case folder; this file was not read. Move it out of cases/.', {}, 'warning'));
    }
  }
  return [entries, strays];
}

async function listIndex(root: string): Promise<[SourceEntry[], Problem[]]> {
  const { stdout } = await git(root, ['ls-files', '-s', '-z', '--', CONFIG_FILE, CASES_DIR]);
  const rows = stdout.split('\0').filter(Boolean).map((row) => {
    const [meta, file] = row.split('\t');
    const [mode, blob] = meta.split(' ');
    return { mode, blob, file };
  });
  const strays: Problem[] = [];
  const entries: SourceEntry[] = [];
  const wanted = rows.filter((r) => {
    if (r.mode === '120000') {
      entries.push({ file: r.file, problem: problem(r.file, 'symlink-outside', 'A symbolic link is staged here; records must be regular files. Unstage it with `git rm --cached`.') });
      return false;
    }
    if (r.file !== CONFIG_FILE && !/^cases\/[^/]+\/[^/]+\.yaml$/.test(r.file)) {
      strays.push(problem(r.file, 'stray-file', 'Only .yaml records belong in a case folder; this file was not read.', {}, 'warning'));
      return false;
    }
    return true;
  });
  if (wanted.length > 0) {
    const blobs = await catFileBatch(root, wanted.map((r) => r.blob));
    wanted.forEach((r, i) => entries.push({ file: r.file, bytes: blobs[i]?.bytes }));
  }
  entries.sort((a, b) => (a.file < b.file ? -1 : 1));
  return [entries, strays];
}

/** Records written but not committed (or deleted without a commit): reported until committed. */
async function uncommittedProblems(root: string): Promise<Problem[]> {
  const r = await git(root, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', CASES_DIR, CONFIG_FILE], { allowFailure: true });
  if (r.code !== 0) return [];
  const out: Problem[] = [];
  const parts = r.stdout.split('\0');
  for (let i = 0; i < parts.length; i++) {
    const row = parts[i];
    if (row.length < 4) continue;
    const code = row.slice(0, 2);
    const file = row.slice(3);
    if (code[0] === 'R' || code[0] === 'C') i++; // the next part is the old name
    const deleted = code.includes('D');
    out.push(
      problem(
        file,
        'uncommitted',
        deleted
          ? 'This record was deleted but the deletion is not committed; restore it with `git checkout -- FILE` (final records are voided, never deleted).'
          : 'This file is not committed, so the audit trail does not hold it yet; commit it (`git add FILE && git commit`) or remove it.',
        {},
        'warning',
      ),
    );
  }
  return out;
}
