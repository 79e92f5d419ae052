// Privacy in history (docs/records.md): a repository built through every writing command —
// with the child's name typed into summaries, discussions, reasons and void reasons,
// where it belongs — then synced through a remote. No name or date of birth from any
// case.yaml may appear anywhere in git's metadata: commit messages and trailers, author
// and committer fields, file names, branch and tag names, the reflog, on any clone or the
// remote. Also checked on a repository built by `ehcp demo`.

import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { gitSync, initRepo, runEhcp, tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inProcess.js';

const CHILDREN = [
  { ref: 'P0001', name: 'Quillon Testerby-Vance', dob: '2014-02-17' },
  { ref: 'P0002', name: 'Ünïcode Mëtadata-Probe', dob: '2011-07-08' },
];

/** One writing command, in this process (runCli); `ehcp demo` below runs the binary. */
async function ehcp(cwd: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  const r = await runInProcess([...args, '--no-input'], { cwd });
  if (r.code !== 0) throw new Error(`ehcp ${args.slice(0, 2).join(' ')} failed: ${r.stderr}`);
  return r;
}

const idOf = (r: { stdout: string }) => (JSON.parse(r.stdout) as { id: string }).id;

/** Every piece of git metadata a reader of the history (or the code host) can see. */
function gitMetadata(repo: string): Record<string, string> {
  return {
    'messages, trailers, authors and committers': gitSync(repo, ['log', '--all', '--format=%H%n%an <%ae>%n%cn <%ce>%n%B%n%N']),
    'file names': gitSync(repo, ['log', '--all', '--name-only', '--format=']) + gitSync(repo, ['ls-tree', '-r', '--name-only', 'HEAD']),
    'branch names': gitSync(repo, ['branch', '-a']),
    'tag names': gitSync(repo, ['tag', '-l']),
    reflog: fs.existsSync(path.join(repo, 'logs')) || fs.existsSync(path.join(repo, '.git', 'logs')) ? gitSync(repo, ['reflog', '--all', '--format=%gs']) : '',
  };
}

/** The names and dates of birth in every case.yaml at HEAD (read, not assumed). */
function personalData(repo: string): string[] {
  const out: string[] = [];
  const files = gitSync(repo, ['ls-tree', '-r', '--name-only', 'HEAD', '--', 'cases'])
    .split('\n')
    .filter((f) => /^cases\/[^/]+\/case\.yaml$/.test(f));
  for (const file of files) {
    const value = parse(gitSync(repo, ['show', `HEAD:${file}`])) as { name?: string; dob?: string };
    if (value.name) {
      out.push(value.name);
      // Each distinctive part of the name, too (a surname alone is still personal data).
      out.push(...value.name.split(/[\s-]+/).filter((part) => part.length >= 6 && !/^(Child|Officer|Parent)$/i.test(part)));
    }
    if (value.dob) {
      const [y, m, d] = value.dob.split('-');
      out.push(value.dob, `${d}/${m}/${y}`, `${y}${m}${d}`);
    }
  }
  expect(files.length).toBeGreaterThan(0);
  return out;
}

function expectNoPersonalData(repos: string[]): void {
  for (const repo of repos) {
    const secrets = personalData(repo);
    expect(secrets.length).toBeGreaterThan(0);
    for (const [where, text] of Object.entries(gitMetadata(repo))) {
      for (const secret of secrets) {
        expect(text.includes(secret), `${JSON.stringify(secret)} found in ${where} of ${repo}`).toBe(false);
      }
    }
  }
}

describe('privacy in history', () => {
  it('no name or date of birth from any case.yaml appears in git metadata after every writing command and a sync', async () => {
    const repo = await initRepo();
    const text = (child: (typeof CHILDREN)[number]) => `Spoke about ${child.name} (born ${child.dob})`;
    for (const child of CHILDREN) {
      await ehcp(repo, ['case', 'new', '--ref', child.ref, '--name', child.name, '--dob', child.dob, '--officer', 'Officer Amber Test', '--opened', '2024-01-02']);
      const minutes = idOf(
        await ehcp(repo, [
          'minutes', 'new', '--case', child.ref, '--kind', 'annual-review', '--date', '2024-03-05', '--json',
          '--set', `attendees[0].name=${child.name}`, '--set', 'attendees[0].party=young-person', '--set', 'attendees[0].attendance=present',
          '--set', `purpose=${text(child)}`, '--set', `discussion=${text(child)}`,
          '--set', `decisions[0].decision=Keep the plan for ${child.name}`, '--set', `decisions[0].reasons=${text(child)}`,
        ]),
      );
      await ehcp(repo, ['minutes', 'finalise', minutes, '--approved-by', 'Team Lead Test', '--approved-on', '2024-03-06', '--json']);
      const note = idOf(await ehcp(repo, ['note', 'new', '--case', child.ref, '--date', '2024-03-07', '--kind', 'phone', '--with', child.name, '--summary', text(child), '--json']));
      const comm = idOf(
        await ehcp(repo, ['comm', 'new', '--case', child.ref, '--direction', 'in', '--purpose', 'enquiry', '--date', '2024-03-08', '--party', 'parent', '--summary', text(child), '--json']),
      );
      await ehcp(repo, ['record', 'amend', note, '--set', `summary=${text(child)} again`, '--json']);
      await ehcp(repo, ['record', 'void', comm, '--reason', `Logged for ${child.name} by mistake`, '--json']);
      await ehcp(repo, ['record', 'amend', minutes, '--set', `discussion=${text(child)}, corrected`, '--final', '--json']);
    }
    // Every command above wrote and committed: nothing is left uncommitted.
    expect(gitSync(repo, ['status', '--porcelain'])).toBe('');

    // Shared through a remote with `ehcp sync`, and received by a second officer.
    const dir = tempDir('ehcp-privacy-');
    const remote = path.join(dir, 'remote.git');
    gitSync(dir, ['init', '-q', '--bare', remote]);
    gitSync(repo, ['remote', 'add', 'origin', remote]);
    await ehcp(repo, ['sync']);
    const second = path.join(dir, 'second');
    gitSync(dir, ['clone', '-q', remote, second]);
    await ehcp(second, ['note', 'new', '--case', 'P0001', '--date', '2024-03-09', '--kind', 'email', '--summary', text(CHILDREN[0]), '--json']);
    await ehcp(second, ['sync']);
    await ehcp(repo, ['sync']);

    // The test can fail: the names really are in the records (just not in git's metadata).
    const inFiles = gitSync(repo, ['grep', '-l', CHILDREN[0].name, 'HEAD', '--', 'cases']);
    expect(inFiles.split('\n').filter(Boolean).length).toBeGreaterThan(3);
    expectNoPersonalData([repo, second, remote]);
    // What ehcp prints about the history is metadata too.
    for (const child of CHILDREN) {
      const h = await runEhcp(['history', child.ref], { cwd: repo });
      expect(h.code).toBe(0);
      for (const secret of [child.name, child.dob]) expect(h.stdout + h.stderr).not.toContain(secret);
    }
  });

  it('nor in a repository built by `ehcp demo`', async () => {
    const dir = path.join(tempDir('ehcp-privacy-demo-'), 'demo');
    const r = await runEhcp(['demo', '--dir', dir, '--cases', '6', '--seed', '3'], { cwd: path.dirname(dir) });
    expect(r.code, r.stderr).not.toBe(2);
    expectNoPersonalData([dir]);
  });
});
