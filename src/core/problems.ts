// A problem found in a file: the unit validate reports, and every formatter prints.

export type ProblemRule =
  | 'yaml-syntax'
  | 'yaml-duplicate-key'
  | 'yaml-alias'
  | 'yaml-too-deep'
  | 'yaml-forbidden-key'
  | 'file-too-large'
  | 'file-not-text'
  | 'file-unreadable'
  | 'symlink-outside'
  | 'unknown-schema'
  | 'schema'
  | 'case-folder'
  | 'case-layout'
  | 'case-missing'
  | 'file-name'
  | 'duplicate-id'
  | 'dangling-reference'
  | 'config'
  | 'uncommitted'
  | 'final-changed'
  | 'final-deleted'
  | 'record-moved'
  | 'record-identity-changed'
  | 'governance-change'
  | 'commit-date'
  | 'unsigned-commit'
  | 'tool-version'
  | 'stray-file';

export interface Problem {
  /** Repository-relative path, forward slashes. */
  file: string;
  line: number;
  col: number;
  rule: ProblemRule;
  /** What is wrong and what to do, in one or two sentences. Never contains record text. */
  message: string;
  severity: 'error' | 'warning';
}

export function problem(
  file: string,
  rule: ProblemRule,
  message: string,
  at: { line?: number; col?: number } = {},
  severity: Problem['severity'] = 'error',
): Problem {
  return { file, line: at.line ?? 1, col: at.col ?? 1, rule, message, severity };
}

export function compareProblems(a: Problem, b: Problem): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.col - b.col;
}
