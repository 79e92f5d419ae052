// Minutes templates: the records repository's own templates/<kind>.yaml when it has one
// (a council may write its own guidance), otherwise the one shipped with ehcp.

import fs from 'node:fs';
import path from 'node:path';
import { EhcpError } from '../../core/errors.js';
import { parseTemplate, type MinutesTemplate } from '../../core/writeScaffold.js';
import type { MeetingKind } from '../../core/vocabulary.js';
import { MAX_RECORD_BYTES } from '../../core/yaml.js';
import { PACKAGE_TEMPLATES } from '../paths.js';
import { readBoundedText } from './readFile.js';

const REPO_TEMPLATES_DIR = 'templates';

export interface LoadedTemplate {
  template: MinutesTemplate;
  /** Where it came from: repository-relative for an override, else the package path. */
  file: string;
  source: 'repository' | 'package';
}

function templateFile(root: string | undefined, kind: MeetingKind): { abs: string; file: string; source: LoadedTemplate['source'] } {
  if (root) {
    const rel = `${REPO_TEMPLATES_DIR}/${kind}.yaml`;
    const abs = path.join(root, rel);
    if (fs.existsSync(abs)) return { abs, file: rel, source: 'repository' };
  }
  const abs = path.join(PACKAGE_TEMPLATES, `${kind}.yaml`);
  return { abs, file: abs, source: 'package' };
}

export function loadTemplate(root: string | undefined, kind: MeetingKind): LoadedTemplate {
  const { abs, file, source } = templateFile(root, kind);
  let text: string;
  try {
    text = readBoundedText(abs, { maxBytes: MAX_RECORD_BYTES, label: file, noLinks: true });
  } catch (error) {
    if (error instanceof EhcpError) throw error;
    throw new EhcpError(
      `The ${kind} minutes template could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
      source === 'package' ? 'Reinstall ehcp: its templates/ folder is incomplete.' : `Check ${file}.`,
    );
  }
  const parsed = parseTemplate(text);
  if (!parsed.ok) {
    const list = parsed.problems.map((p) => `${file}:${p.line}: ${p.message}`).join('\n  ');
    throw new EhcpError(`The ${kind} minutes template is not usable:\n  ${list}`, `Fix ${file} (guidance as # comments, one example value per minutes field).`);
  }
  return { template: parsed.template, file, source };
}
