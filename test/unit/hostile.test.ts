// The hostile-input suite: fast-check generates record files and argument values an
// attacker (or an accident) could put in front of ehcp, and the read commands — validate,
// audit, case show, case list, record show, history — are run on them in-process. Every
// run must end with a defined exit code, no stack trace, no changed file, within a
// per-command timeout, and with inert output (no raw ESC or other control character).
//
// 1,000 hostile record files per run (10 repositories of 100 files, each put through all
// six commands) and 1,000 hostile argument values.

import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEhcp, tempDir } from '../helpers/cli.js';
import { repoWithCase } from '../e2e/record-helpers.js';
import { copyRepo, ehcpInProcess, expectContained, snapshot } from './hostile-helpers.js';

const REF = 'T0042';
let template: string;
let work: string;
let validId: string;

beforeAll(async () => {
  template = await repoWithCase(REF);
  const r = await runEhcp(['note', 'new', '--case', REF, '--date', '2024-02-01', '--kind', 'phone', '--with', 'parent', '--summary', 'Synthetic note.', '--json'], { cwd: template });
  expect(r.code, r.stderr).toBe(0);
  validId = JSON.parse(r.stdout).id;
  work = tempDir('ehcp-hostile-');
}, 60_000);

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------
// Generators

const ESCAPES = ['\u001b]0;pwned\u0007', '\u001b[2J', '\u001b[31m', '\u009b1m', '\u0007', '\r', '\u2028', '\u0000', '\u007f', '\n| forged | row |'];
const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom(...ESCAPES),
  fc.tuple(fc.string({ maxLength: 10 }), fc.constantFrom(...ESCAPES), fc.string({ maxLength: 10 })).map(([a, e, b]) => a + e + b),
);
/** A YAML double-quoted scalar that decodes to `s` (so control characters reach the value). */
const quoted = (s: string) => JSON.stringify(s);
const hostileDate = fc.oneof(
  fc.constantFrom('0000-01-01', '9999-12-31', '1899-12-31', '2200-01-01', '2024-02-30', '10000-01-01', '-0001-01-01', '2024-13-01', ''),
  fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
);

const noteLike = fc
  .record({ date: hostileDate, summary: hostileText, withValue: hostileText, recordedBy: hostileText, status: fc.constantFrom('final', 'draft', 'void', 'x') })
  .map(
    (v) =>
      `schema: note/v1\nid: 2024-02-01-note-aaaaaa\ncase: ${REF}\nstatus: ${v.status}\ndate: ${quoted(v.date)}\nkind: phone\nwith: ${quoted(v.withValue)}\nsummary: ${quoted(v.summary)}\nrecorded_by: ${quoted(v.recordedBy)}\n`,
  );
const bomb = fc.oneof(
  fc.integer({ min: 65, max: 20_000 }).map((n) => `summary: ${'['.repeat(n)}${']'.repeat(n)}\n`),
  fc.integer({ min: 65, max: 5_000 }).map((n) => `a: ${'- '.repeat(n)}x\n`),
  fc.integer({ min: 65, max: 600 }).map((n) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' x\n'),
  fc.constant('a: &a [1]\nb: *a\n'),
  fc.constant('__proto__:\n  polluted: yes\nschema: note/v1\n'),
  fc.constant('schema: note/v1\nschema: note/v1\n'),
  fc.constant('{' + '"a": '.repeat(10) + '1' + '}'.repeat(10) + '\n'),
);
const hostileFile = fc.oneof(
  { arbitrary: noteLike, weight: 4 },
  { arbitrary: bomb, weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 400 }), weight: 2 },
  { arbitrary: fc.uint8Array({ maxLength: 300 }).map((b): string | Buffer => Buffer.from(b)), weight: 1 },
);
/** case.yaml as a hand could leave it: hostile officer, name and dates, or anything at all. */
const hostileCase = fc.oneof(
  fc
    .record({ officer: hostileText, name: hostileText, dob: hostileDate, opened: hostileDate })
    .map((v) => `schema: case/v1\nref: ${REF}\nname: ${quoted(v.name)}\ndob: ${quoted(v.dob)}\nofficer: ${quoted(v.officer)}\nstatus: open\nopened: ${quoted(v.opened)}\n`),
  bomb,
  fc.string({ unit: 'binary', maxLength: 200 }),
);

