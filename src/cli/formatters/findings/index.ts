// Formatters for `ehcp audit`: one file each behind one interface. Every format carries
// the same findings and summary; only the presentation differs.

import type { ChalkInstance } from 'chalk';
import type { AuditSummary, Finding } from '../../../core/audit/index.js';
import { formatCsv } from './csv.js';
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatMarkdown } from './markdown.js';
import { formatTable } from './table.js';

export const FINDINGS_FORMATS = ['table', 'json', 'csv', 'markdown', 'github'] as const;
export type FindingsFormat = (typeof FINDINGS_FORMATS)[number];

export interface FindingsReport {
  asOf: string;
  findings: readonly Finding[];
  summary: AuditSummary;
  /** The authority's name, for headings. */
  authority?: string;
}

export interface FormatOptions {
  color: ChalkInstance;
}

export type FindingsFormatter = (report: FindingsReport, options: FormatOptions) => string;

const FORMATTERS: Record<FindingsFormat, FindingsFormatter> = {
  table: formatTable,
  json: formatJson,
  csv: formatCsv,
  markdown: formatMarkdown,
  github: formatGithub,
};

export function formatFindings(format: FindingsFormat, report: FindingsReport, options: FormatOptions): string {
  return FORMATTERS[format](report, options);
}

export { markdownSummary } from './markdown.js';
