// Where things are: the package's shipped data, and the layout of a records repository.

import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The installed package's root (holds schemas/, templates/, rules/). Works from src/ and dist/. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const PACKAGE_SCHEMAS = path.join(PACKAGE_ROOT, 'schemas');
export const PACKAGE_TEMPLATES = path.join(PACKAGE_ROOT, 'templates');

export const CONFIG_FILE = 'ehcp.config.yaml';
export const CASES_DIR = 'cases';
/** Local, git-ignored state: cache, drafts, exports. */
export const LOCAL_DIR = '.ehcp';
export const CACHE_DIR = `${LOCAL_DIR}/cache`;
export const DRAFTS_DIR = `${LOCAL_DIR}/drafts`;
/** Temporary files of atomic record writes (same filesystem as cases/, so a link or rename is atomic). */
export const TEMP_DIR = `${LOCAL_DIR}/tmp`;
/** Bundled copies of the schemas, committed into the records repository for editors. */
export const REPO_SCHEMAS_DIR = 'schemas';

export const CASE_REF = /^[A-Z0-9][A-Z0-9_-]{1,31}$/;

export function caseDir(ref: string): string {
  return `${CASES_DIR}/${ref}`;
}
export function caseFile(ref: string): string {
  return `${CASES_DIR}/${ref}/case.yaml`;
}
export function recordFile(ref: string, id: string): string {
  return `${CASES_DIR}/${ref}/${id}.yaml`;
}
