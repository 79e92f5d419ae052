// One regression test for each hole found by the attack on the audit trail (issue 9,
// items 1–10), driven in-process through the commands where the command is the point.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createWorkingCalendar } from '../../src/core/calendar/index.js';
import { audit } from '../../src/core/audit/index.js';
import { resolveRules } from '../../src/core/rules/index.js';
import { dateOfBirthForms, referenceDiscloses } from '../../src/core/refPrivacy.js';
import { MAX_PATH_DEPTH, parsePath } from '../../src/core/setPath.js';
import { parseYaml } from '../../src/core/yaml.js';
import { csvCell } from '../../src/cli/formatters/findings/csv.js';
import { readBoundedFile, UnreadableFileError } from '../../src/store/read/readFile.js';
import { writeFileAtomic, WriteFailedError } from '../../src/store/write/write.js';
import { trailersMatchChanges, type HistoryCommit } from '../../src/store/git/history.js';
import { gitSync, tempDir } from '../helpers/cli.js';
import { copyRepo, ehcpInProcess, expectContained, RAW_CONTROL } from './hostile-helpers.js';

let work: string;
let demo: string;

beforeAll(async () => {
  work = tempDir('ehcp-regress-');
  demo = path.join(work, 'demo');
  const r = await ehcpInProcess(['demo', '--dir', demo, '--cases', '3', '--seed', '5'], work, 60_000);
  expect(r.code, r.stderr).toBe(0);
}, 90_000);

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

const finalNoteOf = (repo: string, ref = 'C0001') =>
  fs
    .readdirSync(path.join(repo, 'cases', ref))
    .filter((f) => f.includes('-note-'))
    .map((f) => `cases/${ref}/${f}`)
    .find((f) => /^status: final$/m.test(fs.readFileSync(path.join(repo, f), 'utf8')))!;

const handCommit = (repo: string, message: string[], env: Record<string, string> = {}) => gitSync(repo, ['commit', '-qa', '--no-verify', ...message.flatMap((m) => ['-m', m])], env);

describe('1. a cache never changes an answer', () => {
  const AUDITS = [['audit', '--format', 'json'], ['audit', '--category', 'integrity', '--format', 'json'], ['audit', '--format', 'json', '--case', 'C0001']];
  /** The same audit on a copy with no cache at all. */
  async function cacheFree(repo: string, args: string[]): Promise<string> {
    const copy = copyRepo(repo, work);
    fs.rmSync(path.join(copy, '.ehcp', 'cache'), { recursive: true, force: true });
    const r = await ehcpInProcess(args, copy);
    fs.rmSync(copy, { recursive: true, force: true });
    return r.stdout;
  }

  const tamperings: [string, (repo: string) => void][] = [
    ['an in-place edit', (repo) => {
      const f = finalNoteOf(repo);
      fs.writeFileSync(path.join(repo, f), fs.readFileSync(path.join(repo, f), 'utf8').replace(/^summary: .*$/m, 'summary: Tidied by hand.'));
      handCommit(repo, ['tidy']);
    }],
    ['final turned back to draft', (repo) => {
      const f = finalNoteOf(repo);
      fs.writeFileSync(path.join(repo, f), fs.readFileSync(path.join(repo, f), 'utf8').replace(/^status: final$/m, 'status: draft'));
      handCommit(repo, ['tidy']);
    }],
    ['an edit under forged trailers', (repo) => {
      const f = finalNoteOf(repo);
      const id = path.basename(f, '.yaml');
      fs.writeFileSync(path.join(repo, f), fs.readFileSync(path.join(repo, f), 'utf8').replace(/^summary: .*$/m, 'summary: Forged.'));
      handCommit(repo, [`C0001 note ${id} void`, `Ehcp-Case: C0001\nEhcp-Record: ${id}\nEhcp-Action: void`]);
    }],
  ];

  for (const [name, tamper] of tamperings) {
    it(`${name}: every audit, run twice around an --as-of audit and a commit, answers as a cache-free run`, async () => {
      const repo = copyRepo(demo, work);
      for (const args of AUDITS) await ehcpInProcess(args, repo); // warm every cache
      tamper(repo);
      const check = async () => {
        for (const args of AUDITS) {
          const expected = await cacheFree(repo, args);
          for (let i = 0; i < 2; i++) expect((await ehcpInProcess(args, repo)).stdout).toBe(expected);
        }
      };
      await ehcpInProcess(['audit', '--as-of', '2025-01-01', '--format', 'json'], repo);
      await check();
      expect((await ehcpInProcess(['audit', '--category', 'integrity', '--format', 'json'], repo)).stdout).toMatch(/final-record-changed/);
      const note = await ehcpInProcess(['note', 'new', '--case', 'C0002', '--date', '2026-01-05', '--kind', 'phone', '--with', 'parent', '--summary', 'Synthetic.'], repo);
      expect(note.code, note.stderr).toBe(0);
      await ehcpInProcess(['audit', '--as-of', '2024-06-30', '--format', 'json'], repo);
      await check();
      fs.rmSync(repo, { recursive: true, force: true });
    }, 120_000);
  }
});

