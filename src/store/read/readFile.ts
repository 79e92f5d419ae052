// The one way ehcp reads a file: records, ehcp.config.yaml, `--from`, templates, drafts,
// its own caches. A file in a records repository is written by whoever can push to it, so
// a read must not hang (a FIFO), grow without limit (/dev/zero, a file still growing) or
// leave the repository (a symbolic link to /etc/...). Every read here:
// - opens without blocking and checks the OPEN file's type (no swap between check and read):
//   only a regular file is read; a FIFO, device, socket or folder is refused;
// - refuses a symbolic link whose target is outside `root`, when a root is given;
// - reads into a buffer of at most `maxBytes + 1` bytes, so whatever the file claims or
//   becomes, no more than that is ever held in memory.

import fs from 'node:fs';
import path from 'node:path';
import { EhcpError } from '../../core/errors.js';

/** Why a file was not read. */
export type UnreadableReason = 'missing' | 'not-a-file' | 'link-outside' | 'too-large' | 'io';

/** A file ehcp would not or could not read (exit 2 when it reaches the error boundary). */
export class UnreadableFileError extends EhcpError {
  constructor(
    readonly reason: UnreadableReason,
    message: string,
    hint?: string,
    readonly code?: string,
  ) {
    super(message, hint, 2);
    this.name = 'UnreadableFileError';
  }
}

export interface BoundedReadOptions {
  /** The largest file accepted, in bytes. */
  maxBytes: number;
  /** How the file is named in messages: a repository path, or `--from notes.yaml`. Never record text. */
  label: string;
  /** When given, a symbolic link is followed only to a target inside this folder. */
  root?: string;
  /** Refuse every symbolic link (records: they must be regular files). */
  noLinks?: boolean;
}

const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/** The bytes of a regular file, read under the limits above; throws UnreadableFileError. */
export function readBoundedFile(abs: string, options: BoundedReadOptions): Buffer {
  const { label, maxBytes } = options;
  checkLink(abs, options);
  let fd: number;
  try {
    fd = fs.openSync(abs, OPEN_FLAGS | (options.noLinks ? (fs.constants.O_NOFOLLOW ?? 0) : 0));
  } catch (error) {
    throw ioError(error, label, 'opened');
  }
  try {
    let st: fs.Stats;
    try {
      st = fs.fstatSync(fd);
    } catch (error) {
      throw ioError(error, label, 'read');
    }
    if (!st.isFile()) throw notAFile(label, st);
    if (st.size > maxBytes) throw tooLarge(label, st.size, maxBytes);
    // Sized to what the file says it holds (plus one byte to see it grew), never above the limit.
    let buffer = Buffer.allocUnsafe(Math.min(st.size, maxBytes) + 1);
    let n = 0;
    for (;;) {
      let got: number;
      try {
        got = fs.readSync(fd, buffer, n, buffer.length - n, null);
      } catch (error) {
        throw ioError(error, label, 'read');
      }
      if (got === 0) return buffer.subarray(0, n);
      n += got;
      if (n === buffer.length) {
        if (n > maxBytes) throw tooLarge(label, n, maxBytes);
        // The file grew since fstat: make room, up to the limit.
        const bigger = Buffer.allocUnsafe(Math.min(n * 2, maxBytes + 1));
        buffer.copy(bigger, 0, 0, n);
        buffer = bigger;
      }
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** The text of a regular file (UTF-8), read under the same limits. */
export function readBoundedText(abs: string, options: BoundedReadOptions): string {
  return readBoundedFile(abs, options).toString('utf8');
}

/** The limit for ehcp's own caches and drafts (JSON and text it wrote itself). */
export const MAX_STATE_BYTES = 64 * 1024 * 1024;

function checkLink(abs: string, options: BoundedReadOptions): void {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(abs);
  } catch (error) {
    throw ioError(error, options.label, 'found');
  }
  if (!st.isSymbolicLink()) return;
  if (options.noLinks) {
    throw new UnreadableFileError('not-a-file', `${options.label} is a symbolic link; it was not read.`, 'Replace the link with the file itself.');
  }
  if (options.root === undefined) return;
  let target = '';
  let realRoot = '';
  try {
    target = fs.realpathSync(abs);
    realRoot = fs.realpathSync(options.root);
  } catch {
    /* dangling: refused below */
  }
  if (target === '' || !(target === realRoot || target.startsWith(realRoot + path.sep))) {
    throw new UnreadableFileError(
      'link-outside',
      `${options.label} is a symbolic link to somewhere outside the repository; it was not read.`,
      'Replace the link with the file itself.',
    );
  }
}

function notAFile(label: string, st: fs.Stats): UnreadableFileError {
  const kind = st.isFIFO() ? 'a FIFO (named pipe)' : st.isDirectory() ? 'a folder' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : st.isSocket() ? 'a socket' : 'not a regular file';
  return new UnreadableFileError('not-a-file', `${label} is ${kind}, not a regular file; it was not read.`, 'Give a regular file.');
}

function tooLarge(label: string, size: number, max: number): UnreadableFileError {
  return new UnreadableFileError(
    'too-large',
    `${label} is larger than ehcp reads (${Math.ceil(size / 1024)} KiB or more; the limit is ${Math.floor(max / 1024)} KiB); it was not read.`,
    'Check that this is the right file.',
  );
}

function ioError(error: unknown, label: string, verb: string): UnreadableFileError {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new UnreadableFileError('missing', `${label} does not exist.`, 'Check the path.', code);
  if (code === 'ELOOP') return new UnreadableFileError('not-a-file', `${label} is a symbolic link; it was not read.`, 'Replace the link with the file itself.', code);
  if (code === 'EISDIR') return new UnreadableFileError('not-a-file', `${label} is a folder, not a regular file; it was not read.`, 'Give a regular file.', code);
  return new UnreadableFileError('io', `${label} could not be ${verb} (${describeIoCode(code)}).`, 'Check the file, its permissions and the disk.', code);
}

/** A sentence for an I/O error code: what happened, in words. */
export function describeIoCode(code: string | undefined): string {
  switch (code) {
    case 'ENOSPC':
      return 'the disk is full';
    case 'EDQUOT':
      return 'the disk quota is used up';
    case 'EROFS':
      return 'the disk is read-only';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EIO':
      return 'a disk or network read/write error';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many files are open';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    case 'EBUSY':
      return 'the file is in use';
    case 'EAGAIN':
      return 'the file is not ready to be read';
    case 'ENOENT':
      return 'no such file or folder';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'EISDIR':
      return 'it is a folder';
    case 'ELOOP':
      return 'too many symbolic links';
    case 'EXDEV':
      return 'it would cross from one disk to another';
    default:
      return code ? `error ${code}` : 'an unknown error';
  }
}
