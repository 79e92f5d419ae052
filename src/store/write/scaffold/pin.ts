// The exact ehcp a records repository is checked with (docs/audit-trail.md, "The pinned
// tool"). By default `ehcp init` packs the running ehcp with `npm pack` into
// tools/ehcp-<version>.tgz, tracked in the repository, and CI installs that file: the
// authority holds the tool it is checked with, and no unowned package name is ever
// installed. ehcp.config.yaml may name another source instead (`install.source`: an
// internal registry's `name@version`, a git URL), which the CI files and the hook use.
//
// Packing costs ~0.7 s of npm, so the packed file is kept in the user's cache folder,
// keyed by a hash of every file npm packs; a second `init` with the same ehcp copies it.
// npm writes tar entries with fixed times and in a fixed order, so the same build packs to
// the same bytes on every machine.

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EhcpError } from '../../../core/errors.js';
import { ehcpVersion, PACKAGE_ROOT } from '../../paths.js';
import { writeFileAtomic } from '../write.js';

const TOOLS_DIR = 'tools';
const TARBALL = /^ehcp-(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\.tgz$/;

/** A source npm can install from without a shell quoting it (name@version, git URL, path). */
export const INSTALL_SOURCE = /^[A-Za-z0-9@._/:+#~=-]{1,300}$/;


export function tarballPath(version: string): string {
  return `${TOOLS_DIR}/ehcp-${version}.tgz`;
}

/** The command CI (and the hook's hint) installs ehcp with. */
export function installCommand(pin: { source?: string; version: string }): string {
  return `npm install --global ${pin.source ?? `./${tarballPath(pin.version)}`}`;
}

/** The versions of ehcp tracked under tools/ (normally one). */
export function pinnedTarballs(root: string): { file: string; version: string }[] {
  let names: string[];
  try {
    names = fs.readdirSync(path.join(root, TOOLS_DIR));
  } catch {
    return [];
  }
  return names.flatMap((n) => {
    const m = TARBALL.exec(n);
    return m ? [{ file: `${TOOLS_DIR}/${n}`, version: m[1] }] : [];
  });
}

/** The version a configured install source names (`name@1.2.3`, `...#v1.2.3`), if it names one. */
export function versionOfSource(source: string): string | undefined {
  return /(?:@|#v?|-)(\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?)(?:\.tgz)?$/.exec(source)?.[1];
}

/** -1, 0, 1: semantic version order (a pre-release sorts before its release). */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const [core, pre] = v.split('-', 2);
    return { nums: core.split('.').map((n) => Number(n)), pre };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) {
    const d = (x.nums[i] ?? 0) - (y.nums[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  if (x.pre === y.pre) return 0;
  if (x.pre === undefined) return 1;
  if (y.pre === undefined) return -1;
  return x.pre < y.pre ? -1 : 1;
}

/** The running ehcp packed as npm would publish it: the bytes of ehcp-<version>.tgz. */
export async function packRunningEhcp(): Promise<Buffer> {
  const version = ehcpVersion();
  const key = packageHash();
  const cacheDir = path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'ehcp', 'packed');
  const cached = path.join(cacheDir, `ehcp-${version}-${key}.tgz`);
  try {
    return fs.readFileSync(cached);
  } catch {
    // not packed yet
  }
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'ehcp-pack-'));
  try {
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        process.platform === 'win32' ? 'npm.cmd' : 'npm',
        // On Windows npm is npm.cmd, run through the shell: quote the folder (it may hold spaces).
        ['pack', '--ignore-scripts', '--silent', '--pack-destination', process.platform === 'win32' ? `"${out}"` : out],
        { cwd: PACKAGE_ROOT, env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false' }, shell: process.platform === 'win32' },
        (error, so, se) => (error ? reject(new Error(String(se || error.message).trim().split('\n').slice(-2).join(' '))) : resolve(so)),
      );
    });
    const name = stdout.trim().split('\n').pop() ?? '';
    const bytes = fs.readFileSync(path.join(out, path.basename(name)));
    try {
      fs.mkdirSync(cacheDir, { recursive: true });
      writeFileAtomic(cached, bytes);
    } catch {
      // A cache that cannot be written only costs time next run.
    }
    return bytes;
  } catch (error) {
    throw new EhcpError(
      `Could not pack the running ehcp into ${tarballPath(version)}: ${(error as Error).message}`,
      'npm must be on PATH (it comes with Node.js). Or name where CI installs ehcp from instead: `ehcp init --install-source <name@version or git URL>`.',
    );
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

/** A hash of the files npm packs (package.json, its `files`, README and LICENSE), so the cache follows every change. */
function packageHash(): string {
  const hash = createHash('sha256');
  const pkg = fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'));
  hash.update(pkg);
  const entries = (JSON.parse(pkg.toString('utf8')) as { files?: string[] }).files ?? [];
  const walk = (rel: string) => {
    const abs = path.join(PACKAGE_ROOT, rel);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(abs).sort()) walk(path.posix.join(rel, name));
    } else if (stat.isFile()) {
      hash.update(`\0${rel}\0${stat.size}\0`);
      hash.update(fs.readFileSync(abs));
    }
  };
  for (const e of entries) walk(e.split('/')[0]);
  // npm packs these whatever `files` says.
  for (const name of fs.readdirSync(PACKAGE_ROOT).sort()) if (/^(readme|license|licence)(\..*)?$/i.test(name)) walk(name);
  return hash.digest('hex').slice(0, 16);
}
