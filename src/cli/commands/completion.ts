// `ehcp completion bash|zsh|fish`: a small script for the shell, which asks the hidden
// `ehcp __complete CWORD -- WORDS...` for the candidates at each TAB. The candidates come
// from the command tree itself (commands, flags, flag choices) and, for case references
// and record ids, from folder names only (cases/ and one case's folder; never a file's
// contents), so a TAB stays quick on a large repository.
//
// Why not a library: the well-kept one for commander (@bomb.sh/tab) generates a bash
// script that needs the bash-completion package (absent on many machines, including
// minimal Linux images) and `eval`s the words typed; these scripts need neither.

import fs from 'node:fs';
import path from 'node:path';
import type { Command, Option } from 'commander';
import type { Definer } from '../definer.js';
import { emit } from '../context.js';
import { UsageError } from '../../core/errors.js';
import { CASE_REF, caseDir, listCaseRefs, repositoryLayout } from '../../store/paths.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
type Shell = (typeof SHELLS)[number];

/** At most this many candidates (a TAB on thousands of ids helps nobody). */
const MAX_CANDIDATES = 200;
const RECORD_FILE = /^(\d{4}-\d{2}-\d{2}-(?:minutes|note|comm)-[a-z0-9]{6})\.yaml$/;

export const defineCompletion: Definer = (command, context) => {
  command
    .argument('<shell>', `one of: ${SHELLS.join(', ')}`)
    .addHelpText(
      'after',
      `
Set up (once):
  bash:  echo 'source <(ehcp completion bash)' >> ~/.bashrc
  zsh:   echo 'source <(ehcp completion zsh)' >> ~/.zshrc     (after compinit)
  fish:  ehcp completion fish > ~/.config/fish/completions/ehcp.fish
ehcp must be on PATH (npm install -g, or the link the README's quick start makes).`,
    )
    .action((shell: string) => {
      if (!(SHELLS as readonly string[]).includes(shell)) throw new UsageError(`completion takes one of: ${SHELLS.join(', ')}.`, 'e.g. `ehcp completion bash`.');
      emit(context(), completionScript(shell as Shell));
    });
};

/** The hidden `__complete` command the completion scripts call: it walks the whole command tree. */
export const defineComplete: Definer = (command, context, program) => {
  command
    .argument('<cword>')
    .argument('[words...]')
    .allowUnknownOption()
    .helpOption(false)
    .action((cword: string, words: string[] = []) => {
      const ctx = context();
      // Never an error at a TAB: a problem just means no candidates.
      let out: string[] = [];
      try {
        out = candidates(program, words, Number(cword), ctx.cwd);
      } catch {
        out = [];
      }
      if (out.length > 0) emit(ctx, out.join('\n'));
    });
};

export function completionScript(shell: Shell): string {
  switch (shell) {
    case 'bash':
      return `# ehcp completion for bash. Load it with: source <(ehcp completion bash)
_ehcp_complete() {
  local IFS=$'\\n'
  COMPREPLY=($(ehcp __complete "$COMP_CWORD" -- "\${COMP_WORDS[@]}" 2>/dev/null))
}
complete -o default -F _ehcp_complete ehcp
`;
    case 'zsh':
      return `#compdef ehcp
# ehcp completion for zsh. Load it with: source <(ehcp completion zsh)   (after compinit)
_ehcp() {
  local -a candidates
  candidates=("\${(@f)$(ehcp __complete $((CURRENT - 1)) -- "\${words[@]}" 2>/dev/null)}")
  candidates=(\${candidates:#})
  if (( \${#candidates} )); then
    compadd -U -- "\${candidates[@]}"
  else
    _files
  fi
}
compdef _ehcp ehcp
`;
    case 'fish':
      return `# ehcp completion for fish. Install with: ehcp completion fish > ~/.config/fish/completions/ehcp.fish
function __ehcp_complete
    set -l words (commandline -opc) (commandline -ct)
    ehcp __complete (math (count $words) - 1) -- $words 2>/dev/null
end
complete -c ehcp -f -a '(__ehcp_complete)'
`;
  }
}

/**
 * The candidates for `words[cword]` (words[0] is the program name), matching what was typed
 * so far; case references match in any case (c00 offers C0042, as ehcp reads c0042).
 */
