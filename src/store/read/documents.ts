// The way in for reading records: every document ehcp reads (the whole repository through
// read.ts, one case folder, the case files, one file, a file at a commit) is made from its
// bytes by documentOf here, so all readers check a file the same way. The readers of one
// file or one case folder live here too: they stat and read only what they are asked for,
// so a write (which reads only its case folder) stays fast.

import fs from 'node:fs';
import path from 'node:path';
import { loadDocument, type LoadedDocument } from '../../core/document.js';
import { EhcpError, UsageError } from '../../core/errors.js';
import { problem } from '../../core/problems.js';
import type { DocumentType } from '../../core/records.js';
import { MAX_RECORD_BYTES } from '../../core/yaml.js';
import { CASE_REF, caseDir, caseFile, CONFIG_FILE, listCaseRefs, repositoryLayout } from '../paths.js';
import { fastLoadDocument } from './fastLoad.js';
import { readBoundedFile } from './readFile.js';
import { getSchemaValidator } from './schemas.js';

/** The types a file may hold, by its path: the config, a case.yaml, or a record. */
function expectedAt(file: string): DocumentType[] | undefined {
  if (file === CONFIG_FILE) return ['config'];
  if (file.endsWith('/case.yaml')) return ['case'];
  return undefined;
}

/**
 * One file's checked document from its bytes: the fast lane when it can answer, the precise
 * loader otherwise (the config is always read precisely). `expected` narrows the types
 * allowed (default: what the path holds).
 */
export function documentOf(file: string, bytes: Uint8Array, expected: DocumentType[] | undefined = expectedAt(file)): LoadedDocument {
  const validator = getSchemaValidator();
  if (file === CONFIG_FILE) return loadDocument(file, bytes, validator, expected);
  return fastLoadDocument(file, bytes, validator, expected) ?? loadDocument(file, bytes, validator, expected);
}

/** Read and check one file of the repository (a record or a case.yaml), with its text. Throws when it cannot be read. */
export function readDocument(root: string, file: string, expected?: DocumentType[]): { doc: LoadedDocument; text: string } {
  const abs = path.join(root, file);
  const bytes = readBoundedFile(abs, { maxBytes: MAX_RECORD_BYTES, label: file, noLinks: true });
  return { doc: documentOf(file, bytes, expected), text: bytes.toString('utf8') };
}

export function assertCaseRef(ref: string, flag = '--case'): void {
  if (!CASE_REF.test(ref)) {
    throw new UsageError(`${flag} must be a case reference: capitals, digits, - and _, 2 to 32 characters.`, 'Case references are opaque codes such as C0042, never a name.');
  }
}

/** Every case.yaml (and only those): for `case list` and the case picker. */
export function readCaseFiles(root: string): LoadedDocument[] {
  const layout = repositoryLayout(root);
  const out: LoadedDocument[] = [];
  for (const ref of listCaseRefs(root, layout)) {
    const file = caseFile(ref, layout);
    if (!fs.existsSync(path.join(root, file))) continue;
    out.push(loadOrExplain(root, file));
  }
  return out;
}

/** The case.yaml and records of one case folder. */
export function readCaseFolder(root: string, ref: string): LoadedDocument[] {
  assertCaseRef(ref, 'REF');
  const folder = caseDir(ref, repositoryLayout(root));
  const dir = path.join(root, folder);
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.yaml')).sort();
  } catch {
    throw new EhcpError(`There is no case ${ref} in this repository.`, 'See the cases with `ehcp case list`.');
  }
  return names.map((name) => loadOrExplain(root, `${folder}/${name}`));
}

/** readDocument, with a file it refuses to read (a link, too large) turned into a problem. */
/** One file's document (its type from where it is: expectedAt), or why it could not be read. */
function loadOrExplain(root: string, file: string): LoadedDocument {
  try {
    return readDocument(root, file).doc;
  } catch (error) {
    if (!(error instanceof EhcpError)) throw error;
    return { file, valid: false, problems: [problem(file, 'file-unreadable', error.message)], keyLines: {} };
  }
}
