// Shell completion: the bash script sourced in a real bash, the completion function called
// as bash calls it (COMP_WORDS, COMP_CWORD), against a real repository. The candidate
// logic itself is tested in-process (fast); one spawn proves the script and the binary fit.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { candidates, completionScript } from '../../src/cli/commands/completion.js';
import { runEhcp, userEnv } from '../helpers/cli.js';
import { idOf, repoWithCase } from './record-helpers.js';

const hasBash = spawnSync('bash', ['--version']).status === 0;

async function repoWithRecords(): Promise<{ repo: string; note: string }> {
  const repo = await repoWithCase();
  const note = (await runEhcp(['note', 'new', '--case', 'T0042', '--date', '2024-03-06', '--summary', 'Called'], { cwd: repo })).stdout.trim();
  return { repo, note: idOf(note) };
}

// Every command loaded, as for the completion scripts' `ehcp __complete`.
const program = await buildProgram();

describe('completion candidates', () => {
  const complete = (line: string, cwd: string) => {
    const words = line.split(' ');
    return candidates(program, words, words.length - 1, cwd);
  };

  it('commands, subcommands, flags, choices and dates', () => {
    const cwd = process.cwd();
    expect(complete('ehcp min', cwd)).toEqual(['minutes']);
    expect(complete('ehcp minutes ', cwd)).toEqual(['new', 'finalise', 'edit']);
    expect(complete('ehcp minutes new --fi', cwd)).toEqual(['--final']);
    expect(complete('ehcp minutes new --kind appeal', cwd)).toEqual(['appeal-hearing']);
    expect(complete('ehcp note new --date ', cwd)).toEqual(['today', 'yesterday']);
    expect(complete('ehcp completion ', cwd)).toEqual(['bash', 'zsh', 'fish']);
    expect(complete('ehcp ', cwd)).not.toContain('__complete'); // hidden
    expect(complete('ehcp audit --no-c', cwd)).toEqual(['--no-color']);
  });

  it('case references and record ids from folder names, in any case typed', async () => {
    const { repo, note } = await repoWithRecords();
    expect(complete('ehcp case show t0', repo)).toEqual(['T0042']);
    expect(complete('ehcp minutes new --case ', repo)).toEqual(['T0042']);
    expect(complete('ehcp record show 2024-03', repo)).toEqual([note]);
    expect(complete('ehcp action done --case t0042 2024', repo)).toEqual([note]);
    expect(complete('ehcp history T', repo)).toEqual(['T0042']);
    expect(complete('ehcp case show X', repo)).toEqual([]);
    expect(complete('ehcp case show ', path.dirname(repo))).toEqual([]); // not in a repository: nothing, no error
  });
});

describe.skipIf(!hasBash)('the bash completion script', () => {
  it('sourced in bash, registers the function and completes a case reference and a record id', async () => {
    const { repo, note } = await repoWithRecords();
    const scriptFile = path.join(path.dirname(repo), 'ehcp.bash');
    fs.writeFileSync(scriptFile, (await runEhcp(['completion', 'bash'], { cwd: repo })).stdout);
    expect(fs.readFileSync(scriptFile, 'utf8')).toBe(completionScript('bash'));
    const probe = `
source ${JSON.stringify(scriptFile)}
complete -p ehcp
COMP_WORDS=(ehcp case show t00); COMP_CWORD=3; _ehcp_complete; echo "CASE:\${COMPREPLY[*]}"
COMP_WORDS=(ehcp record show ''); COMP_CWORD=3; _ehcp_complete; echo "ID:\${COMPREPLY[*]}"
COMP_WORDS=(ehcp min); COMP_CWORD=1; _ehcp_complete; echo "CMD:\${COMPREPLY[*]}"
`;
    const r = spawnSync('bash', ['--noprofile', '--norc', '-c', probe], { cwd: repo, env: userEnv(), encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('complete -o default -F _ehcp_complete ehcp');
    expect(r.stdout).toContain('CASE:T0042');
    expect(r.stdout).toContain(`ID:${note}`);
    expect(r.stdout).toContain('CMD:minutes');
  });

  it('completion with an unknown shell is a usage error', async () => {
    const r = await runEhcp(['completion', 'tcsh'], { cwd: process.cwd() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('completion takes one of: bash, zsh, fish');
  });
});

const hasFish = spawnSync('fish', ['--version']).status === 0;

describe.skipIf(!hasFish)('the fish completion script (skipped where fish is not installed)', () => {
  it('completes a case reference typed in lower case', async () => {
    const { repo } = await repoWithRecords();
    const scriptFile = path.join(path.dirname(repo), 'ehcp.fish');
    fs.writeFileSync(scriptFile, completionScript('fish'));
    const r = spawnSync('fish', ['--no-config', '-c', `source ${JSON.stringify(scriptFile)}; complete -C "ehcp case show t0"`], { cwd: repo, env: userEnv(), encoding: 'utf8' });
    expect(r.stdout.trim()).toBe('T0042');
  });
});

const hasZshAndTmux = spawnSync('zsh', ['--version']).status === 0 && spawnSync('tmux', ['-V']).status === 0;

describe.skipIf(!hasZshAndTmux)('the zsh completion script (skipped where zsh or tmux is not installed)', () => {
  it('TAB in a real zsh completes a lower-case case reference', async () => {
    const { repo } = await repoWithRecords();
    const scriptFile = path.join(path.dirname(repo), 'ehcp.zsh');
    fs.writeFileSync(scriptFile, completionScript('zsh'));
    const socket = `ehcp-zsh-${process.pid}`;
    const tmux = (...args: string[]) => spawnSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
    const env = Object.entries(userEnv()).map(([k, v]) => `${k}='${v}'`).join(' ');
    try {
      tmux('new-session', '-d', '-x', '120', '-y', '20', '-s', 'z', `cd '${repo}' && env -i ${env} TERM=xterm zsh -f`);
      tmux('send-keys', '-t', 'z', `autoload -Uz compinit && compinit -u && source '${scriptFile}'`, 'Enter');
      tmux('send-keys', '-t', 'z', 'ehcp case show t0', 'Tab');
      let screen = '';
      for (let i = 0; i < 100 && !/case show T0042/.test(screen); i++) {
        await new Promise((r) => setTimeout(r, 100));
        screen = tmux('capture-pane', '-p', '-t', 'z').stdout;
      }
      expect(screen).toContain('ehcp case show T0042');
    } finally {
      tmux('kill-server');
    }
  });
});
