// Finding the records repository: --repo, or upward from the working directory like git.

import fs from 'node:fs';
import path from 'node:path';
import { EhcpError } from '../../core/errors.js';
import { CONFIG_FILE } from '../paths.js';

export function findRepositoryRoot(cwd: string, explicit?: string): string {
  if (explicit) {
    const dir = path.resolve(cwd, explicit);
    if (!fs.existsSync(path.join(dir, CONFIG_FILE))) {
      throw new EhcpError(`${dir} is not an ehcp records repository (no ${CONFIG_FILE}).`, `Create one with \`ehcp init ${explicit}\`, or give the right --repo.`);
    }
    return dir;
  }
  let dir = path.resolve(cwd);
  for (;;) {
    if (fs.existsSync(path.join(dir, CONFIG_FILE))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new EhcpError(
    `No ehcp records repository here or in any parent folder (looked for ${CONFIG_FILE}).`,
    'Run the command inside a records repository, give --repo DIR, or create one with `ehcp init DIR`.',
  );
}
