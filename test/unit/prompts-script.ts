// A scripted Prompter for tests of the prompt logic (see test/unit/prompts*.test.ts).

import type { Choice, Prompter } from '../../src/cli/prompts/prompter.js';

/**
 * A prompter that answers from a script, in order. Each step names the prompt it expects
 * (by its message), so a change in the questions fails loudly. Typed answers go through
 * the prompt's own validator, as inquirer does: a rejected answer is recorded and the
 * next scripted answer is typed instead.
 */
export function scripted(steps: [RegExp, string | boolean | Error][]) {
  const rejected: string[] = [];
  const asked: string[] = [];
  const next = (message: string) => {
    asked.push(message);
    const step = steps.shift();
    if (!step) throw new Error(`unexpected prompt: ${message}`);
    if (!step[0].test(message)) throw new Error(`expected a prompt matching ${step[0]}, got: ${message}`);
    if (step[1] instanceof Error) throw step[1];
    return step[1];
  };
  const prompter: Prompter = {
    async input(o) {
      for (;;) {
        let answer = next(o.message) as string;
        if (answer === '' && o.default !== undefined) answer = o.default;
        const ok = o.validate ? o.validate(answer) : true;
        if (ok === true) return answer;
        rejected.push(ok);
        steps.unshift([new RegExp(escape(o.message)), steps.shift()![1]]);
      }
    },
    async editor(o) {
      return this.input(o);
    },
    async select<T extends string>(o: { message: string; choices: Choice<T>[]; default?: T }) {
      const answer = next(o.message) as string;
      // Enter with no cursor movement: the default, else the first choice (inquirer's behaviour).
      const value = answer === '' ? (o.default ?? o.choices[0]?.value) : o.choices.find((c) => c.value === answer)?.value;
      if (value === undefined) throw new Error(`${answer} is not a choice of ${o.message}`);
      return value;
    },
    async confirm(o) {
      return next(o.message) as boolean;
    },
    async search<T extends string>(o: { message: string; source: (t: string | undefined) => Choice<T>[] }) {
      const answer = next(o.message) as string;
      return o.source(answer)[0].value;
    },
    note() {},
  };
  return { prompter, rejected, asked, remaining: steps };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function exitPrompt(): Error {
  const e = new Error('User force closed the prompt with SIGINT');
  e.name = 'ExitPromptError';
  return e;
}

