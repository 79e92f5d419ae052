// An officer's exported editor and pager: ehcp's git runs through simple-git, which refuses
// to run git when EDITOR, GIT_EDITOR, PAGER or GIT_PAGER is set unless told otherwise. A
// write and a sync (with a rebase: commits received from another officer) must both work
// with all five exported, and none of them may ever be started.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitSync, initRepo, runEhcp, tempDir } from '../helpers/cli.js';

describe('exported EDITOR, VISUAL, PAGER, GIT_EDITOR, GIT_PAGER', () => {
  it('a note and a minutes draft are written and committed, and ehcp sync rebases and pushes; no editor or pager is started', async () => {
    const dir = tempDir('ehcp-editor-env-');
    // A program that fails loudly, and leaves a trace, if anything ever runs it.
    const ran = path.join(dir, 'ran.log');
    const loud = path.join(dir, 'loud.sh');
    fs.writeFileSync(loud, `#!/bin/sh\necho "$0 $*" >> '${ran}'\necho 'an editor or pager was started' >&2\nexit 1\n`, { mode: 0o755 });
    // The five an officer's shell commonly exports, and the credential and SSH programs
    // simple-git also refuses by default.
    const officerEnv = { EDITOR: loud, VISUAL: loud, PAGER: loud, GIT_EDITOR: loud, GIT_PAGER: loud, GIT_ASKPASS: loud, SSH_ASKPASS: loud, GIT_SSH_COMMAND: loud };

    const seed = await initRepo();
    const made = await runEhcp(['case', 'new', '--ref', 'T0042', '--name', 'Test Child Alpha', '--dob', '2015-06-01'], { cwd: seed, env: officerEnv });
    expect(made.stderr).toContain('Opened case T0042; committed');
    expect(made.code).toBe(0);
    const remote = path.join(dir, 'remote.git');
    gitSync(dir, ['clone', '-q', '--bare', seed, remote]);
    const amber = path.join(dir, 'amber');
    const blue = path.join(dir, 'blue');
    gitSync(dir, ['clone', '-q', remote, amber]);
    gitSync(dir, ['clone', '-q', remote, blue]);

    // Blue shares a record first, so Amber's sync has to receive it and rebase.
    const blueNote = await runEhcp(['note', 'new', '--case', 'T0042', '--date', '2024-03-04', '--kind', 'phone', '--summary', 'Called the school'], { cwd: blue });
    expect(blueNote.code).toBe(0);
    expect((await runEhcp(['sync'], { cwd: blue })).code).toBe(0);

    const note = await runEhcp(['note', 'new', '--case', 'T0042', '--date', '2024-03-05', '--kind', 'phone', '--summary', 'Parent called'], { cwd: amber, env: officerEnv });
    expect(note.stderr).not.toContain('not permitted');
    expect(note.code).toBe(0);
    const minutes = await runEhcp(['minutes', 'new', '--case', 'T0042', '--kind', 'annual-review', '--date', '2024-03-05', '--no-input'], { cwd: amber, env: officerEnv });
    expect(minutes.code).toBe(0);
    expect(gitSync(amber, ['status', '--porcelain'])).toBe('');

    const sync = await runEhcp(['sync'], { cwd: amber, env: officerEnv });
    expect(sync.stderr).toContain('Synced main with origin/main: 2 commits pushed, 1 received.');
    expect(sync.code).toBe(0);

    const onRemote = gitSync(remote, ['ls-tree', '-r', '--name-only', 'main', '--', 'cases/T0042']).trim().split('\n');
    expect(onRemote).toEqual(expect.arrayContaining([blueNote.stdout.trim(), note.stdout.trim()]));
    expect(onRemote.filter((f) => f.includes('-minutes-'))).toHaveLength(1);
    expect(gitSync(remote, ['log', '--merges', '--oneline', 'main'])).toBe('');
    expect(fs.existsSync(ran)).toBe(false);
  });
});