describe('2. one bad date never stops the audit', () => {
  it('validate names the file and line of a date outside the range; audit and case show go on', async () => {
    const repo = copyRepo(demo, work);
    const f = finalNoteOf(repo);
    const text = fs.readFileSync(path.join(repo, f), 'utf8');
    fs.writeFileSync(path.join(repo, f), text.replace(/^date: .*$/m, 'date: "0000-01-01"'));
    handCommit(repo, ['tidy']);
    const line = text.split('\n').findIndex((l) => l.startsWith('date:')) + 1;
    const v = await ehcpInProcess(['validate'], repo);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain(`${f}:${line}:`);
    expect(v.stdout).toMatch(/must be a date between 1900-01-01 and 2199-12-31/);
    const a = await ehcpInProcess(['audit', '--format', 'json'], repo);
    expectContained(a, [0, 1]);
    const cases = new Set((JSON.parse(a.stdout).findings as { case: string }[]).map((x) => x.case));
    expect(cases.has('C0002') || cases.has('C0003')).toBe(true);
    expectContained(await ehcpInProcess(['case', 'show', 'C0001'], repo), [1]);
    fs.rmSync(repo, { recursive: true, force: true });
  });

  it('a case whose computation fails is one finding naming it; the others are audited', () => {
    const calendar = createWorkingCalendar();
    const broken = { ...calendar, addWorkingDays: (d: string, n: number) => (d.startsWith('2024-05') ? (() => { throw new RangeError('Year out of range: 0'); })() : calendar.addWorkingDays(d, n)) };
    const draft = (ref: string, date: string) => ({ schema: 'minutes/v1', id: `${date}-minutes-${ref.toLowerCase().slice(0, 6)}`, case: ref, status: 'draft', date, kind: 'panel' }) as never;
    const findings = audit({ cases: [], records: [draft('C0001', '2024-05-02'), draft('C0002', '2024-01-02')], rules: resolveRules(), calendar: broken as never, asOf: '2024-12-01' });
    expect(findings.find((f) => f.case === 'C0001')?.rule).toBe('case-not-audited');
    expect(findings.find((f) => f.case === 'C0001')?.file).toBe('cases/C0001/case.yaml');
    expect(findings.some((f) => f.case === 'C0002' && f.rule === 'stale-draft')).toBe(true);
  });

  it('the writer re-validates: a record dated 0000-01-01 is refused before anything is written', async () => {
    const repo = copyRepo(demo, work);
    const { createRecord } = await import('../../src/store/write/records.js');
    await expect(createRecord(repo, { type: 'note', case: 'C0001', status: 'final', fields: { date: '0000-01-01', kind: 'phone', summary: 'x' } }, { commit: false })).rejects.toThrow(/1900-01-01 and 2199-12-31/);
    expect(gitSync(repo, ['status', '--porcelain', '--', 'cases/C0001'])).toBe('');
    fs.rmSync(repo, { recursive: true, force: true });
  });
});

