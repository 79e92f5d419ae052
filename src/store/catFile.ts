// Many git objects in ONE `git cat-file --batch` process: one process per object costs a
// few milliseconds each (500 files ≈ 1 s), a batch costs about that for thousands.
//
// Each request is anything git can name as a line of input: a blob id, `HEAD:path`,
// `<commit>^:path`. The answer comes back in the same order, with the object's id (so
// callers can see that two names are the same content) or undefined when git has no such
// object (a path absent from that commit, a missing object in a damaged clone).

import { spawn } from 'node:child_process';
import { EhcpError } from '../core/errors.js';

export interface CatFileObject {
  /** The object id git resolved the name to. */
  oid: string;
  type: string;
  bytes: Buffer;
}

/** The objects named by `names`, in the same order; undefined where git has none. */
export function catFileBatch(root: string, names: readonly string[]): Promise<(CatFileObject | undefined)[]> {
  if (names.length === 0) return Promise.resolve([]);
  for (const name of names) {
    // One request per line: a name with a newline would be read as two requests and shift
    // every answer after it. Record paths never hold one (the validator refuses them).
    if (name.includes('\n')) throw new EhcpError('An object name passed to git cat-file holds a line break.', 'Rename the file so its name has no line break.');
  }
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], {
      cwd: root,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' },
    });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', (e) => reject(new EhcpError(`could not run git: ${e.message}`, 'Install git and make sure it is on your PATH.')));
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new EhcpError(`git cat-file failed: ${stderr.trim().split('\n').pop() || `exit ${code}`}`, 'Check the repository with `git fsck`.'));
        return;
      }
      try {
        resolve(parseBatch(Buffer.concat(chunks), names.length));
      } catch (error) {
        reject(error);
      }
    });
    child.stdin.on('error', () => {}); // git may exit early; its exit code says why
    child.stdin.end(names.join('\n') + '\n');
  });
}

/**
 * The batch output: per request either `<oid> <type> <size>\n<bytes>\n`, or one line
 * `<name> missing` / `<name> ambiguous` (and, for a path that leaves the tree, git's own
 * wording), which carries no content.
 */
function parseBatch(all: Buffer, count: number): (CatFileObject | undefined)[] {
  const out: (CatFileObject | undefined)[] = new Array(count);
  let pos = 0;
  for (let i = 0; i < count; i++) {
    const nl = all.indexOf(0x0a, pos);
    if (nl < 0) throw new EhcpError('git cat-file stopped before answering every request.', 'Check the repository with `git fsck`.');
    const header = all.subarray(pos, nl).toString('utf8');
    const m = /^([0-9a-f]{40,64}) (\S+) (\d+)$/.exec(header);
    if (!m) {
      out[i] = undefined; // "<name> missing", "<name> ambiguous", "dangling ..." and the like
      pos = nl + 1;
      continue;
    }
    const size = Number(m[3]);
    out[i] = { oid: m[1], type: m[2], bytes: all.subarray(nl + 1, nl + 1 + size) };
    pos = nl + 1 + size + 1;
  }
  return out;
}
