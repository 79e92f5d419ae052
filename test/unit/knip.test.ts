// No dead code: knip (knip.jsonc) finds no unused file, export, type or dependency in the
// repository. Run on the real tree, and on a small project made with one dead export, so
// the check is known to catch what it names. (`npm run knip` prints the same report.)

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const KNIP = path.join(ROOT, 'node_modules', 'knip', 'bin', 'knip.js');

function knip(cwd: string): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, [KNIP, '--no-progress'], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('knip', () => {
  it('finds no unused file, export or dependency', () => {
    const r = knip(ROOT);
    expect(r.out.trim()).toBe('');
    expect(r.code).toBe(0);
  });

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ehcp-knip-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('reports an export nothing imports', () => {
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(tmp, file)), { recursive: true });
      fs.writeFileSync(path.join(tmp, file), text);
    };
    write('package.json', JSON.stringify({ name: 'knip-probe', version: '0.0.0', type: 'module' }));
    write('knip.json', JSON.stringify({ entry: ['src/main.ts'], project: ['src/**/*.ts'] }));
    write('src/main.ts', "import { used } from './lib.js';\nconsole.log(used);\n");
    write('src/lib.ts', 'export const used = 1;\nexport const deadExport = 2;\n');
    const r = knip(tmp);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/deadExport\s+src\/lib\.ts/);
  });
});