describe('3. full or read-only disk (simulated here; real tmpfs disks in test/e2e/faults.test.ts)', () => {
  for (const code of ['ENOSPC', 'EROFS', 'EIO']) {
    it(`${code}: exit-2 error in words, no temporary file left, the content kept elsewhere`, () => {
      const dir = tempDir();
      const spy = vi.spyOn(fs, 'writeSync').mockImplementationOnce(() => {
        throw Object.assign(new Error(`${code}: simulated`), { code });
      });
      let error: unknown;
      try {
        writeFileAtomic(path.join(dir, 'r.yaml'), 'summary: typed answer\n', { exclusive: true, keep: 'cases/T1/r.yaml' });
      } catch (e) {
        error = e;
      } finally {
        spy.mockRestore();
      }
      expect(error).toBeInstanceOf(WriteFailedError);
      const e = error as WriteFailedError;
      expect(e.exitCode).toBe(2);
      expect(e.message).toMatch(code === 'ENOSPC' ? /the disk is full/ : code === 'EROFS' ? /read-only/ : /read\/write error/);
      expect(fs.readdirSync(dir)).toEqual([]);
      expect(fs.readFileSync(e.keptAt!, 'utf8')).toBe('summary: typed answer\n');
      expect(fs.statSync(e.keptAt!).mode & 0o777).toBe(0o600);
      fs.rmSync(e.keptAt!);
    });
  }
});

describe('3. the error boundary says what the system refused', () => {
  it.each([
    ['ENOSPC', /the disk is full \(ENOSPC\)/],
    ['EROFS', /the disk is read-only \(EROFS\)/],
    ['EACCES', /permission denied \(EACCES\)/],
    ['EIO', /read\/write error \(EIO\)/],
  ])('%s', async (code, sentence) => {
    const { explainSystemError } = await import('../../src/cli/main.js');
    const e = Object.assign(new Error(`${code}: boom`), { code, syscall: 'open', path: '/x/cases/C1/\u001b[2J.yaml' });
    const said = explainSystemError(e)!;
    expect(said.message).toMatch(sentence);
    expect(RAW_CONTROL.test(said.message)).toBe(false);
    expect(explainSystemError(new Error('a bug'))).toBeUndefined();
    expect(explainSystemError(new RangeError('Maximum call stack size exceeded'))?.message).toMatch(/nested too deeply/);
  });
});

describe('4. the case reference never carries the name or date of birth', () => {
  const person = { name: 'Zelda Quuxington', dob: '2015-06-01' };
  it.each(['QUUXINGTON-20150601', 'C-QUUX-01', 'ZEL-001', 'C0001-INGT', 'C-2015-06-01', 'C20150601', 'C010615', 'C01062015', 'C06012015', 'C150601', '1JUN2015', 'C-01JUN15', 'JUNE-1-2015', 'C2015JUN01'])('%s is refused', (ref) => {
    expect(referenceDiscloses(ref, person)).toBeDefined();
  });
  it.each(['C0042', 'T0042', 'C-2015-0001', 'ZQ-0001'])('%s is allowed', (ref) => {
    expect(referenceDiscloses(ref, person)).toBeUndefined();
  });
  it('knows the common written forms of a date of birth', () => {
    expect(dateOfBirthForms('2015-06-01')).toEqual(expect.arrayContaining(['20150601', '010615', '01062015', '1JUN2015', '01JUNE2015', '150601']));
  });
  it('case new refuses it with exit 2 and a message that does not echo the name', async () => {
    const repo = copyRepo(demo, work);
    const r = await ehcpInProcess(['case', 'new', '--ref', 'QUUXINGTON-20150601', '--name', 'Zelda Quuxington', '--dob', '2015-06-01'], repo);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/part of the child's name/);
    expect(r.stderr).not.toMatch(/quux|zelda|20150601/i);
    expect(fs.existsSync(path.join(repo, 'cases', 'QUUXINGTON-20150601'))).toBe(false);
    fs.rmSync(repo, { recursive: true, force: true });
  });
});

describe('5. no terminal escape or forged row from record text or git metadata', () => {
  it('case show, case list and history print names and summaries inert', async () => {
    const repo = copyRepo(demo, work);
    const evil = '\u001b]0;pwned\u0007\u001b[2J';
    const caseYaml = path.join(repo, 'cases', 'C0001', 'case.yaml');
    fs.writeFileSync(caseYaml, fs.readFileSync(caseYaml, 'utf8').replace(/^officer: .*$/m, `officer: "${evil.replace(/\u001b/g, '\\e').replace(/\u0007/g, '\\a')}\\nC9999  open  forged"`));
    const f = finalNoteOf(repo);
    fs.writeFileSync(path.join(repo, f), fs.readFileSync(path.join(repo, f), 'utf8').replace(/^summary: .*$/m, 'summary: "\\e[31mred\\nforged row"'));
    handCommit(repo, ['hand edit'], { GIT_AUTHOR_NAME: `Officer${evil}\nforged` });
    for (const args of [['case', 'show', 'C0001'], ['case', 'list'], ['history', 'C0001'], ['history', path.basename(f, '.yaml')], ['validate']]) {
      const r = await ehcpInProcess(args, repo);
      expectContained(r);
      expect(r.stdout + r.stderr).not.toMatch(/^C9999/m);
      expect(r.stdout).not.toMatch(/^forged/m);
    }
    const list = await ehcpInProcess(['case', 'list'], repo);
    expect(list.stdout.trim().split('\n')).toHaveLength(1 + 3 + 1); // header, 3 cases, count
    fs.rmSync(repo, { recursive: true, force: true });
  });
});

