// Where case folders live in a records repository, and how a path under cases/ is read.
//
// Two layouts, chosen in ehcp.config.yaml (`layout:`; absent means flat):
// - flat:    cases/<REF>/<file>.yaml          (readable; every repository before sharding)
// - sharded: cases/<xx>/<REF>/<file>.yaml     xx = the first two hex digits of SHA-1(REF)
// Why shards: git diffs trees folder by folder, so every commit of a flat repository with
// 5,000 cases compares a 5,000-entry cases/ tree; with 256 shards it compares one shard of
// ~20 entries plus a 256-entry cases/ tree, and the first history read costs a quarter.
// SHA-1, as git's own objects/ folder: spread evenly, stable, and available wherever Node
// runs (an OpenSSL set up for FIPS may refuse MD5, never SHA-1 for a non-security use).
//
// A path under cases/ names a case and a file whatever the layout: `logicalKey` is that
// pair ("<REF>/<file>"), which is what history matches across a migration between layouts.

import { createHash } from 'node:crypto';

export type Layout = 'flat' | 'sharded';

const CASES = 'cases';
/** A shard folder's name: two lower-case hex digits (a case reference is never lower case). */
export const SHARD_NAME = /^[0-9a-f]{2}$/;

const shards = new Map<string, string>();
/** The shard folder of a case reference: the first two hex digits of SHA-1(ref). */
export function shardOf(ref: string): string {
  let s = shards.get(ref);
  if (s === undefined) {
    s = createHash('sha1').update(ref, 'utf8').digest('hex').slice(0, 2);
    if (shards.size > 1_000_000) shards.clear();
    shards.set(ref, s);
  }
  return s;
}

/** The layout an ehcp.config.yaml value asks for (anything but `sharded` is flat). */
export function layoutOf(config: unknown): Layout {
  return config !== null && typeof config === 'object' && (config as { layout?: unknown }).layout === 'sharded' ? 'sharded' : 'flat';
}

/** A case's folder, relative to the repository root. */
export function caseDirIn(ref: string, layout: Layout): string {
  return layout === 'sharded' ? `${CASES}/${shardOf(ref)}/${ref}` : `${CASES}/${ref}`;
}

/** A file of a case folder (`case.yaml`, `<id>.yaml`), relative to the repository root. */
export function casePathIn(ref: string, name: string, layout: Layout): string {
  return `${caseDirIn(ref, layout)}/${name}`;
}

/** A path under cases/ read as case and file name; `shard` is set for the sharded form. */
export interface CasePath {
  ref: string;
  name: string;
  shard?: string;
}

/**
 * `cases/<REF>/<name>` or `cases/<xx>/<REF>/<name>` (xx two lower-case hex digits) as case
 * and file; anything else (deeper, shallower, outside cases/) is undefined. The two forms
 * differ in depth, so a path is never ambiguous, whatever the repository's layout.
 */
export function parseCasePath(p: string): CasePath | undefined {
  if (!p.startsWith('cases/')) return undefined;
  const a = p.indexOf('/', 6);
  if (a <= 6) return undefined;
  const b = p.indexOf('/', a + 1);
  if (b < 0) return a === p.length - 1 ? undefined : { ref: p.slice(6, a), name: p.slice(a + 1) };
  if (p.indexOf('/', b + 1) >= 0 || b === p.length - 1 || b === a + 1) return undefined;
  const shard = p.slice(6, a);
  if (!SHARD_NAME.test(shard)) return undefined;
  return { ref: p.slice(a + 1, b), name: p.slice(b + 1), shard };
}

/** A .yaml file of a case folder (either layout): its case, and its id (the file name without .yaml; `case` for case.yaml). */
export function caseFileOf(p: string): { ref: string; id: string } | undefined {
  const c = parseCasePath(p);
  return c && c.name.endsWith('.yaml') ? { ref: c.ref, id: c.name.slice(0, -5) } : undefined;
}

/** "<REF>/<name>" for a path under cases/ in either layout; any other path unchanged. */
export function logicalKey(p: string): string {
  const c = parseCasePath(p);
  return c ? `${c.ref}/${c.name}` : p;
}

/** The same file's path in `layout` (a path that is not a case file is returned unchanged). */
export function inLayout(p: string, layout: Layout): string {
  const c = parseCasePath(p);
  return c ? casePathIn(c.ref, c.name, layout) : p;
}

/** Whether a parsed path is where `layout` puts it (the right form, and the right shard). */
export function isPlaced(c: CasePath, layout: Layout): boolean {
  return layout === 'sharded' ? c.shard === shardOf(c.ref) : c.shard === undefined;
}

/** Why a case folder is not where `layout` puts it, and how to move it; undefined when it is. */
export function misplacedMessage(c: CasePath, layout: Layout): string | undefined {
  if (isPlaced(c, layout)) return undefined;
  const home = `${caseDirIn(c.ref, layout)}/`;
  if (layout === 'flat') return `This repository uses the flat layout (ehcp.config.yaml), so case ${c.ref}'s folder belongs at ${home}; move it there with \`git mv\`, or set the repository's layout with \`ehcp migrate --layout sharded\`.`;
  if (c.shard === undefined) return `This repository uses the sharded layout (ehcp.config.yaml), so case ${c.ref}'s folder belongs at ${home}, not directly under cases/; move it there with \`git mv\`.`;
  return `Case ${c.ref}'s folder is in the wrong shard: it belongs at ${home}; move it there with \`git mv\`.`;
}

/** The layout a case file's own path is in (a path outside cases/ counts as flat). */
export function layoutOfPath(p: string): Layout {
  return parseCasePath(p)?.shard !== undefined ? 'sharded' : 'flat';
}

/**
 * A path a person typed, in `layout`: `cases/<REF>` or `cases/<REF>/<file>` given in the
 * flat form names the case's folder wherever the layout puts it. Anything else unchanged.
 */
export function caseFolderInLayout(p: string, layout: Layout): string {
  if (layout !== 'sharded') return p;
  const m = /^cases\/([^/]+)(\/.*)?$/.exec(p);
  if (!m || SHARD_NAME.test(m[1]) || !/^[A-Z0-9][A-Z0-9_-]{1,31}$/.test(m[1])) return p;
  return `${caseDirIn(m[1], layout)}${m[2] ?? ''}`;
}
