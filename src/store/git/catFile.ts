// Many git objects in ONE `git cat-file --batch` process: one process per object costs a
// few milliseconds each (500 files ≈ 1 s), a batch costs about that for thousands.
//
// Each request is anything git can name as a line of input: a blob id, `HEAD:path`,
// `<commit>^:path`. The answer comes back in the same order, with the object's id (so
// callers can see that two names are the same content) or undefined when git has no such
// object (a path absent from that commit, a missing object in a damaged clone).

import { EhcpError } from '../../core/errors.js';
import { runGit } from './gitPlumbing.js';
import { MAX_RECORD_BYTES } from '../../core/yaml.js';

export interface CatFileObject {
  /** The object id git resolved the name to. */
  oid: string;
  type: string;
  bytes: Buffer;
}

/**
 * The objects named by `names`, in the same order; undefined where git has none. Bytes are
 * kept for objects up to `maxBytes` (default MAX_OBJECT_BYTES, below); a caller that needs
 * whole trees of any size passes Infinity.
 */
export async function catFileBatch(root: string, names: readonly string[], { maxBytes = MAX_OBJECT_BYTES } = {}): Promise<(CatFileObject | undefined)[]> {
  if (names.length === 0) return [];
  for (const name of names) {
    // One request per line: a name with a newline would be read as two requests and shift
    // every answer after it. Record paths never hold one (the validator refuses them).
    if (name.includes('\n')) throw new EhcpError('An object name passed to git cat-file holds a line break.', 'Rename the file so its name has no line break.');
  }
  const parser = new BatchParser(names.length, maxBytes);
  const { code, stderr } = await runGit(root, ['cat-file', '--batch'], { input: names.join('\n') + '\n', onStdout: (d) => parser.push(d) });
  if (code !== 0) throw new EhcpError(`git cat-file failed: ${stderr.trim().split('\n').pop() || `exit ${code}`}`, 'Check the repository with `git fsck`.');
  return parser.finish();
}

/**
 * The largest object whose bytes are kept. Records are at most 1 MiB; a larger object
 * committed where a record belongs (a hand commit of a huge file) is answered with its id
 * and type but no bytes (it reads as unreadable), and its content is skipped as it
 * streams past, so memory stays bounded whatever the history holds.
 */
export const MAX_OBJECT_BYTES = MAX_RECORD_BYTES;

/**
 * The batch output, parsed as it streams: per request either `<oid> <type> <size>\n`
 * then the bytes and a newline, or one line `<name> missing` / `<name> ambiguous` (and,
 * for a path that leaves the tree, git's own wording), which carries no content.
 */
class BatchParser {
  private readonly out: (CatFileObject | undefined)[];
  private answered = 0;
  private pending: Buffer = Buffer.alloc(0);
  /** The object being read: its header, where its bytes go (none when too large), how many are left. */
  private current?: { oid: string; type: string; bytes?: Buffer; filled: number; left: number };

  constructor(
    private readonly count: number,
    private readonly maxBytes: number,
  ) {
    this.out = new Array(count);
  }

  push(chunk: Buffer): void {
    let data = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = Buffer.alloc(0);
    while (data.length > 0) {
      if (this.current) {
        const take = Math.min(this.current.left, data.length);
        if (this.current.bytes) data.copy(this.current.bytes, this.current.filled, 0, take);
        this.current.filled += take;
        this.current.left -= take;
        data = data.subarray(take);
        if (this.current.left === 0) {
          const { oid, type, bytes } = this.current;
          this.out[this.answered++] = { oid, type, bytes: bytes ?? Buffer.alloc(0) };
          this.current = undefined;
        }
        continue;
      }
      const nl = data.indexOf(0x0a);
      if (nl < 0) {
        this.pending = Buffer.from(data);
        return;
      }
      // A header line, or the newline that ends an object's bytes (the line before it was empty).
      const header = data.subarray(0, nl).toString('utf8');
      data = data.subarray(nl + 1);
      if (header === '' && this.answered > 0 && this.expectingTerminator) {
        this.expectingTerminator = false;
        continue;
      }
      this.expectingTerminator = false;
      if (this.answered >= this.count) continue;
      const m = /^([0-9a-f]{40,64}) (\S+) (\d+)$/.exec(header);
      if (!m) {
        this.out[this.answered++] = undefined; // "<name> missing", "<name> ambiguous", "dangling ..." and the like
        continue;
      }
      const size = Number(m[3]);
      this.current = { oid: m[1], type: m[2], ...(size <= this.maxBytes ? { bytes: Buffer.allocUnsafe(size) } : {}), filled: 0, left: size };
      this.expectingTerminator = true;
      if (size === 0) {
        this.out[this.answered++] = { oid: m[1], type: m[2], bytes: Buffer.alloc(0) };
        this.current = undefined;
      }
    }
  }

  private expectingTerminator = false;

  finish(): (CatFileObject | undefined)[] {
    if (this.answered < this.count || this.current) throw new EhcpError('git cat-file stopped before answering every request.', 'Check the repository with `git fsck`.');
    return this.out;
  }
}
