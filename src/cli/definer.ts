// What each command group exports to program.ts: it adds its commands and flags to the
// program. Its own module so that a command file never imports program.ts (no cycle).

import type { Command } from 'commander';
import type { Context } from './context.js';

export type Definer = (program: Command, context: () => Context) => void;
