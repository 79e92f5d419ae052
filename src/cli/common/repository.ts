// The records repository a command works in: --repo, else found from the current folder upward.

import type { Context } from '../context.js';
import { findRepositoryRoot } from '../../store/read/root.js';

export async function repositoryRoot(ctx: Context): Promise<string> {
  return findRepositoryRoot(ctx.cwd, ctx.repo);
}
