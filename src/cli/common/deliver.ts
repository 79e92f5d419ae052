// Where a document made by `ehcp report` or `ehcp export` goes.

import path from 'node:path';
import { emit, say, type Context } from '../context.js';
import { EhcpError } from '../../core/errors.js';
import { writeFileAtomic } from '../../store/write/write.js';
import fs from 'node:fs';

/** Write to --out, or stdout (not a terminal), or a file under the repository's ignored .ehcp/ folder (terminal). */
export async function deliver(ctx: Context, text: string, options: { out?: string; root: string; defaultName: string; what: string }): Promise<string | undefined> {
  let target: string;
  if (options.out !== undefined) target = path.resolve(ctx.cwd, options.out);
  else if (!(ctx.stdout as { isTTY?: boolean }).isTTY) {
    emit(ctx, text);
    return undefined;
  } else target = path.join(options.root, options.defaultName);
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    writeFileAtomic(target, text);
  } catch (error) {
    if (error instanceof EhcpError) throw error;
    throw new EhcpError(`Could not write the ${options.what} to ${options.out ?? options.defaultName} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`, 'Check that the folder exists and can be written to.');
  }
  say(ctx, `ehcp ${options.what}: written to ${target}`);
  if (options.out === undefined) emit(ctx, target);
  return target;
}