describe('6. every read is bounded and type-checked', () => {
  it('readBoundedFile refuses a device, a FIFO, a folder, a link leaving the root and a file over the limit', () => {
    const dir = tempDir();
    execFileSync('mkfifo', [path.join(dir, 'fifo')]);
    fs.symlinkSync('/dev/zero', path.join(dir, 'zero'));
    fs.writeFileSync(path.join(dir, 'big'), Buffer.alloc(2048));
    const reason = (p: string, extra: object = {}) => {
      try {
        readBoundedFile(p, { maxBytes: 1024, label: 'f', ...extra });
        return 'read';
      } catch (e) {
        return (e as UnreadableFileError).reason;
      }
    };
    expect(reason('/dev/zero')).toBe('not-a-file');
    expect(reason(path.join(dir, 'fifo'))).toBe('not-a-file');
    expect(reason(dir)).toBe('not-a-file');
    expect(reason(path.join(dir, 'zero'), { root: dir })).toBe('link-outside');
    expect(reason(path.join(dir, 'big'))).toBe('too-large');
    expect(reason(path.join(dir, 'missing'))).toBe('missing');
  });

  for (const kind of ['a link to /dev/zero', 'a FIFO']) {
    it(`ehcp.config.yaml as ${kind}: case show and rules list exit 2 at once`, async () => {
      const repo = copyRepo(demo, work);
      const config = path.join(repo, 'ehcp.config.yaml');
      fs.rmSync(config);
      if (kind === 'a FIFO') execFileSync('mkfifo', [config]);
      else fs.symlinkSync('/dev/zero', config);
      for (const args of [['case', 'show', 'C0001'], ['rules', 'list']]) {
        const r = await ehcpInProcess(args, repo, 10_000);
        expectContained(r, [2]);
        expect(r.stderr).toMatch(/ehcp\.config\.yaml is (a symbolic link to somewhere outside|a FIFO)/);
      }
      fs.rmSync(repo, { recursive: true, force: true });
    });
  }

  it('git objects are read bounded too: a huge blob in the history keeps its id but not its bytes', async () => {
    const { catFileBatch, MAX_OBJECT_BYTES } = await import('../../src/store/git/catFile.js');
    const repo = path.join(tempDir(), 'g');
    fs.mkdirSync(repo);
    gitSync(repo, ['init', '-q']);
    fs.writeFileSync(path.join(repo, 'big'), Buffer.alloc(MAX_OBJECT_BYTES + 10, 0x61));
    fs.writeFileSync(path.join(repo, 'small'), 'a: 1\n');
    fs.writeFileSync(path.join(repo, 'empty'), '');
    gitSync(repo, ['add', '.']);
    gitSync(repo, ['commit', '-qm', 'x']);
    const [big, small, missing, empty, again] = await catFileBatch(repo, ['HEAD:big', 'HEAD:small', 'HEAD:nothing', 'HEAD:empty', 'HEAD:small']);
    expect(big?.type).toBe('blob');
    expect(big?.bytes.length).toBe(0);
    expect(small?.bytes.toString()).toBe('a: 1\n');
    expect(missing).toBeUndefined();
    expect(empty?.bytes.length).toBe(0);
    expect(again?.oid).toBe(small?.oid);
    // A caller that asks for whole objects (a record commit reading a large cases/ tree) gets them.
    const [whole] = await catFileBatch(repo, ['HEAD:big'], { maxBytes: Infinity });
    expect(whole?.bytes.length).toBe(MAX_OBJECT_BYTES + 10);
  });

  it('--from /dev/zero and --from a FIFO are refused with exit 2', async () => {
    const repo = copyRepo(demo, work);
    const fifo = path.join(work, `fifo-${Date.now()}`);
    execFileSync('mkfifo', [fifo]);
    for (const from of ['/dev/zero', fifo]) {
      const r = await ehcpInProcess(['minutes', 'new', '--case', 'C0001', '--kind', 'panel', '--date', '2025-01-01', '--from', from], repo, 10_000);
      expectContained(r, [2]);
      expect(r.stderr).toMatch(/not a regular file/);
    }
    fs.rmSync(repo, { recursive: true, force: true });
  });
});