const hostileName = fc.oneof(
  { arbitrary: fc.stringMatching(/^[a-z0-9]{6}$/).map((s) => `2024-02-01-note-${s}.yaml`), weight: 8 },
  { arbitrary: fc.constantFrom('x\u001b[2J.yaml', 'line\nbreak.yaml', 'tab\there.yaml', 'Zelda Quuxington.yaml', '.hidden.yaml', 'notes.txt'), weight: 1 },
);

// ---------------------------------------------------------------------------------------

describe('hostile record files (1,000 per run, across the read commands)', () => {
  it('every read command ends cleanly on 10 repositories of 100 hostile files', async () => {
    let files = 0;
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.tuple(hostileName, hostileFile), { minLength: 100, maxLength: 100, selector: ([n]) => n }), fc.option(hostileCase), async (entries, caseYaml) => {
        const repo = copyRepo(template, work);
        try {
          if (caseYaml !== null) fs.writeFileSync(path.join(repo, 'cases', REF, 'case.yaml'), caseYaml);
          for (const [name, content] of entries) {
            const abs = path.join(repo, 'cases', REF, name);
            fs.writeFileSync(abs, content);
          }
          files += entries.length;
          // One file certainly invalid, so validate and case show have something to report.
          fs.writeFileSync(path.join(repo, 'cases', REF, '2024-02-02-note-zzzzzz.yaml'), 'date: "0000-01-01"\n');
          const before = snapshot(repo);
          const someId = entries.map(([n]) => n).find((n) => /^2024-02-01-note-[a-z0-9]{6}\.yaml$/.test(n))?.slice(0, -5) ?? validId;
          const runs: [string[], number[]][] = [
            [['validate'], [1]],
            [['audit'], [0, 1, 2]],
            [['case', 'show', REF], [1]],
            [['case', 'list'], [0, 1]],
            [['record', 'show', someId], [0, 1, 2]],
            [['history', REF], [0]],
          ];
          for (const [args, allowed] of runs) {
            const r = await ehcpInProcess(args, repo);
            expectContained(r, allowed);
          }
          expect(snapshot(repo)).toEqual(before);
        } finally {
          fs.rmSync(repo, { recursive: true, force: true });
        }
      }),
      { numRuns: 10, endOnFailure: true },
    );
    expect(files).toBeGreaterThanOrEqual(1000);
  }, 240_000);
});

describe('hostile argument values (1,000 per run)', () => {
  it('refuses or answers every value cleanly, changing nothing', async () => {
    const repo = copyRepo(template, work);
    const before = snapshot(repo);
    const value = fc.oneof(
      { arbitrary: hostileText, weight: 6 },
      { arbitrary: fc.constantFrom('T0042', validId, '../../etc/passwd', '/dev/zero', '-', '--', '--help', '0000-01-01', 'a'.repeat(5000)), weight: 1 },
    );
    const command = fc.constantFrom<(v: string) => string[]>(
      (v) => ['case', 'show', v],
      (v) => ['record', 'show', v],
      (v) => ['history', v],
      (v) => ['case', 'list', '--format', v],
      (v) => ['audit', '--category', v],
      (v) => ['audit', '--format', v],
      (v) => ['validate', '--format', v],
      (v) => ['record', 'show', validId, '--format', v],
      (v) => ['history', REF, '--format', v],
    );
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(command, value, async (make, v) => {
        runs++;
        const r = await ehcpInProcess(make(v), repo);
        // --help and a real id can succeed; hostile values are refused (1 or 2).
        expectContained(r);
      }),
      { numRuns: 1000, endOnFailure: true },
    );
    expect(runs).toBe(1000);
    expect(snapshot(repo)).toEqual(before);
  }, 240_000);
});
