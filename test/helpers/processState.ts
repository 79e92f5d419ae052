// The suite runs test files one after another in the same worker process (vitest `isolate:
// false`, vitest.config.ts): starting a process and loading vitest per file cost ~0.3 s of CPU a
// file. So what a test file changes in the process must not reach the next file: this setup
// file puts back the environment (TZ included), the working directory and the exit code as they
// were when the file started. Files still restore what they change themselves; this is the net.

import { afterAll } from 'vitest';

const env = { ...process.env };
const cwd = process.cwd();
const exitCode = process.exitCode;

afterAll(() => {
  for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
  for (const [key, value] of Object.entries(env)) if (process.env[key] !== value) process.env[key] = value;
  if (process.cwd() !== cwd) process.chdir(cwd);
  process.exitCode = exitCode;
});
