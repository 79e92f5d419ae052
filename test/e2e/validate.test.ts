// `ehcp validate` end to end: real git repositories, the built binary, every kind of bad
// input reported with file and line, exit 1, no stack trace, and no file changed.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CASE_REF, COMM_ID, COMM_YAML, MINUTES_ID, NOTE_ID, NOTE_YAML, VALID_FILES } from '../fixtures/records.js';
import { gitSync, initRepo, runEhcp as spawnEhcp, tempDir, treeSnapshot, writeFile } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inProcess.js';

/** Most runs go through runCli in this process (fast); the tests that run the binary say `spawnEhcp`. */
const runEhcp = runInProcess;

const dir = `cases/${CASE_REF}`;
let template: string;

/** A committed repository holding one valid record of each type. */
async function validRepo(): Promise<string> {
  const root = path.join(tempDir(), 'records');
  fs.cpSync(template, root, { recursive: true });
  return root;
}

beforeAll(async () => {
  template = await initRepo();
  for (const [file, text] of Object.entries(VALID_FILES)) writeFile(template, file, text);
  gitSync(template, ['add', '-A']);
  gitSync(template, ['commit', '-qm', 'fixtures']);
});

describe('ehcp validate', () => {
  it('passes a hand-written record of each type', async () => {
    const root = await validRepo();
    const r = await runEhcp(['validate'], { cwd: root });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('5 files checked: 0 errors, 0 warnings');
    expect(r.code).toBe(0);
  });

  const note = (body: string) => NOTE_YAML.replace('summary: Explained the next steps after the hearing.\n', body);
  const badInputs: { name: string; file: string; content: string | Buffer; line: number; rule: string; says: RegExp }[] = [
    { name: 'YAML syntax error', file: `${dir}/${NOTE_ID}.yaml`, content: note('summary: [unclosed\n'), line: 10, rule: 'yaml-syntax', says: /YAML syntax error/ },
    { name: 'duplicate key', file: `${dir}/${NOTE_ID}.yaml`, content: NOTE_YAML + 'kind: email\n', line: 11, rule: 'yaml-duplicate-key', says: /appears twice/ },
    {
      name: 'alias bomb',
      file: `${dir}/${NOTE_ID}.yaml`,
      content: note('summary: ok\ndetails: &a "lol"\nactions: [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n'),
      line: 10,
      rule: 'yaml-alias',
      says: /aliases/,
    },
    { name: 'impossible date', file: `${dir}/${NOTE_ID}.yaml`, content: NOTE_YAML.replace('date: "2024-03-06"', 'date: "2024-02-30"'), line: 6, rule: 'schema', says: /`date` must be a real calendar date/ },
    { name: 'unquoted number where a string is required', file: `${dir}/${NOTE_ID}.yaml`, content: note('summary: 12345\n'), line: 9, rule: 'schema', says: /`summary` must be a string \(put it in double quotes\)/ },
    { name: 'unknown field', file: `${dir}/${NOTE_ID}.yaml`, content: NOTE_YAML + 'summry: typo\n', line: 11, rule: 'schema', says: /`summry` is not part of this record type/ },
    { name: 'missing required field', file: `${dir}/${NOTE_ID}.yaml`, content: note(''), line: 2, rule: 'schema', says: /`summary` is required/ },
    { name: 'wrong enum value', file: `${dir}/${NOTE_ID}.yaml`, content: NOTE_YAML.replace('kind: phone', 'kind: telegram'), line: 7, rule: 'schema', says: /`kind` must be one of: phone, email, meeting, visit, internal/ },
    {
      name: 'record in the wrong case folder',
      file: `cases/T0002/${NOTE_ID}x.yaml`,
      content: NOTE_YAML.replace(`id: ${NOTE_ID}`, `id: 2024-03-06-note-zzz999`),
      line: 4,
      rule: 'case-folder',
      says: /sits in cases\/T0002\//,
    },
    { name: 'id / file-name mismatch', file: `${dir}/2024-03-06-note-aaa111.yaml`, content: NOTE_YAML.replace(`id: ${NOTE_ID}`, 'id: 2024-03-06-note-bbb222'), line: 3, rule: 'file-name', says: /rename it to 2024-03-06-note-bbb222\.yaml/ },
    {
      name: 'responds_to a missing record',
      file: `${dir}/${COMM_ID}.yaml`,
      content: COMM_YAML.replace(`responds_to: ${MINUTES_ID}`, 'responds_to: 2024-01-01-minutes-nosuch'),
      line: 12,
      rule: 'dangling-reference',
      says: /`responds_to` names 2024-01-01-minutes-nosuch, which is not a record/,
    },
    { name: '5 MB file', file: `${dir}/2024-03-09-note-big000.yaml`, content: 'summary: "' + 'x'.repeat(5 * 1024 * 1024) + '"\n', line: 1, rule: 'file-too-large', says: /at most 1024 KiB/ },
    { name: 'binary file', file: `${dir}/2024-03-09-note-bin000.yaml`, content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]), line: 1, rule: 'file-not-text', says: /binary/ },
    { name: 'invalid UTF-8', file: `${dir}/${NOTE_ID}.yaml`, content: Buffer.concat([Buffer.from(NOTE_YAML), Buffer.from([0xc3, 0x28, 0x0a])]), line: 11, rule: 'file-not-text', says: /not valid UTF-8/ },
  ];

  it.each(badInputs)('reports a $name with file and line, exit 1, and changes nothing', async (bad) => {
    const root = await validRepo();
    writeFile(root, bad.file, bad.content);
    if (bad.rule === 'case-folder') writeFile(root, 'cases/T0002/case.yaml', 'schema: case/v1\nref: T0002\nstatus: open\n');
    const before = treeSnapshot(root);
    const head = gitSync(root, ['rev-parse', 'HEAD']);
    const r = await runEhcp(['validate', '--format', 'json'], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/\n\s+at .*\.js/); // no stack trace
    const report = JSON.parse(r.stdout);
    const found = report.problems.find((p: { file: string; rule: string }) => p.file === bad.file && p.rule === bad.rule);
    expect(found, JSON.stringify(report.problems, null, 1)).toBeDefined();
    expect(found.line).toBe(bad.line);
    expect(found.message).toMatch(bad.says);
    expect(treeSnapshot(root)).toEqual(before);
    expect(gitSync(root, ['rev-parse', 'HEAD'])).toBe(head);
    // The text format names file:line:col too.
    const text = await runEhcp(['validate'], { cwd: root });
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`${bad.file}:${bad.line}:`);
  });

  it('reports a symbolic link pointing outside the repository without reading it', async () => {
    const root = await validRepo();
    const outside = path.join(tempDir(), 'secret.yaml');
    fs.writeFileSync(outside, NOTE_YAML);
    fs.symlinkSync(outside, path.join(root, dir, '2024-03-09-note-lnk000.yaml'));
    const r = await runEhcp(['validate'], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${dir}/2024-03-09-note-lnk000.yaml:1:1 error This is a symbolic link pointing outside the repository`);
  });

  it('reports every problem, not only the first', async () => {
    const root = await validRepo();
    writeFile(root, `${dir}/${NOTE_ID}.yaml`, NOTE_YAML.replace('kind: phone', 'kind: telegram').replace('date: "2024-03-06"', 'date: "2024-13-01"') + 'extra: 1\n');
    writeFile(root, `${dir}/${COMM_ID}.yaml`, COMM_YAML.replace('direction: out', 'direction: in'));
    const r = await runEhcp(['validate', '--format', 'json'], { cwd: root });
    const report = JSON.parse(r.stdout);
    expect(report.summary.errors).toBeGreaterThanOrEqual(4);
    expect(report.problems.map((p: { message: string }) => p.message).join('\n')).toContain('`direction` must be "out"');
  });

  it('reports a record written but never committed as a warning until it is committed', async () => {
    const root = await validRepo();
    writeFile(root, `${dir}/2024-03-10-note-new000.yaml`, NOTE_YAML.replace(`id: ${NOTE_ID}`, 'id: 2024-03-10-note-new000'));
    const r = await runEhcp(['validate'], { cwd: root });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/2024-03-10-note-new000\.yaml:1:1 warning This file is not committed/);
    gitSync(root, ['add', '-A']);
    gitSync(root, ['commit', '-qm', 'add']);
    expect((await runEhcp(['validate'], { cwd: root })).stdout).not.toContain('not committed');
  });

  it('refuses a final minutes record that lacks what final minutes need', async () => {
    const root = await validRepo();
    const bare = `schema: minutes/v1\nid: ${MINUTES_ID}\ncase: ${CASE_REF}\nstatus: final\nkind: appeal-hearing\ndate: "2024-03-05"\n`;
    writeFile(root, `${dir}/${MINUTES_ID}.yaml`, bare);
    const r = await runEhcp(['validate', '--format', 'json'], { cwd: root });
    expect(r.code).toBe(1);
    const messages = JSON.parse(r.stdout).problems.map((p: { message: string }) => p.message).join('\n');
    for (const field of ['attendees', 'decisions', 'approved_by', 'approved_on', 'outcome']) expect(messages).toContain(`\`${field}\` is required`);
    // The same record as a draft is fine.
    writeFile(root, `${dir}/${MINUTES_ID}.yaml`, bare.replace('status: final', 'status: draft'));
    expect((await runEhcp(['validate'], { cwd: root })).code).toBe(0);
  });

  it('limits the report to the paths given', async () => {
    const root = await validRepo();
    writeFile(root, 'cases/T0003/case.yaml', 'schema: case/v1\nref: T0003\nstatus: nope\n');
    expect((await runEhcp(['validate', dir], { cwd: root })).code).toBe(0);
    expect((await runEhcp(['validate', 'cases/T0003'], { cwd: root })).code).toBe(1);
  });

  it('--staged checks what is staged, not the working tree', async () => {
    const root = await validRepo();
    const file = `${dir}/${NOTE_ID}.yaml`;
    writeFile(root, file, NOTE_YAML.replace('kind: phone', 'kind: telegram'));
    gitSync(root, ['add', file]);
    writeFile(root, file, NOTE_YAML); // working tree fixed, index still bad
    expect((await runEhcp(['validate'], { cwd: root })).code).toBe(0);
    const staged = await runEhcp(['validate', '--staged'], { cwd: root });
    expect(staged.code).toBe(1);
    expect(staged.stdout).toContain(`${file}:7:`);
    gitSync(root, ['add', file]);
    writeFile(root, file, NOTE_YAML.replace('kind: phone', 'kind: telegram')); // now the reverse
    expect((await runEhcp(['validate', '--staged'], { cwd: root })).code).toBe(0);
    expect((await runEhcp(['validate'], { cwd: root })).code).toBe(1);
  });

  it('the generated pre-commit hook blocks a bad commit in a real git commit', async () => {
    const root = await validRepo();
    const file = `${dir}/2024-03-11-note-bad000.yaml`;
    writeFile(root, file, NOTE_YAML.replace(`id: ${NOTE_ID}`, 'id: 2024-03-11-note-bad000').replace('kind: phone', 'kind: telegram'));
    gitSync(root, ['add', file]);
    const head = gitSync(root, ['rev-parse', 'HEAD']);
    expect(() => gitSync(root, ['commit', '-qm', 'bad record'])).toThrow(/telegram|kind/);
    expect(gitSync(root, ['rev-parse', 'HEAD'])).toBe(head);
    writeFile(root, file, NOTE_YAML.replace(`id: ${NOTE_ID}`, 'id: 2024-03-11-note-bad000'));
    gitSync(root, ['add', file]);
    gitSync(root, ['commit', '-qm', 'good record']);
    expect(gitSync(root, ['rev-parse', 'HEAD'])).not.toBe(head);
  });

  describe('formats', () => {
    it('github: annotations with escaped data and properties, and a step summary', async () => {
      const root = await validRepo();
      const odd = `cases/${CASE_REF}/2024-03-12-note-a,b:c0.yaml`;
      writeFile(root, odd, 'schema: note/v1\n');
      const summary = path.join(tempDir(), 'summary.md');
      const r = await runEhcp(['validate', '--format', 'github'], { cwd: root, env: { GITHUB_STEP_SUMMARY: summary } });
      expect(r.code).toBe(1);
      const line = r.stdout.split('\n').find((l) => l.includes('a%2Cb%3Ac0'));
      expect(line).toMatch(/^::error file=cases\/T0001\/2024-03-12-note-a%2Cb%3Ac0\.yaml,line=\d+,col=\d+,title=ehcp schema::/);
      expect(fs.readFileSync(summary, 'utf8')).toContain('### ehcp validate');
    });

    it('junit: one testcase per file, failures for invalid ones, well-formed XML', async () => {
      const root = await validRepo();
      writeFile(root, `${dir}/${NOTE_ID}.yaml`, NOTE_YAML.replace('kind: phone', 'kind: "<&>"'));
      const r = await runEhcp(['validate', '--format', 'junit'], { cwd: root });
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('tests="5" failures="1"');
      expect((r.stdout.match(/<testcase /g) ?? []).length).toBe(5);
      expect(r.stdout).toContain(`<testcase classname="ehcp.validate" name="${dir}/${NOTE_ID}.yaml"`);
      expect(r.stdout).not.toContain('<&>');
    });

    it('json: the contract shape', async () => {
      const root = await validRepo();
      const r = await runEhcp(['validate', '--format', 'json'], { cwd: root });
      expect(JSON.parse(r.stdout)).toEqual({ version: 1, files: 5, problems: [], summary: { errors: 0, warnings: 0, files: 5 } });
    });
  });

  it('outside a records repository: exit 2 with what to do', async () => {
    const r = await spawnEhcp(['validate'], { cwd: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ehcp init');
  });

  it('an unknown flag is a usage error (exit 2)', async () => {
    const root = await validRepo();
    const r = await spawnEhcp(['validate', '--nope'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--nope'");
  });

  it('never echoes record text in a message (personal data stays in the file)', async () => {
    const root = await validRepo();
    writeFile(root, `${dir}/${NOTE_ID}.yaml`, NOTE_YAML.replace('kind: phone', 'kind: Test Child Alpha diagnosis'));
    const r = await runEhcp(['validate'], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).not.toContain('Test Child Alpha');
  });
});
