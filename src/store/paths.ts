// Where things are: the package's shipped data, and the layout of a records repository.

import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { readBoundedText } from './read/readFile.js';
import { caseDirIn, casePathIn, layoutOf, SHARD_NAME, shardOf, type Layout } from '../core/layout.js';

export type { Layout } from '../core/layout.js';

/** The installed package's root (holds schemas/, templates/, rules/). Works from src/ and dist/. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const PACKAGE_SCHEMAS = path.join(PACKAGE_ROOT, 'schemas');
export const PACKAGE_TEMPLATES = path.join(PACKAGE_ROOT, 'templates');

let version: string | undefined;
/** The running ehcp's version (its package.json), read once. */
export function ehcpVersion(): string {
  version ??= (JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}

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

export function caseDir(ref: string, layout: Layout): string {
  return caseDirIn(ref, layout);
}
export function caseFile(ref: string, layout: Layout): string {
  return casePathIn(ref, 'case.yaml', layout);
}
export function recordFile(ref: string, id: string, layout: Layout): string {
  return casePathIn(ref, `${id}.yaml`, layout);
}


/** The config is read here before the YAML module (which defines the record size limit) is loaded: the same limit. */
const CONFIG_MAX_BYTES = 1024 * 1024;

/**
 * The repository's layout, from ehcp.config.yaml's `layout:` (flat when it is absent, or
 * the file is missing or unreadable: `ehcp validate` reports a bad config on its own).
 * Each call reads the file: a command that needs the layout more than once passes it on.
 */
export function repositoryLayout(root: string): Layout {
  let text: string;
  try {
    // The one bounded read (a FIFO or /dev/zero planted as the config must not hang this).
    text = readBoundedText(path.join(root, CONFIG_FILE), { maxBytes: CONFIG_MAX_BYTES, label: CONFIG_FILE, root });
  } catch {
    return 'flat';
  }
  // Most configs never mention a layout, and those that do write `layout: sharded`: no YAML
  // parser is loaded for them (it costs every command ~20 ms). Any other form is parsed.
  if (!/^layout\s*:/m.test(text)) return 'flat';
  const plain = /^layout[ \t]*:[ \t]*(["']?)(flat|sharded)\1[ \t]*(#.*)?$/m.exec(text);
  if (plain && text.match(/^layout\s*:/gm)!.length === 1) return plain[2] as Layout;
  try {
    const { parse } = createRequire(import.meta.url)('yaml') as typeof import('yaml');
    return layoutOf(parse(text));
  } catch {
    return 'flat';
  }
}

/**
 * The case references with a folder where `layout` puts them, sorted (nothing is read but
 * folder names: one readdir of cases/, and one per shard in the sharded layout).
 */
export function listCaseRefs(root: string, layout: Layout): string[] {
  const list = (dir: string) => {
    try {
      return fs.readdirSync(path.join(root, dir));
    } catch {
      return [];
    }
  };
  if (layout === 'flat') return list(CASES_DIR).filter((f) => CASE_REF.test(f)).sort();
  const refs: string[] = [];
  for (const shard of list(CASES_DIR).filter((f) => SHARD_NAME.test(f))) {
    for (const ref of list(`${CASES_DIR}/${shard}`)) if (CASE_REF.test(ref) && shardOf(ref) === shard) refs.push(ref);
  }
  return refs.sort();
}