describe('7. odd arguments give clear errors', () => {
  it('--set 1,000 levels deep: exit 2, the depth limit named', async () => {
    const repo = copyRepo(demo, work);
    const deep = Array.from({ length: 1000 }, () => 'a').join('.');
    const r = await ehcpInProcess(['note', 'new', '--case', 'C0001', '--date', '2025-01-01', '--kind', 'phone', '--summary', 'x', '--set', `${deep}=1`], repo);
    expectContained(r, [2]);
    expect(r.stderr).toMatch(new RegExp(`more than ${MAX_PATH_DEPTH} levels deep`));
    expect(() => parsePath(deep)).toThrow(/levels deep/);
    fs.rmSync(repo, { recursive: true, force: true });
  });
  it('--from a file with a __proto__ key: exit 2, the key refused', async () => {
    const repo = copyRepo(demo, work);
    const file = path.join(work, 'proto.yaml');
    fs.writeFileSync(file, '__proto__:\n  polluted: yes\n');
    const r = await ehcpInProcess(['minutes', 'new', '--case', 'C0001', '--kind', 'panel', '--date', '2025-01-01', '--from', file], repo);
    expectContained(r, [2]);
    expect(r.stderr).toMatch(/`__proto__` is not allowed/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    fs.rmSync(repo, { recursive: true, force: true });
  });
});

describe('8. late-record trusts the committer date, not the author date', () => {
  it('a record committed weeks after its date is late even when its author date is backdated', async () => {
    const repo = copyRepo(demo, work);
    const id = '2025-03-03-note-bkd4t3';
    const file = `cases/C0001/${id}.yaml`;
    fs.writeFileSync(path.join(repo, file), `schema: note/v1\nid: ${id}\ncase: C0001\nstatus: final\ndate: "2025-03-03"\nkind: phone\nwith: parent\nsummary: Synthetic call.\nrecorded_by: Officer Amber Test\n`);
    gitSync(repo, ['add', file]);
    handCommit(repo, [`C0001 note ${id} create`, `Ehcp-Case: C0001\nEhcp-Record: ${id}\nEhcp-Action: create`], { GIT_AUTHOR_DATE: '2025-03-03T12:00:00+00:00', GIT_COMMITTER_DATE: '2025-04-14T12:00:00+00:00' });
    const r = await ehcpInProcess(['audit', '--category', 'late-record', '--format', 'json', '--case', 'C0001'], repo);
    expect((JSON.parse(r.stdout).findings as { rule: string; trigger: string }[]).some((f) => f.rule === 'late-record' && f.trigger === id)).toBe(true);
    fs.rmSync(repo, { recursive: true, force: true });
  });
});

describe('9. forged trailers do not make a hand commit look like ehcp', () => {
  const commit = (trailers: HistoryCommit['trailers'], files: HistoryCommit['files']): HistoryCommit => ({
    sha: 'a'.repeat(40), parents: ['b'.repeat(40)], authorName: 'x', authorEmail: 'x', authorDate: '2025-01-01T00:00:00+00:00', authorDay: '2025-01-01',
    committerDate: '2025-01-01T00:00:00+00:00', committerDay: '2025-01-01', subject: 's', trailers, files,
  });
  const id = '2025-01-01-note-abcdef';
  it.each([
    ['two files', { case: 'C1', record: id, action: 'create' }, [{ status: 'A', path: `cases/C1/${id}.yaml` }, { status: 'M', path: 'cases/C1/2024-01-01-note-zzzzzz.yaml' }], false],
    ['another file than the record', { case: 'C1', record: id, action: 'finalise' }, [{ status: 'M', path: 'cases/C1/2024-01-01-note-zzzzzz.yaml' }], false],
    ['create that modifies', { case: 'C1', record: id, action: 'create' }, [{ status: 'M', path: `cases/C1/${id}.yaml` }], false],
    ['an unknown action', { case: 'C1', record: id, action: 'tidy' }, [{ status: 'M', path: `cases/C1/${id}.yaml` }], false],
    ['a trailer given twice', { case: 'C1', record: `${id}\u001f${id}`, action: 'void' }, [{ status: 'M', path: `cases/C1/${id}.yaml` }], false],
    ['init touching cases/', { action: 'init' }, [{ status: 'A', path: `cases/C1/${id}.yaml` }], false],
    ['a genuine create', { case: 'C1', record: id, action: 'create' }, [{ status: 'A', path: `cases/C1/${id}.yaml` }], true],
    ['a genuine finalise', { case: 'C1', record: id, action: 'finalise' }, [{ status: 'M', path: `cases/C1/${id}.yaml` }], true],
    ['a genuine case', { case: 'C1', action: 'create' }, [{ status: 'A', path: 'cases/C1/case.yaml' }], true],
    ['a genuine edit of a draft (minutes edit, action done)', { case: 'C1', record: id, action: 'edit' }, [{ status: 'M', path: `cases/C1/${id}.yaml` }], true],
    ['an edit that adds a file', { case: 'C1', record: id, action: 'edit' }, [{ status: 'A', path: `cases/C1/${id}.yaml` }], false],
  ] as [string, HistoryCommit['trailers'], HistoryCommit['files'], boolean][])('%s', (_name, trailers, files, genuine) => {
    expect(trailersMatchChanges(commit(trailers, files))).toBe(genuine);
  });

  it('history shows a hand edit of a draft under copied "finalise" trailers as outside ehcp', async () => {
    const repo = copyRepo(demo, work);
    const made = await ehcpInProcess(['note', 'new', '--case', 'C0002', '--date', '2026-01-05', '--kind', 'phone', '--with', 'parent', '--summary', 'Synthetic.', '--json'], repo);
    expect(made.code, made.stderr).toBe(0);
    const minutes = await ehcpInProcess(['minutes', 'new', '--case', 'C0002', '--kind', 'panel', '--date', '2026-01-06', '--json'], repo);
    expect(minutes.code, minutes.stderr).toBe(0);
    const { id, path: file } = JSON.parse(minutes.stdout) as { id: string; path: string };
    fs.appendFileSync(path.join(repo, file), 'venue: Room 2\n');
    handCommit(repo, [`C0002 minutes ${id} finalise`, `Ehcp-Case: C0002\nEhcp-Record: ${id}\nEhcp-Action: finalise`]);
    const r = await ehcpInProcess(['history', id, '--format', 'json'], repo);
    const commits = JSON.parse(r.stdout).commits as { action: string; outsideEhcp: boolean }[];
    expect(commits.map((c) => [c.action, c.outsideEhcp])).toEqual([['create', false], ['finalise', true]]);
    const note = JSON.parse(made.stdout) as { id: string };
    const legit = JSON.parse((await ehcpInProcess(['history', note.id, '--format', 'json'], repo)).stdout).commits as { outsideEhcp: boolean }[];
    expect(legit.every((c) => !c.outsideEhcp)).toBe(true);
    fs.rmSync(repo, { recursive: true, force: true });
  });
});

describe('10. CSV look-alikes and raw control bytes; YAML nesting bombs', () => {
  it.each(['＝1+1', '＋1', '－1', '＠SUM(A1)', '﹦1', '−1', ' ＝1'])('%s is neutralised', (cell) => {
    expect(csvCell(cell).replace(/^"/, '')).toMatch(/^'/);
  });
  it('raw control characters become visible escapes', () => {
    const out = csvCell('a\u001b[2Jb\u0007c');
    expect(RAW_CONTROL.test(out)).toBe(false);
    expect(out).toContain('\\u001b');
  });
  it.each([
    ['flow', `a: ${'['.repeat(5000)}${']'.repeat(5000)}`],
    ['block', Array.from({ length: 200 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' x'],
  ])('a %s nesting bomb is "nested too deeply", not a stack overflow', (_kind, text) => {
    const parsed = parseYaml('f.yaml', text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.map((p) => p.rule)).toContain('yaml-too-deep');
  });
});
