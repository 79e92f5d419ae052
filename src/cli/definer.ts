// What each command module exports to program.ts: given its command (already named and
// described by program.ts's table), it adds the flags, arguments, subcommands and action.
// Its own module so that a command file never imports program.ts (no cycle).

import type { Command } from 'commander';
import type { Context } from './context.js';

export type Definer = (command: Command, context: () => Context, program: Command) => void;
