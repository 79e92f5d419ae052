// The records repository a command works in: --repo, else found from the current folder upward.

import type { Context } from '../context.js';

export async function repositoryRoot(ctx: Context): Promise<string> {
  const { findRepositoryRoot } = await import('../../store/root.js');
  return findRepositoryRoot(ctx.cwd, ctx.repo);
}
