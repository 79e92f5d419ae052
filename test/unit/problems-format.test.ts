import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { formatProblems, markdownSummary } from '../../src/cli/formatters/problems.js';
import { problem } from '../../src/core/problems.js';

describe('counts read as English in every validate format', () => {
  const one = { files: ['cases/T0042/case.yaml'], problems: [problem('cases/T0042/case.yaml', 'schema', 'Something is wrong.', { line: 2, col: 1 })] };
  const c = new Chalk({ level: 0 });
  it('1 file, 1 error, 0 warnings', () => {
    expect(formatProblems('text', one, c)).toContain('1 file checked: 1 error, 0 warnings');
    expect(formatProblems('github', one, c)).toContain('ehcp validate: 1 file checked, 1 error, 0 warnings');
    expect(markdownSummary(one)).toContain('1 file checked: **1 error**, 0 warnings.');
    expect(formatProblems('github', { files: ['a', 'b'], problems: [] }, c)).toContain('2 files checked, 0 errors, 0 warnings');
  });
});
