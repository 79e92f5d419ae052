// The repository's ehcp.config.yaml, read bounded and validated: a broken config is exit 2.

import path from 'node:path';
import { validAs } from '../../core/document.js';
import { EhcpError } from '../../core/errors.js';
import type { Config } from '../../core/records.js';
import { MAX_RECORD_BYTES } from '../../core/yaml.js';
import { CONFIG_FILE } from '../../store/paths.js';
import { documentOf } from '../../store/read/documents.js';
import { readBoundedFile } from '../../store/read/readFile.js';

export async function readConfig(root: string): Promise<Config> {
  // Bounded and type-checked: a config committed as a link to /dev/zero or a FIFO is refused.
  const bytes = readBoundedFile(path.join(root, CONFIG_FILE), { maxBytes: MAX_RECORD_BYTES, label: CONFIG_FILE, root });
  const doc = documentOf(CONFIG_FILE, bytes);
  const config = validAs(doc, 'config');
  if (!config) {
    const first = doc.problems[0];
    throw new EhcpError(`${CONFIG_FILE} is not valid${first ? ` (line ${first.line}: ${first.message})` : ''}.`, 'Run `ehcp validate` to see every problem, and correct ehcp.config.yaml.');
  }
  return config.value;
}
