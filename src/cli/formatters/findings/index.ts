// Formatters for `ehcp audit`: one file each behind one interface. Every format carries
// the same findings and summary; only the presentation differs.

import type { FindingsFormat, FindingsFormatter, FindingsReport, FormatOptions } from './types.js';
import { formatCsv } from './csv.js';
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatMarkdown } from './markdown.js';
import { formatTable } from './table.js';

export type { FindingsFormat, FindingsReport, FormatOptions } from './types.js';

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
