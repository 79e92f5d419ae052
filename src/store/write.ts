// Atomic writes: a temp file in the same folder, flushed, then moved into place. A new
// record never overwrites anything: it is linked into place, which fails if the name exists.

import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { EhcpError } from '../core/errors.js';

export interface WriteOptions {
  /** Fail instead of replacing an existing file (new records). */
  exclusive?: boolean;
  mode?: number;
}

export function writeFileAtomic(absPath: string, content: string | Uint8Array, options: WriteOptions = {}): void {
  const dir = path.dirname(absPath);
  fs.mkdirSync(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(absPath)}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = fs.openSync(temp, 'wx', options.mode ?? 0o644);
  try {
    if (typeof content === 'string') fs.writeSync(fd, content);
    else fs.writeSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
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
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}
