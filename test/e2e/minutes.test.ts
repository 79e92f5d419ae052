import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { gitSync, runEhcp as spawnEhcp, treeSnapshot, writeFile } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inProcess.js';
import { CHILD_NAME, expectClean, expectCommitted, expectNoPersonalData, expectValid, idOf, read, recordFiles, repoWithCase } from './record-helpers.js';

/** Most runs go through runCli in this process (fast); the tests that run the binary say `spawnEhcp`. */
const runEhcp = runInProcess;

const NEW = ['minutes', 'new', '--case', 'T0042'];

describe('ehcp minutes new', () => {
  it('--no-input with case, kind and date scaffolds a committed draft from the template', async () => {
    const repo = await repoWithCase();
    const r = await spawnEhcp([...NEW, '--kind', 'appeal-hearing', '--date', '2024-03-05', '--no-input'], { cwd: repo });
    expect(r.code).toBe(0);
    const file = r.stdout.trim();
    expect(file).toMatch(/^cases\/T0042\/2024-03-05-minutes-[a-z0-9]{6}\.yaml$/);
    const text = read(repo, file);
    const value = parse(text);
    expect(value).toMatchObject({ schema: 'minutes/v1', id: idOf(file), case: 'T0042', status: 'draft', kind: 'appeal-hearing', date: '2024-03-05', recorded_by: 'Test Officer' });
    expect(Object.keys(value)).not.toContain('attendees');
    // The template's guidance and commented examples are in the draft, for the officer to fill in.
    expect(text).toContain('# Decisions: each decision, and WHY it was made');
    expect(text).toMatch(/^# attendees:$/m);
    expect(text).toMatch(/^#   - name: "Judge Test Example"$/m);
    expect(r.stderr).toContain(`ehcp minutes finalise ${idOf(file)}`);
    expectCommitted(repo, file, { case: 'T0042', type: 'minutes', record: idOf(file), action: 'create' });
    expectClean(repo);
    expectNoPersonalData(repo);
    await expectValid(repo);
  });

  it('without a terminal, missing values are a usage error naming every flag; nothing is written', async () => {
    const repo = await repoWithCase();
    const before = treeSnapshot(repo);
    const r = await runEhcp(['minutes', 'new'], { cwd: repo });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--case REF, --kind KIND, --date YYYY-MM-DD');
    const partial = await runEhcp([...NEW, '--date', '2024-03-05'], { cwd: repo });
    expect(partial.code).toBe(2);
    expect(partial.stderr).toContain('needs --kind KIND');
    expect(partial.stderr).not.toContain('--case REF');
    const badDate = await runEhcp([...NEW, '--kind', 'panel', '--date', '2024-02-30'], { cwd: repo });
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain('--date is not a real calendar date');
    const noCase = await runEhcp(['minutes', 'new', '--case', 'T9999', '--kind', 'panel', '--date', '2024-03-05'], { cwd: repo });
    expect(noCase.code).toBe(2);
    expect(noCase.stderr).toContain('no case T9999');
    expect(treeSnapshot(repo)).toEqual(before);
  });

  it('--set fills dotted paths and list items as strings; --final saves approved final minutes', async () => {
    const repo = await repoWithCase();
    const r = await runEhcp(
      [
        ...NEW, '--kind', 'appeal-hearing', '--date', '2024-03-05', '--time', '10:00', '--venue', 'Video hearing', '--final', '--json',
        '--set', 'attendees[0].name=Test Person', '--set', 'attendees[0].party=parent', '--set', 'attendees[1].name=Officer Test',
        '--set', 'decisions[0].decision=Concede section F', '--set', 'decisions[0].reasons=Evidence not disputed',
        '--set', 'decisions[1].decision=Amend the plan', '--set', 'decisions[1].reasons=Ordered: 5 weeks',
        '--set', 'outcome.result=appeal-partly-upheld', '--set', 'outcome.tribunal_ref=EH000/24/00001', '--set', 'outcome.orders[0]=amend-plan',
        '--set', 'actions[0].action=Issue the amended plan', '--set', 'actions[0].due=2024-04-09', '--set', 'discussion=yes',
      ],
      { cwd: repo },
    );
    expect(r.stderr).toContain('Saved final minutes');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out).sort()).toEqual(['commit', 'id', 'path']);
    const value = parse(read(repo, out.path));
    expect(value).toMatchObject({
      status: 'final',
      time: '10:00',
      venue: 'Video hearing',
      attendees: [{ name: 'Test Person', party: 'parent' }, { name: 'Officer Test' }],
      decisions: [{ decision: 'Concede section F', reasons: 'Evidence not disputed' }, { decision: 'Amend the plan', reasons: 'Ordered: 5 weeks' }],
      outcome: { result: 'appeal-partly-upheld', tribunal_ref: 'EH000/24/00001', orders: ['amend-plan'] },
      actions: [{ action: 'Issue the amended plan', due: '2024-04-09' }],
      discussion: 'yes',
      approved_by: 'Test Officer',
    });
    // A string that looks like a YAML 1.1 boolean is quoted, so every reader reads a string.
    expect(read(repo, out.path)).toContain('discussion: "yes"');
    // Final minutes carry no template guidance.
    expect(read(repo, out.path)).not.toContain('# Decisions');
    expect(expectCommitted(repo, out.path, { case: 'T0042', type: 'minutes', record: out.id, action: 'create' })).toBe(out.commit);
    expectClean(repo);
    await expectValid(repo);
  });

  it('--final refuses minutes that lack what final minutes need, names each gap, and writes nothing', async () => {
    const repo = await repoWithCase();
    const before = treeSnapshot(repo);
    const r = await runEhcp([...NEW, '--kind', 'appeal-hearing', '--date', '2024-03-05', '--final', '--set', 'attendees[0].name=Test Person', '--set', 'decisions[0].decision=Concede'], { cwd: repo });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot be saved as final');
    expect(r.stderr).toContain('`decisions[0].reasons` is required');
    expect(r.stderr).toContain('`outcome` is required');
    expect(r.stderr).not.toContain('Test Person');
    expect(treeSnapshot(repo)).toEqual(before);
  });

  it('rejects malformed --set paths and fields ehcp manages', async () => {
    const repo = await repoWithCase();
    for (const [set, says] of [
      ['attendees[2].name=X', 'set [0] next'],
      ['status=final', 'set by ehcp'],
      ['attendees..name=X', 'not a field path'],
      ['novalue', 'path=value'],
    ]) {
      const r = await runEhcp([...NEW, '--kind', 'panel', '--date', '2024-03-05', '--set', set], { cwd: repo });
      expect(r.code, set).toBe(2);
      expect(r.stderr, set).toContain(says);
    }
    const unknown = await runEhcp([...NEW, '--kind', 'panel', '--date', '2024-03-05', '--set', 'colour=blue'], { cwd: repo });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('`colour` is not part of this record type');
    expect(recordFiles(repo)).toEqual([]);
  });

  it('--from FILE gives fields, and the flags win over it', async () => {
    const repo = await repoWithCase();
    writeFile(repo, '../fields.yaml', 'case: T0042\nkind: panel\ndate: "2024-03-01"\nvenue: From the file\npurpose: Decide whether to assess\nattendees:\n  - name: Test Chair\n');
    const r = await runEhcp(['minutes', 'new', '--from', '../fields.yaml', '--date', '2024-03-05', '--set', 'attendees[0].role=Chair', '--no-input'], { cwd: repo });
    expect(r.stderr).toContain('Saved draft');
    expect(r.code).toBe(0);
    const value = parse(read(repo, r.stdout.trim()));
    expect(value).toMatchObject({ case: 'T0042', kind: 'panel', date: '2024-03-05', venue: 'From the file', purpose: 'Decide whether to assess', attendees: [{ name: 'Test Chair', role: 'Chair' }] });
    writeFile(repo, '../other.yaml', 'case: T0001\n');
    const wrong = await runEhcp([...NEW, '--kind', 'panel', '--date', '2024-03-05', '--from', '../other.yaml'], { cwd: repo });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('another case');
  });

  it('--no-commit writes the file and leaves it for the officer to commit', async () => {
    const repo = await repoWithCase();
    const r = await runEhcp([...NEW, '--kind', 'mediation', '--date', '2024-03-05', '--no-commit', '--json'], { cwd: repo });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.commit).toBeNull();
    expect(gitSync(repo, ['status', '--porcelain'])).toBe(`?? ${out.path}\n`);
    const v = await runEhcp(['validate'], { cwd: repo });
    expect(v.code).toBe(0);
    expect(v.stdout).toContain('uncommitted');
  });

  it('uses the records repository\'s own template when it has one', async () => {
    const repo = await repoWithCase();
    writeFile(repo, 'templates/annual-review.yaml', '# Example Council annual review minutes.\n\n# Our guidance on who should attend.\nattendees:\n  - name: "Full name"\n');
    const r = await runEhcp([...NEW, '--kind', 'annual-review', '--date', '2024-03-05', '--no-input'], { cwd: repo });
    expect(r.code).toBe(0);
    const text = read(repo, r.stdout.trim());
    expect(text).toContain('# Example Council annual review minutes.');
    expect(text).toContain('# Our guidance on who should attend.');
    expect(text).not.toContain('Children and Families Act');
    writeFile(repo, 'templates/panel.yaml', 'status: final\n');
    const broken = await runEhcp([...NEW, '--kind', 'panel', '--date', '2024-03-05', '--no-input'], { cwd: repo });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('templates/panel.yaml:1: `status` is filled in by ehcp');
  });

  it('a failed commit leaves the record in place, says how to finish, and validate reports it until committed', async () => {
    const repo = await repoWithCase();
    const lock = path.join(repo, '.git', 'index.lock');
    fs.writeFileSync(lock, '');
    const r = await runEhcp([...NEW, '--kind', 'panel', '--date', '2024-03-05', '--no-input'], { cwd: repo, env: { EHCP_LOCK_WAIT_MS: '300' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('written but not committed');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const [file] = recordFiles(repo);
    expect(r.stderr).toContain(`git add -- ${file} && git commit`);
    fs.rmSync(lock);
    const v = await runEhcp(['validate'], { cwd: repo });
    expect(v.code).toBe(0);
    expect(v.stdout).toContain(`${file}:1:1 warning`);
    gitSync(repo, ['add', '--', file]);
    gitSync(repo, ['commit', '-qm', 'finish the write', '--no-verify']);
    expectClean(repo);
  });

  it('--resume without a terminal carries on from saved answers and deletes them once written', async () => {
    const repo = await repoWithCase();
    const draft = {
      version: 1,
      type: 'minutes',
      case: 'T0042',
      created: '2024-03-05T10:00:00.000Z',
      updated: '2024-03-05T10:05:00.000Z',
      values: { kind: 'appeal-hearing', date: '2024-03-05', attendees: [{ name: 'Test Person', attendance: 'present' }] },
      done: ['kind', 'date', 'when', 'attendees'],
    };
    writeFile(repo, '.ehcp/drafts/T0042-minutes-abc123.json', JSON.stringify(draft));
    expect(gitSync(repo, ['status', '--porcelain'])).toBe(''); // drafts are git-ignored
    const r = await runEhcp([...NEW, '--resume', '--set', 'decisions[0].decision=Concede'], { cwd: repo });
    expect(r.code).toBe(0);
    expect(parse(read(repo, r.stdout.trim()))).toMatchObject({ kind: 'appeal-hearing', date: '2024-03-05', attendees: [{ name: 'Test Person' }], decisions: [{ decision: 'Concede' }] });
    expect(fs.existsSync(path.join(repo, '.ehcp/drafts/T0042-minutes-abc123.json'))).toBe(false);
    const none = await runEhcp([...NEW, '--resume'], { cwd: repo });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no saved minutes answers for case T0042');
  });
});

describe('ehcp minutes new --edit', () => {
  it('reopens the editor with the problems listed until the minutes are valid', async () => {
    const repo = await repoWithCase();
    const dir = path.dirname(repo);
    // A scripted editor: first save says final without attendees; second adds what is missing.
    const editor = writeFile(
      dir,
      'editor.sh',
      `#!/bin/sh
n=$(cat "${dir}/count" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "${dir}/count"
cp "$1" "${dir}/buffer.$n"
if [ $n = 1 ]; then sed -i 's/^status: draft/status: final/' "$1"; exit 0; fi
printf 'attendees:\\n  - name: Test Person\\ndecisions:\\n  - decision: Maintain\\n    reasons: Needs unchanged\\n' >> "$1"
`,
    );
    fs.chmodSync(editor, 0o755);
    const r = await spawnEhcp([...NEW, '--kind', 'annual-review', '--date', '2024-03-05', '--edit'], { cwd: repo, env: { EDITOR: editor, PAGER: 'less' } });
    expect(r.stderr).toContain('reopening the editor');
    expect(r.code).toBe(0);
    const first = fs.readFileSync(path.join(dir, 'buffer.1'), 'utf8');
    expect(first).toContain('status: draft');
    expect(first).toContain('# Decisions: the recommendation');
    const second = fs.readFileSync(path.join(dir, 'buffer.2'), 'utf8');
    const header = second.split('\n').filter((l) => l.startsWith('#!'));
    expect(header.join('\n')).toContain('`attendees` is required here');
    expect(header.join('\n')).toContain('`decisions` is required here');
    const value = parse(read(repo, r.stdout.trim()));
    expect(value).toMatchObject({ status: 'final', approved_by: 'Test Officer', attendees: [{ name: 'Test Person' }] });
    expect(read(repo, r.stdout.trim())).not.toContain('#!');
    expectClean(repo);
    await expectValid(repo);
  });

  it('saving an empty file abandons: nothing is written, exit 130', async () => {
    const repo = await repoWithCase();
    const editor = writeFile(path.dirname(repo), 'empty.sh', '#!/bin/sh\n: > "$1"\n');
    fs.chmodSync(editor, 0o755);
    const before = treeSnapshot(repo);
    const r = await spawnEhcp([...NEW, '--kind', 'panel', '--date', '2024-03-05', '--edit'], { cwd: repo, env: { VISUAL: editor } });
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('Abandoned');
    expect(treeSnapshot(repo)).toEqual(before);
  });
});

describe('ehcp minutes finalise', () => {
  it('refuses an empty draft, naming each missing field with file:line, and changes nothing', async () => {
    const repo = await repoWithCase();
    const file = (await runEhcp([...NEW, '--kind', 'appeal-hearing', '--date', '2024-03-05', '--no-input'], { cwd: repo })).stdout.trim();
    const before = treeSnapshot(repo);
    const commits = gitSync(repo, ['rev-list', '--count', 'HEAD']);
    const r = await runEhcp(['minutes', 'finalise', idOf(file)], { cwd: repo });
    expect(r.code).toBe(1);
    const lines = read(repo, file).split('\n');
    for (const field of ['attendees', 'decisions', 'outcome']) {
      const line = lines.findIndex((l) => l === `# ${field}:`) + 1;
      expect(r.stderr).toContain(`${file}:${line}: \`${field}\` is required here; add it.`);
    }
    expect(r.stderr).toContain('nothing was changed');
    expect(treeSnapshot(repo)).toEqual(before);
    expect(gitSync(repo, ['rev-list', '--count', 'HEAD'])).toBe(commits);
  });

  it('turns a filled-in draft final, approved by the officer (or --approved-by) and committed', async () => {
    const repo = await repoWithCase();
    const file = (await runEhcp([...NEW, '--kind', 'appeal-hearing', '--date', '2024-03-05', '--no-input'], { cwd: repo })).stdout.trim();
    // The officer fills the draft in an editor: uncomments the examples and writes over them.
    const filled = read(repo, file)
      .split('\n')
      .map((l) => (/^# (attendees|  - name|    role|    party|    attendance|decisions|  - decision|    reasons|outcome|  result)/.test(l) ? l.slice(2) : l))
      .join('\n');
    fs.writeFileSync(path.join(repo, file), filled);
    gitSync(repo, ['commit', '-qam', 'officer edits the draft', '--no-verify']);
    const r = await runEhcp(['minutes', 'finalise', idOf(file), '--approved-on', '2024-03-06', '--json'], { cwd: repo });
    expect(r.stderr).toContain('is final');
    expect(r.code).toBe(0);
    const value = parse(read(repo, file));
    expect(value).toMatchObject({ status: 'final', approved_by: 'Test Officer', approved_on: '2024-03-06', outcome: { result: 'appeal-partly-upheld' } });
    expect(value.attendees).toHaveLength(3);
    expect(JSON.parse(r.stdout).commit).toBe(expectCommitted(repo, file, { case: 'T0042', type: 'minutes', record: idOf(file), action: 'finalise' }));
    expectClean(repo);
    await expectValid(repo);
    const again = await runEhcp(['minutes', 'finalise', idOf(file)], { cwd: repo });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already final');
    expect(again.stderr).toContain('record amend');
    expect(again.stderr).not.toContain(CHILD_NAME);
  });
});

describe('ehcp minutes edit', () => {
  it('opens the draft, reopens it with the problems at the top, then rewrites it in one commit', async () => {
    const repo = await repoWithCase();
    const dir = path.dirname(repo);
    const file = (await runEhcp([...NEW, '--kind', 'panel', '--date', '2024-03-05', '--no-input'], { cwd: repo })).stdout.trim();
    const commits = Number(gitSync(repo, ['rev-list', '--count', 'HEAD']));
    // First save: an impossible date; second: a real one and a discussion.
    const editor = writeFile(
      dir,
      'edit.sh',
      `#!/bin/sh
n=$(cat "${dir}/count" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "${dir}/count"
cp "$1" "${dir}/buffer.$n"
if [ $n = 1 ]; then sed -i 's/^date: .*/date: "2024-02-30"/' "$1"; exit 0; fi
sed -i 's/^date: .*/date: "2024-03-05"/' "$1"; printf 'discussion: Options for the placement\\n' >> "$1"
`,
    );
    fs.chmodSync(editor, 0o755);
    const r = await runEhcp(['minutes', 'edit', idOf(file)], { cwd: repo, env: { EDITOR: editor } });
    expect(r.stderr).toContain(`Opening ${editor} (from $EDITOR)`);
    expect(r.stderr).toContain('1 problem to fix; reopening the editor');
    expect(r.code).toBe(0);
    const second = fs.readFileSync(path.join(dir, 'buffer.2'), 'utf8');
    expect(second.split('\n').filter((l) => l.startsWith('#!')).join('\n')).toMatch(/line \d+: .*date/);
    const value = parse(read(repo, file));
    expect(value).toMatchObject({ id: idOf(file), status: 'draft', date: '2024-03-05', discussion: 'Options for the placement' });
    expect(read(repo, file)).not.toContain('#!');
    expect(read(repo, file)).toMatch(/^# attendees:$/m); // the template's guidance is kept
    expect(Number(gitSync(repo, ['rev-list', '--count', 'HEAD']))).toBe(commits + 1);
    expectCommitted(repo, file, { case: 'T0042', type: 'minutes', record: idOf(file), action: 'edit' });
    expect(r.stderr).toContain(`ehcp minutes finalise ${idOf(file)}`);
    expect(fs.readdirSync(path.join(repo, '.ehcp', 'drafts'))).toEqual([]);
    expectClean(repo);
    await expectValid(repo);
  });

  it('closing the editor without saving changes nothing and leaves no work file', async () => {
    const repo = await repoWithCase();
    const file = (await runEhcp([...NEW, '--kind', 'panel', '--date', '2024-03-05', '--no-input'], { cwd: repo })).stdout.trim();
    const before = treeSnapshot(repo);
    const r = await runEhcp(['minutes', 'edit', idOf(file)], { cwd: repo, env: { EDITOR: 'true' } });
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('closed without changes, so nothing was written');
    expect(treeSnapshot(repo)).toEqual(before);
    expect(fs.readdirSync(path.join(repo, '.ehcp', 'drafts'))).toEqual([]);
  });

  it('minutes new --edit closed without saving commits nothing', async () => {
    const repo = await repoWithCase();
    const before = treeSnapshot(repo);
    const commits = gitSync(repo, ['rev-list', '--count', 'HEAD']);
    const r = await runEhcp([...NEW, '--kind', 'panel', '--date', '2024-03-05', '--edit'], { cwd: repo, env: { VISUAL: 'true' } });
    expect(r.code).toBe(130);
    expect(treeSnapshot(repo)).toEqual(before);
    expect(gitSync(repo, ['rev-list', '--count', 'HEAD'])).toBe(commits);
    expect(recordFiles(repo)).toEqual([]);
  });

  it('refuses final minutes (pointing to record amend) and other record types', async () => {
    const repo = await repoWithCase();
    const note = (await runEhcp(['note', 'new', '--case', 'T0042', '--date', '2024-03-06', '--summary', 'Called'], { cwd: repo })).stdout.trim();
    const r = await runEhcp(['minutes', 'edit', idOf(note)], { cwd: repo, env: { EDITOR: 'true' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('only draft minutes are edited');
    expect(r.stderr).toContain(`record amend ${idOf(note)}`);
  });
});
