// Minutes templates and the draft scaffold made from them.
//
// A template (templates/<kind>.yaml) is YAML an officer can read: guidance comments above
// each field, and an EXAMPLE value for the field. The examples are never copied into a
// record; they show the shape. A draft is the record's own serialised text with the
// template's guidance placed above each field and the example of every field not yet
// filled in shown commented out, so the officer can open the draft in an editor,
// uncomment and fill in. Comments never change a value: the store checks that the
// annotated text parses to exactly the record it was made from.

import { isMap, isScalar, parseDocument, type Pair } from 'yaml';
import { parseYaml } from './yaml.js';
import { MINUTES_FIELDS } from './records.js';

interface TemplateSection {
  field: string;
  /** Comment lines above the field, without the leading '#'. */
  guidance: string[];
  /** The example `field: value` text, one entry per line. */
  example: string[];
}

export interface MinutesTemplate {
  header: string[];
  sections: TemplateSection[];
  footer: string[];
}

/** Fields ehcp fills itself: a template may not give examples for them. */
const MANAGED_MINUTES_FIELDS = ['schema', 'id', 'case', 'status', 'void_reason', 'amends', 'recorded_by', 'kind', 'date'] as const;

export type TemplateResult = { ok: true; template: MinutesTemplate } | { ok: false; problems: { line: number; message: string }[] };

export function parseTemplate(text: string): TemplateResult {
  const hardened = parseYaml('template', text);
  if (!hardened.ok) return { ok: false, problems: hardened.problems.map((p) => ({ line: p.line, message: p.message })) };
  const value = hardened.value;
  if (value !== null && value !== undefined && (typeof value !== 'object' || Array.isArray(value))) {
    return { ok: false, problems: [{ line: 1, message: 'A template must be a YAML mapping of minutes fields with example values.' }] };
  }
  const doc = parseDocument(text, { version: '1.2', keepSourceTokens: false });
  const problems: { line: number; message: string }[] = [];
  const sections: TemplateSection[] = [];
  let header = commentLines(doc.commentBefore);
  const allowed = MINUTES_FIELDS.filter((f) => !(MANAGED_MINUTES_FIELDS as readonly string[]).includes(f)) as readonly string[];
  const pairs = isMap(doc.contents) ? (doc.contents.items as Pair[]) : [];
  pairs.forEach((pair, index) => {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const keyRange = isScalar(pair.key) ? pair.key.range : undefined;
    const line = keyRange ? lineOf(text, keyRange[0]) : 1;
    if (!allowed.includes(key)) {
      problems.push({
        line,
        message: (MANAGED_MINUTES_FIELDS as readonly string[]).includes(key)
          ? `\`${key}\` is filled in by ehcp; remove it from the template.`
          : `\`${key}\` is not a minutes field; use one of: ${allowed.join(', ')}.`,
      });
      return;
    }
    let guidance = commentLines(isScalar(pair.key) ? pair.key.commentBefore : undefined);
    if (index === 0 && header.length === 0) {
      // yaml gives a file's opening comment to the first key; a blank line separates
      // the template's header from the first field's guidance.
      const blank = guidance.lastIndexOf('');
      if (blank >= 0) {
        header = trimBlank(guidance.slice(0, blank));
        guidance = guidance.slice(blank + 1);
      }
    }
    const start = keyRange ? keyRange[0] : 0;
    const valueNode = pair.value as { range?: [number, number, number] } | null;
    const end = valueNode?.range ? valueNode.range[1] : keyRange ? keyRange[1] : start;
    const example = text
      .slice(start, end)
      .split('\n')
      .map((l) => l.replace(/\s+$/, ''));
    while (example.length > 0 && example[example.length - 1] === '') example.pop();
    sections.push({ field: key, guidance: trimBlank(guidance), example });
  });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, template: { header, sections, footer: commentLines(doc.comment) } };
}

function commentLines(comment: string | null | undefined): string[] {
  if (!comment) return [];
  return comment.split('\n').map((l) => l.replace(/\s+$/, ''));
}

function trimBlank(lines: string[]): string[] {
  let a = 0;
  let b = lines.length;
  while (a < b && lines[a] === '') a++;
  while (b > a && lines[b - 1] === '') b--;
  return lines.slice(a, b);
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

const TOP_LEVEL_KEY = /^([A-Za-z_][A-Za-z0-9_]*):(?: |$)/;

/**
 * `recordText` (serializeRecord's output) with the template's guidance above each field
 * and, for every template field the record lacks, its example commented out, in schema
 * order. Only comment lines are added.
 */
export function annotateWithTemplate(recordText: string, template: MinutesTemplate): string {
  const lines = recordText.replace(/\n$/, '').split('\n');
  const schemaLine = lines[0].startsWith('#') ? lines.shift()! : undefined;
  const blocks = new Map<string, string[]>();
  const order: string[] = [];
  const preamble: string[] = [];
  let current: string[] | undefined;
  for (const line of lines) {
    const m = TOP_LEVEL_KEY.exec(line);
    if (m) {
      current = [line];
      blocks.set(m[1], current);
      order.push(m[1]);
    } else if (current) current.push(line);
    else preamble.push(line);
  }
  const sections = new Map(template.sections.map((s) => [s.field, s]));
  const comment = (l: string) => (l === '' ? '#' : `#${l}`);
  const out: string[] = [];
  if (schemaLine) out.push(schemaLine);
  out.push(...template.header.map(comment), ...preamble);
  const fields = [...MINUTES_FIELDS, ...order.filter((f) => !(MINUTES_FIELDS as readonly string[]).includes(f))];
  for (const field of fields) {
    const block = blocks.get(field);
    const section = sections.get(field);
    if (!block && !section) continue;
    if (section && section.guidance.length > 0) out.push('', ...section.guidance.map(comment));
    if (block) out.push(...block);
    else if (section) out.push(...section.example.map((l) => (l === '' ? '#' : `# ${l}`)));
  }
  if (template.footer.length > 0) out.push('', ...template.footer.map(comment));
  return out.join('\n') + '\n';
}

/** The marker of the lines ehcp puts at the top of the editor buffer to list problems. */
const EDITOR_PROBLEM_MARK = '#!';

/**
 * Prefix `text` with the problems found when it was saved, as comment lines. Line numbers
 * are shifted so they point into the buffer the officer sees.
 */
export function withProblemsHeader(text: string, problems: { line: number; message: string }[]): string {
  const body = stripProblemsHeader(text);
  if (problems.length === 0) return body;
  const head = [
    `${EDITOR_PROBLEM_MARK} ehcp could not save these minutes yet. Fix what is listed, then save and close.`,
    `${EDITOR_PROBLEM_MARK} To give up without saving anything, close without saving, or save an empty file.`,
  ];
  const shift = head.length + problems.length + 1;
  const listed = problems.map((p) => `${EDITOR_PROBLEM_MARK}   line ${p.line + shift}: ${p.message}`);
  return [...head, ...listed, EDITOR_PROBLEM_MARK, body].join('\n');
}

/** Remove a previous problems header (and nothing else). */
export function stripProblemsHeader(text: string): string {
  const lines = text.split('\n');
  let i = 0;
  while (i < lines.length && lines[i].startsWith(EDITOR_PROBLEM_MARK)) i++;
  return lines.slice(i).join('\n');
}