export function candidates(program: Command, words: string[], cword: number, cwd: string): string[] {
  if (!Number.isInteger(cword) || cword < 1 || cword > words.length) return [];
  const current = words[cword] ?? '';
  let command = program;
  let positional = 0;
  let caseRef: string | undefined;
  let repo: string | undefined;
  for (let i = 1; i < cword; i++) {
    const word = words[i];
    if (word.startsWith('-')) {
      const option = findOption(command, program, word);
      if (option && (option.required || option.optional) && !word.includes('=')) {
        const value = words[i + 1];
        if (i + 1 < cword) {
          if (option.long === '--case') caseRef = value?.toUpperCase();
          if (option.long === '--repo') repo = value;
        }
        i++;
      }
      continue;
    }
    const sub = command.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (sub && positional === 0) command = sub;
    else positional++;
  }
  const root = () => repositoryRoot(cwd, repo);

  // The value of an option: its choices, dates as words, a case or a record.
  const previous = cword > 1 ? words[cword - 1] : '';
  if (previous.startsWith('-') && !previous.includes('=')) {
    const option = findOption(command, program, previous);
    if (option && (option.required || option.optional)) return optionValues(option, current, root);
  }
  if (current.startsWith('-')) {
    const flags = [...visibleOptions(command), ...(command === program ? [] : visibleOptions(program))].flatMap((o) => [o.long, o.short]).filter((f): f is string => !!f);
    return startingWith([...new Set(flags)], current);
  }
  const visible = new Set(command.createHelp().visibleCommands(command));
  const subs = command.commands.filter((c) => visible.has(c)).map((c) => c.name());
  if (subs.length > 0 && positional === 0) return startingWith(subs, current);
  const argument = command.registeredArguments[Math.min(positional, command.registeredArguments.length - 1)];
  if (!argument) return [];
  if (argument.argChoices) return startingWith(argument.argChoices, current);
  if (command.name() === 'completion') return startingWith([...SHELLS], current);
  switch (argument.name()) {
    case 'ref':
      return caseRefs(root(), current);
    case 'id':
      return recordIds(root(), caseRef, current);
    case 'ref-or-id':
      return [...caseRefs(root(), current), ...recordIds(root(), caseRef, current)].slice(0, MAX_CANDIDATES);
    default:
      return [];
  }
}

function optionValues(option: Option, current: string, root: () => string | undefined): string[] {
  if (option.argChoices) return startingWith(option.argChoices, current);
  const placeholder = /<([^>]+)>/.exec(option.flags)?.[1] ?? '';
  if (option.long === '--case') return caseRefs(root(), current);
  if (option.long === '--responds-to' || placeholder === 'id') return recordIds(root(), undefined, current);
  if (placeholder === 'date') return startingWith(['today', 'yesterday'], current);
  return [];
}

function findOption(command: Command, program: Command, word: string): Option | undefined {
  const flag = word.split('=')[0];
  const own = (c: Command) => c.options.find((o) => o.long === flag || o.short === flag || (o.negate && o.long === flag));
  return own(command) ?? own(program);
}

const visibleOptions = (c: Command) => c.options.filter((o) => !o.hidden);

function startingWith(values: readonly string[], typed: string): string[] {
  return values.filter((v) => v.startsWith(typed)).slice(0, MAX_CANDIDATES);
}

function repositoryRoot(cwd: string, repo: string | undefined): string | undefined {
  let dir = path.resolve(cwd, repo ?? '.');
  for (;;) {
    if (fs.existsSync(path.join(dir, 'ehcp.config.yaml'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir || repo) return undefined;
    dir = parent;
  }
}

function list(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

/** Case references: the folder names under cases/ (nothing is read). */
function caseRefs(root: string | undefined, typed: string): string[] {
  if (!root) return [];
  const want = typed.toUpperCase();
  // listCaseRefs gives only case references, sorted.
  return listCaseRefs(root, repositoryLayout(root))
    .filter((name) => name.startsWith(want))
    .slice(0, MAX_CANDIDATES);
}

/** Record ids: file names in one case's folder (given with --case), else in every case folder. */
function recordIds(root: string | undefined, caseRef: string | undefined, typed: string): string[] {
  if (!root) return [];
  const layout = repositoryLayout(root);
  const folders = caseRef ? [caseRef] : listCaseRefs(root, layout);
  const ids: string[] = [];
  for (const folder of folders) {
    if (!CASE_REF.test(folder)) continue; // --case as typed
    for (const name of list(path.join(root, caseDir(folder, layout)))) {
      const id = RECORD_FILE.exec(name)?.[1];
      if (id && id.startsWith(typed)) ids.push(id);
    }
    if (ids.length >= MAX_CANDIDATES * 10) break;
  }
  return ids.sort().reverse().slice(0, MAX_CANDIDATES); // newest first
}
