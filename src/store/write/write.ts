// Atomic writes: a temp file in the same folder, flushed, then moved into place. A new
// record never overwrites anything: it is linked into place, which fails if the name exists.
//
// Every path out of writeFileAtomic removes the temp file (a full disk leaves no 0-byte
// `.x.yaml.<hex>.tmp` for validate to ask the officer to commit). An I/O failure (full or
// read-only disk, permission, EIO) becomes a WriteFailedError: exit 2 and a sentence
// saying what happened. With `keep`, what was being written (the officer's typed answers)
// is first saved somewhere else, so nothing typed is lost to a full disk.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { EhcpError } from '../../core/errors.js';
import { describeIoCode } from '../read/readFile.js';

export interface WriteOptions {
  /** Fail instead of replacing an existing file (new records). */
  exclusive?: boolean;
  mode?: number;
  /**
   * How the file is named in messages (a repository path). With it, an I/O failure keeps
   * the content in a private file outside the repository and says where.
   */
  keep?: string;
  /**
   * Where the temporary file is made (default: beside the target). Records use the
   * repository's git-ignored .ehcp/tmp/: a process killed mid-write (kill -9, power cut)
   * cannot clean up, and a temporary file left beside the records would be reported as an
   * uncommitted record. Leftovers there are swept by the next write (sweepTemporaryFiles).
   * Must be on the same filesystem as the target (else the file is written beside it).
   */
  tempDir?: string;
}

/** A write that failed for a reason outside ehcp (disk full, read-only, permission, EIO). */
export class WriteFailedError extends EhcpError {
  constructor(
    readonly code: string | undefined,
    message: string,
    hint: string,
    /** Where the content was kept, when it was. */
    readonly keptAt?: string,
  ) {
    super(message, hint, 2);
    this.name = 'WriteFailedError';
  }
}

export function writeFileAtomic(absPath: string, content: string | Uint8Array, options: WriteOptions = {}): void {
  const dir = path.dirname(absPath);
  let tempDir = options.tempDir ?? dir;
  let tempMade = false;
  let temp = '';
  try {
    makeDir(dir);
    if (options.tempDir) {
      makeDir(options.tempDir);
      // A link or rename only works within one filesystem.
      if (fs.statSync(options.tempDir).dev !== fs.statSync(dir).dev) tempDir = dir;
      else sweepTemporaryFiles(options.tempDir);
    }
    // The writer's pid is in the name, so a sweep knows when its writer is gone.
    temp = path.join(tempDir, `.${path.basename(absPath)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    const fd = fs.openSync(temp, 'wx', options.mode ?? 0o644);
    tempMade = true;
    try {
      writeAll(fd, content);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    if (options.exclusive) {
      try {
        fs.linkSync(temp, absPath);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
          throw new EhcpError(`${path.basename(absPath)} already exists; ehcp never overwrites a file.`, 'Run the command again: a new id will be chosen.');
        }
        throw error;
      }
      fs.unlinkSync(temp);
    } else {
      fs.renameSync(temp, absPath);
    }
    tempMade = false;
  } catch (error) {
    if (tempMade) removeQuietly(temp);
    if (error instanceof EhcpError) throw error;
    throw writeFailure(error, options.keep ?? path.basename(absPath), options.keep ? content : undefined);
  }
}

/** writeSync may write less than asked (a full disk reports ENOSPC only on the next call). */
function writeAll(fd: number, content: string | Uint8Array): void {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  let done = 0;
  while (done < bytes.length) done += fs.writeSync(fd, bytes, done, bytes.length - done);
}

/**
 * mkdir -p that reports the real cause: a recursive mkdir on a read-only disk can fail
 * with ENOENT; making the one missing level again gives EROFS (or EACCES, ENOSPC).
 */
function makeDir(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (error) {
    if (fs.existsSync(dir)) return;
    if (fs.existsSync(path.dirname(dir))) fs.mkdirSync(dir);
    throw error;
  }
}

const TEMP_NAME = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/**
 * Remove the temporary files in `dir` whose writing process no longer exists (killed
 * mid-write). A live writer's file is left alone, whoever it is.
 */
function sweepTemporaryFiles(dir: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    // This process's own write in progress, or another live writer's.
    if (pid === process.pid || processExists(pid)) continue;
    removeQuietly(path.join(dir, name));
  }
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, another user's
  }
}

function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    /* the disk refuses even that: nothing more can be done here */
  }
}

/** The error for a failed write, keeping `content` (typed answers) outside the repository first. */
function writeFailure(error: unknown, label: string, content?: string | Uint8Array): WriteFailedError {
  const code = (error as NodeJS.ErrnoException)?.code;
  const what = `${label} could not be written: ${describeIoCode(code)}${code ? ` (${code})` : ''}.`;
  const keptAt = content !== undefined ? keepElsewhere(content) : undefined;
  const fix = code === 'ENOSPC' || code === 'EDQUOT' ? 'Free some disk space' : code === 'EROFS' ? 'Use a writable copy of the repository' : 'Fix the cause';
  const hint =
    content === undefined
      ? `Nothing was changed. ${fix}, then run the command again.`
      : keptAt
        ? `Nothing was written to the repository. What you entered is kept in ${keptAt} (readable only by you, the record as it would have been written); ${fix.toLowerCase()}, then run the command again (\`ehcp minutes new --from ${keptAt}\` takes it back for minutes), and delete that file.`
        : `Nothing was written to the repository, and no other place could keep what you entered either. ${fix}, then run the command again.`;
  return new WriteFailedError(code, what, hint, keptAt);
}

/** A private copy in the system's temporary folder (usually another disk); undefined if that fails too. */
function keepElsewhere(content: string | Uint8Array): string | undefined {
  const file = path.join(os.tmpdir(), `ehcp-kept-${randomBytes(4).toString('hex')}.yaml`);
  try {
    const fd = fs.openSync(file, 'wx', 0o600);
    try {
      writeAll(fd, content);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    return file;
  } catch {
    removeQuietly(file);
    return undefined;
  }
}
