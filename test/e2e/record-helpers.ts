// Shared by the record-writing end-to-end tests: a repository with one case, and the
// checks every write must pass (one commit with the Ehcp-* trailers holding only the file
// written, a clean working tree, no personal data in git's metadata or file names).

import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { gitSync, initRepo, tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inProcess.js';

export const CHILD_NAME = 'Test Child Alpha';
export const CHILD_DOB = '2015-06-01';

const templates = new Map<string, Promise<string>>();

/**
 * A records repository (made by the real `ehcp init` and `ehcp case new`, in-process) holding case
 * `ref`. Built once per test file and copied for each test: a copy of a git repository is
 * a git repository, and copying takes milliseconds where two spawns take seconds.
 */
export async function repoWithCase(ref = 'T0042'): Promise<string> {
  let template = templates.get(ref);
  if (!template) {
    template = (async () => {
      const repo = await initRepo();
      const r = await runInProcess(['case', 'new', '--ref', ref, '--name', CHILD_NAME, '--dob', CHILD_DOB, '--officer', 'Officer Amber Test', '--opened', '2024-01-02'], { cwd: repo });
      if (r.code !== 0) throw new Error(`case new failed: ${r.stderr}`);
      return repo;
    })();
    templates.set(ref, template);
  }
  const copy = path.join(tempDir(), 'records');
  fs.cpSync(await template, copy, { recursive: true, verbatimSymlinks: true });
  return copy;
}

/** The commit that last touched `file`: its message and the files it changed. */
function commitOf(repo: string, file: string): { sha: string; message: string; files: string[] } {
  const sha = gitSync(repo, ['rev-list', '-1', 'HEAD', '--', file]).trim();
  const message = gitSync(repo, ['log', '-1', '--format=%B', sha]);
  const files = gitSync(repo, ['show', '--name-only', '--format=', sha]).split('\n').filter(Boolean);
  return { sha, message, files };
}

/** `file` was committed alone, with the subject and trailers README.md describes. */
export function expectCommitted(repo: string, file: string, trailers: { case: string; record?: string; action: string; type?: string }): string {
  const { sha, message, files } = commitOf(repo, file);
  expect(files).toEqual([file]);
  const subject = message.split('\n')[0];
  expect(subject).toBe(trailers.record ? `${trailers.case} ${trailers.type} ${trailers.record} ${trailers.action}` : `${trailers.case} case ${trailers.action}`);
  expect(message).toContain(`Ehcp-Case: ${trailers.case}`);
  if (trailers.record) expect(message).toContain(`Ehcp-Record: ${trailers.record}`);
  expect(message).toContain(`Ehcp-Action: ${trailers.action}`);
  expect(gitSync(repo, ['log', '-1', '--format=%an <%ae>', sha]).trim()).toBe('Test Officer <officer@example.invalid>');
  return sha;
}

export function expectClean(repo: string): void {
  expect(gitSync(repo, ['status', '--porcelain'])).toBe('');
}

/** The child's name and date of birth appear nowhere in git's metadata or in file names. */
export function expectNoPersonalData(repo: string): void {
  const meta = gitSync(repo, ['log', '--all', '--format=%B%n%an%n%ae']);
  expect(meta).not.toContain(CHILD_NAME);
  expect(meta).not.toContain(CHILD_DOB);
  const names = gitSync(repo, ['log', '--all', '--name-only', '--format=']) + gitSync(repo, ['ls-files', '--others']);
  expect(names).not.toContain('Test Child');
  expect(names).not.toContain(CHILD_DOB);
}

export async function expectValid(repo: string): Promise<void> {
  const r = await runInProcess(['validate'], { cwd: repo });
  expect(r.stdout + r.stderr).toContain('0 errors');
  expect(r.code).toBe(0);
}

export function read(repo: string, file: string): string {
  return fs.readFileSync(path.join(repo, file), 'utf8');
}

export function recordFiles(repo: string, ref = 'T0042'): string[] {
  return fs
    .readdirSync(path.join(repo, 'cases', ref))
    .filter((f) => f !== 'case.yaml')
    .sort()
    .map((f) => `cases/${ref}/${f}`);
}

export function idOf(file: string): string {
  return path.basename(file.trim(), '.yaml');
}
