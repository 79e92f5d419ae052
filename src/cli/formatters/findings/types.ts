// What every audit format receives: its own module so each format (table.ts, csv.ts, ...)
// and index.ts (which picks one) share it without importing each other.

import type { ChalkInstance } from 'chalk';
import type { AuditSummary, Finding } from '../../../core/audit/index.js';
import type { StandardDifference, TodoSummary } from '../../../core/audit/summary.js';

const FINDINGS_FORMATS = ['table', 'json', 'csv', 'markdown', 'github'] as const;
export type FindingsFormat = (typeof FINDINGS_FORMATS)[number];

export interface FindingsReport {
  asOf: string;
  findings: readonly Finding[];
  summary: AuditSummary;
  /** The authority's name, for headings. */
  authority?: string;
  /** By officer, the oldest overdue item, action-now and history counts. */
  todo?: TodoSummary;
  /** Standards in ehcp.config.yaml that differ from ehcp's default. */
  standards?: readonly StandardDifference[];
  /** Show met-late and recorded-late findings in the table, Markdown and GitHub formats (JSON and CSV always have them). */
  includeHistory?: boolean;
  /** What the findings were filtered by, for the table's heading. */
  filters?: string[];
  /** Where case folders live (core/layout.ts), for a finding that names a case but no file. Default flat. */
  layout?: 'flat' | 'sharded';
}

export interface FormatOptions {
  color: ChalkInstance;
  /** Columns the table may use; undefined = no limit (--wide: every column, nothing shortened). */
  width?: number;
}

export type FindingsFormatter = (report: FindingsReport, options: FormatOptions) => string;
