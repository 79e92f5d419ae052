// The repository's ehcp.config.yaml, read bounded and validated: a broken config is exit 2.

export async function readConfig(root: string): Promise<import('../../core/records.js').Config> {
  const path = await import('node:path');
  const { loadDocument } = await import('../../core/document.js');
  const { getSchemaValidator } = await import('../../store/schemas.js');
  const { CONFIG_FILE } = await import('../../store/paths.js');
  const { EhcpError } = await import('../../core/errors.js');
  const { readBoundedFile } = await import('../../store/readFile.js');
  const { MAX_RECORD_BYTES } = await import('../../core/yaml.js');
  // Bounded and type-checked: a config committed as a link to /dev/zero or a FIFO is refused.
  const bytes = readBoundedFile(path.join(root, CONFIG_FILE), { maxBytes: MAX_RECORD_BYTES, label: CONFIG_FILE, root });
  const doc = loadDocument(CONFIG_FILE, bytes, getSchemaValidator(), ['config']);
  if (!doc.valid || !doc.value) {
    const first = doc.problems[0];
    throw new EhcpError(`${CONFIG_FILE} is not valid${first ? ` (line ${first.line}: ${first.message})` : ''}.`, 'Run `ehcp validate` to see every problem, and correct ehcp.config.yaml.');
  }
  return doc.value as unknown as import('../../core/records.js').Config;
}
