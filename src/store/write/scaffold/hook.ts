// ehcp's pre-commit hook in a clone's own .git/hooks (never a tracked file any collaborator
// could change; docs/audit-trail.md). Another hook already there is left alone.

import fs from 'node:fs';
import path from 'node:path';
import { withGit } from '../../git/git.js';
import { writeFileAtomic } from '../write.js';
import { HOOK_MARKER, preCommitHook } from './files.js';

export type HookState = 'installed' | 'current' | 'foreign';

export async function installHook(root: string): Promise<HookState> {
  const common = (await withGit(root, ['rev-parse'], (g) => g.revparse(['--git-common-dir']))).trim();
  const file = path.join(path.resolve(root, common), 'hooks', 'pre-commit');
  const content = preCommitHook();
  if (fs.existsSync(file)) {
    const current = fs.readFileSync(file, 'utf8');
    if (!current.includes(HOOK_MARKER)) return 'foreign';
    if (current === content && (fs.statSync(file).mode & 0o111) !== 0) return 'current';
  }
  writeFileAtomic(file, content, { mode: 0o755 });
  fs.chmodSync(file, 0o755);
  return 'installed';
}
