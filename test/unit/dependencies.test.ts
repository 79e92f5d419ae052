// The dependency rules (.dependency-cruiser.cjs; docs/architecture.md): no import cycle,
// no upward import (core → store/cli/demo, store → cli), the read path not importing the
// write path, nothing in src importing test/ or bench/, and no command file importing
// another. Checked on the real tree, and on a small tree that breaks each rule once, so the
// check itself is known to catch what it names.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';
import { cruise, type ICruiseResult, type IConfiguration } from 'dependency-cruiser';

const ROOT = path.resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const config = require(path.join(ROOT, '.dependency-cruiser.cjs')) as IConfiguration;

async function violations(baseDir: string): Promise<string[]> {
  const cwd = process.cwd();
  process.chdir(baseDir); // the rules' paths (^src/...) are relative to the folder cruised from
  try {
    const { output } = await cruise(['src'], { ...config.options, ruleSet: { forbidden: config.forbidden }, validate: true, baseDir });
    const result = output as ICruiseResult;
    return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ` (cycle: ${v.cycle.map((c) => c.name).join(' → ')})` : ''}`);
  } finally {
    process.chdir(cwd);
  }
}

describe('dependency rules', () => {
  it('hold for src: no cycle, no upward import, no command importing another', async () => {
    expect(await violations(ROOT)).toEqual([]);
  });

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ehcp-deps-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('catch each kind of breach in a tree made to break them', async () => {
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(tmp, file)), { recursive: true });
      fs.writeFileSync(path.join(tmp, file), text);
    };
    write('src/core/pure.ts', "import { disk } from '../store/disk.js';\nexport const pure = disk;\n");
    write('src/store/disk.ts', "import type { Shown } from '../cli/shown.js';\nexport const disk: Shown = 1;\n");
    write('src/cli/shown.ts', 'export type Shown = number;\n');
    write('src/cli/commands/one.ts', "import { two } from './two.js';\nexport const one = two;\n");
    write('src/cli/commands/two.ts', "import { fixture } from '../../../test/fixture.js';\nexport const two = fixture;\n");
    write('test/fixture.ts', 'export const fixture = 2;\n');
    write('src/cli/a.ts', "import { b } from './b.js';\nexport const a = () => b;\n");
    write('src/cli/b.ts', "import { a } from './a.js';\nexport const b = () => a;\n");
    write('src/store/read/reader.ts', "import { writer } from '../write/writer.js';\nexport const reader = writer;\n");
    write('src/store/write/writer.ts', 'export const writer = 3;\n');
    write('tsconfig.json', JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }));
    const found = await violations(tmp);
    expect(found.map((v) => v.split(':')[0]).sort()).toEqual(['commands-independent', 'core-is-pure', 'no-cycle', 'read-path-does-not-write', 'src-not-tests', 'store-below-cli']);
    expect(found).toContain('read-path-does-not-write: src/store/read/reader.ts → src/store/write/writer.ts');
    expect(found).toContain('core-is-pure: src/core/pure.ts → src/store/disk.ts');
    expect(found).toContain('store-below-cli: src/store/disk.ts → src/cli/shown.ts');
    expect(found).toContain('commands-independent: src/cli/commands/one.ts → src/cli/commands/two.ts');
    expect(found.find((v) => v.startsWith('no-cycle'))).toMatch(/src\/cli\/(a|b)\.ts → src\/cli\/(b|a)\.ts/);
    expect(found).toContain('src-not-tests: src/cli/commands/two.ts → test/fixture.ts');
  });
});

describe('the suite shares worker processes (vitest.config.ts: isolate: false)', () => {
  it('no test file mocks a module (a mock would reach the next file in the same worker)', () => {
    const mocking = new RegExp(String.raw`\bvi\.(mock|doMock|unmock)\s*\(`);
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.[cm]?ts$/.test(entry.name) && full !== path.join(ROOT, 'test/unit/dependencies.test.ts') && mocking.test(fs.readFileSync(full, 'utf8'))) offenders.push(path.relative(ROOT, full));
      }
    };
    walk(path.join(ROOT, 'test'));
    expect(offenders).toEqual([]);
    // The check sees a mock when there is one.
    expect(mocking.test("vi.mock('../../src/store/paths.js')")).toBe(true);
  });
});
