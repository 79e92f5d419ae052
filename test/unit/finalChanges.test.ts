// The one rule for final records (core/finalChanges.ts), shared by `validate --base` and
// the audit: the comparison of two parsed versions, move pairing, the history walk, and
// the audit finding built from its result.

import { shardOf } from '../../src/core/layout.js';
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/core/audit/index.js';
import { createWorkingCalendar } from '../../src/core/calendar/index.js';
import {
  compareVersions,
  factsFromValues,
  judgeChange,
  pairMoves,
  parseRecordVersion,
  traceFinalRecords,
  type CommitRef,
  type FinalRecordChange,
  type RecordFileChange,
  type RecordValue,
} from '../../src/core/finalChanges.js';
import { resolveRules } from '../../src/core/rules/index.js';

const finalNote: RecordValue = {
  schema: 'note/v1',
  id: '2024-03-05-note-abc123',
  case: 'C0001',
  status: 'final',
  date: '2024-03-05',
  kind: 'phone',
  summary: 'Synthetic call with Test Parent Alpha',
  actions: [{ action: 'Send the synthetic letter', due: '2024-03-12' }],
};
const draftNote: RecordValue = { ...finalNote, status: 'draft' };

describe('judgeChange: what changed between two versions, and is it allowed', () => {
  it('allows exactly the void transition: status final -> void plus a reason, nothing else', () => {
    expect(judgeChange(finalNote, { ...finalNote, status: 'void', void_reason: 'Logged against the wrong case' })).toEqual({ allowed: true, reason: 'voided' });
    // Voided with anything else changed, or without a reason, is a change.
    expect(judgeChange(finalNote, { ...finalNote, status: 'void', void_reason: 'x', summary: 'other' })).toEqual({ allowed: false, kind: 'changed', fields: ['status', 'summary', 'void_reason'] });
    expect(judgeChange(finalNote, { ...finalNote, status: 'void' })).toEqual({ allowed: false, kind: 'changed', fields: ['status'] });
    expect(judgeChange(finalNote, { ...finalNote, status: 'void', void_reason: '  ' }).allowed).toBe(false);
    // A final record that somehow already carries a reason: voiding it may not rewrite it.
    expect(judgeChange({ ...finalNote, void_reason: 'old' }, { ...finalNote, status: 'void', void_reason: 'new' }).allowed).toBe(false);
    // A void record stays as it was withdrawn: un-voiding or editing its reason is a change.
    const voided = { ...finalNote, status: 'void', void_reason: 'Logged against the wrong case' };
    expect(judgeChange(voided, finalNote)).toEqual({ allowed: false, kind: 'changed', fields: ['status', 'void_reason'] });
    expect(judgeChange(voided, { ...voided, void_reason: 'Another reason' })).toEqual({ allowed: false, kind: 'changed', fields: ['void_reason'] });
  });

  it('refuses any other change of a final record, naming the fields and never their values', () => {
    expect(judgeChange(finalNote, { ...finalNote, summary: 'Edited by hand' })).toEqual({ allowed: false, kind: 'changed', fields: ['summary'] });
    expect(judgeChange(finalNote, { ...finalNote, actions: [{ action: 'Send the synthetic letter', due: '2024-03-13' }] })).toEqual({ allowed: false, kind: 'changed', fields: ['actions'] });
    expect(judgeChange(finalNote, { ...finalNote, status: 'draft' })).toEqual({ allowed: false, kind: 'changed', fields: ['status'] });
    const { summary: _removed, ...withoutSummary } = finalNote;
    expect(judgeChange(finalNote, withoutSummary)).toEqual({ allowed: false, kind: 'changed', fields: ['summary'] });
    expect(judgeChange(finalNote, { ...finalNote, added_later: 'x' })).toEqual({ allowed: false, kind: 'changed', fields: ['added_later'] });
    // A new version that is no longer a readable record.
    expect(judgeChange(finalNote, undefined)).toEqual({ allowed: false, kind: 'changed', fields: [] });
  });

  it('refuses deleting a final or void record, allows deleting a draft', () => {
    expect(judgeChange(finalNote, 'deleted')).toEqual({ allowed: false, kind: 'deleted' });
    expect(judgeChange({ ...finalNote, status: 'void', void_reason: 'r' }, 'deleted')).toEqual({ allowed: false, kind: 'deleted' });
    expect(judgeChange(draftNote, 'deleted')).toEqual({ allowed: true, reason: 'not-protected' });
  });

  it('allows any edit of a draft, including finalising it by hand', () => {
    expect(judgeChange(draftNote, { ...draftNote, summary: 'Edited' })).toEqual({ allowed: true, reason: 'not-protected' });
    expect(judgeChange(draftNote, finalNote)).toEqual({ allowed: true, reason: 'not-protected' });
    expect(judgeChange(draftNote, undefined)).toEqual({ allowed: true, reason: 'not-protected' });
  });

  it('a reformatting-only change (quotes, key order, comments, line endings) is no change', () => {
    const a = parseRecordVersion('a.yaml', Buffer.from("schema: note/v1\nid: 2024-03-05-note-abc123\ncase: C0001\nstatus: final\ndate: '2024-03-05'\nsummary: Synthetic call\nactions:\n  - {action: Send it, due: '2024-03-12'}\n"))!.value;
    const b = parseRecordVersion(
      'b.yaml',
      Buffer.from('\ufeff# reformatted\r\nstatus: "final"\r\ncase: "C0001"\r\nid: "2024-03-05-note-abc123"\r\nschema: "note/v1"\r\nsummary: "Synthetic call"  # same\r\ndate: "2024-03-05"\r\nactions:\r\n- due: "2024-03-12"\r\n  action: "Send it"\r\n'),
    )!.value;
    expect(judgeChange(a, b)).toEqual({ allowed: true, reason: 'unchanged' });
    expect(compareVersions(a, b)).toEqual({ kind: 'same' });
    // A changed scalar type is a change ("12" is not 12).
    const c = parseRecordVersion('c.yaml', Buffer.from('schema: note/v1\nid: x\nstatus: final\nn: 12\n'))!.value;
    const d = parseRecordVersion('d.yaml', Buffer.from("schema: note/v1\nid: x\nstatus: final\nn: '12'\n"))!.value;
    expect(judgeChange(c, d)).toEqual({ allowed: false, kind: 'changed', fields: ['n'] });
  });

  it('unreadable bytes are not a version', () => {
    expect(parseRecordVersion('x.yaml', Buffer.from([0xff, 0xfe, 0x00]))).toBeUndefined();
    expect(parseRecordVersion('x.yaml', Buffer.from('- a list\n'))).toBeUndefined();
    expect(parseRecordVersion('x.yaml', Buffer.from('a: 1\na: 2\n'))).toBeUndefined();
  });
});

describe('pairMoves: a record deleted in one place and added in another', () => {
  it('pairs by file name or by id, never case.yaml by name, each side once', () => {
    const deleted = [{ path: 'cases/C0001/r1.yaml' }, { path: 'cases/C0001/case.yaml' }, { path: 'cases/C0001/r2.yaml', id: 'r2' }, { path: 'cases/C0001/r3.yaml' }];
    const added = [{ path: 'cases/C0002/case.yaml' }, { path: 'cases/C0002/r1.yaml' }, { path: 'cases/C0002/renamed.yaml', id: 'r2' }];
    expect(pairMoves(deleted, added).map((p) => [p.from.path, p.to.path])).toEqual([
      ['cases/C0001/r1.yaml', 'cases/C0002/r1.yaml'],
      ['cases/C0001/r2.yaml', 'cases/C0002/renamed.yaml'],
    ]);
  });
});

// ---------------------------------------------------------------------------------------
// The history walk, with versions as plain values keyed by made-up blob ids.

const FILE = 'cases/C0001/2024-03-05-note-abc123.yaml';
let n = 0;
const commit = (day = '2024-03-06', authorName = 'Test Officer Beta'): CommitRef => ({ sha: (++n).toString(16).padStart(40, '0'), authorName, authorDay: day });

function walk(versions: Record<string, RecordValue | undefined>, changes: RecordFileChange[]) {
  return traceFinalRecords(changes, factsFromValues(new Map(Object.entries(versions))));
}

const voided = { ...finalNote, status: 'void', void_reason: 'Logged against the wrong case' };

describe('traceFinalRecords: records not as they were last legitimately written', () => {
  it('a hand edit of a final record is reported with the commit that made it', () => {
    const edit = commit('2024-03-06', 'Test Officer Beta');
    const r = walk({ f: finalNote, e: { ...finalNote, summary: 'Edited' } }, [{ commit: edit, kind: 'modified', path: FILE, before: 'f', after: 'e' }]);
    expect(r.missing).toEqual({ statuses: [], pairs: [] });
    expect(r.changes).toEqual([
      {
        rule: 'final-record-changed',
        case: 'C0001',
        record: '2024-03-05-note-abc123',
        home: FILE,
        path: FILE,
        status: 'final',
        fields: ['summary'],
        alsoChanged: false,
        commit: edit,
        laterCommits: 0,
      },
    ]);
  });

  it('finalising, voiding, reformatting and draft edits are not reported', () => {
    const r = walk({ d1: draftNote, d2: { ...draftNote, summary: 'Edited draft' }, f: finalNote, f2: { ...finalNote }, v: voided }, [
      { commit: commit(), kind: 'modified', path: FILE, before: 'd1', after: 'd2' },
      { commit: commit(), kind: 'modified', path: FILE, before: 'd2', after: 'f' },
      { commit: commit(), kind: 'modified', path: FILE, before: 'f', after: 'f2' },
      { commit: commit(), kind: 'modified', path: FILE, before: 'f2', after: 'v' },
    ]);
    expect(r.changes).toEqual([]);
  });

  it('a draft deleted is fine; a final or void record deleted is reported', () => {
    expect(walk({ d: draftNote }, [{ commit: commit(), kind: 'deleted', path: FILE, before: 'd' }]).changes).toEqual([]);
    const del = commit();
    const r = walk({ v: voided }, [{ commit: del, kind: 'deleted', path: FILE, before: 'v' }]);
    expect(r.changes).toMatchObject([{ rule: 'final-record-deleted', status: 'void', commit: del, path: undefined, home: FILE }]);
  });

  it('a record moved (draft or final) is reported; moved back, it is not', () => {
    const to = 'cases/C0002/2024-03-05-note-abc123.yaml';
    const move = commit();
    const r = walk({ d: draftNote, f: finalNote, e: { ...finalNote, case: 'C0002' } }, [{ commit: move, kind: 'moved', path: to, from: FILE, before: 'f', after: 'e' }]);
    expect(r.changes).toMatchObject([{ rule: 'record-moved', home: FILE, path: to, alsoChanged: true, fields: ['case'], commit: move }]);
    const draftMove = walk({ d: draftNote }, [{ commit: commit(), kind: 'moved', path: to, from: FILE, before: 'd', after: 'd' }]);
    expect(draftMove.changes).toMatchObject([{ rule: 'record-moved', status: undefined, alsoChanged: false }]);
    const back = walk({ d: draftNote }, [
      { commit: commit(), kind: 'moved', path: to, from: FILE, before: 'd', after: 'd' },
      { commit: commit(), kind: 'moved', path: FILE, from: to, before: 'd', after: 'd' },
    ]);
    expect(back.changes).toEqual([]);
  });

  it('a hand edit later put back exactly (a revert, a restore) is no longer reported', () => {
    const e = { ...finalNote, summary: 'Edited' };
    const r = walk({ f: finalNote, e, f2: { ...finalNote } }, [
      { commit: commit(), kind: 'modified', path: FILE, before: 'f', after: 'e' },
      { commit: commit(), kind: 'modified', path: FILE, before: 'e', after: 'f2' },
    ]);
    expect(r.changes).toEqual([]);
    // Deleted, then restored at the same path.
    const d = walk({ f: finalNote, f2: { ...finalNote } }, [
      { commit: commit(), kind: 'deleted', path: FILE, before: 'f' },
      { commit: commit(), kind: 'added', path: FILE, after: 'f2' },
    ]);
    expect(d.changes).toEqual([]);
  });

  it('names the first commit since the record was right and counts the later ones; voiding a hand-edited record does not clear it', () => {
    const first = commit('2024-03-06');
    const e1 = { ...finalNote, summary: 'Edited' };
    const e2 = { ...e1, status: 'void', void_reason: 'r' };
    const r = walk({ f: finalNote, e1, e2 }, [
      { commit: first, kind: 'modified', path: FILE, before: 'f', after: 'e1' },
      { commit: commit('2024-03-07'), kind: 'modified', path: FILE, before: 'e1', after: 'e2' },
    ]);
    expect(r.changes).toMatchObject([{ rule: 'final-record-changed', commit: first, laterCommits: 1, fields: ['status', 'summary', 'void_reason'] }]);
  });

  it('a record made final by a hand edit of its draft is protected from then on', () => {
    const edit = commit();
    const r = walk({ d: draftNote, f: finalNote, e: { ...finalNote, date: '2024-03-04' } }, [
      { commit: commit(), kind: 'modified', path: FILE, before: 'd', after: 'f' },
      { commit: edit, kind: 'modified', path: FILE, before: 'f', after: 'e' },
    ]);
    expect(r.changes).toMatchObject([{ rule: 'final-record-changed', fields: ['date'], commit: edit }]);
  });

  it('asks for the facts it lacks instead of guessing', () => {
    const r = traceFinalRecords([{ commit: commit(), kind: 'modified', path: FILE, before: 'f', after: 'e' }], factsFromValues(new Map([['f', finalNote]])));
    expect(r.changes).toEqual([]);
    expect(r.missing.pairs).toEqual([['f', 'e']]);
    const s = traceFinalRecords([{ commit: commit(), kind: 'modified', path: FILE, before: 'f', after: 'e' }], factsFromValues(new Map()));
    expect(s.missing.statuses).toEqual(['f']);
  });
});

describe('the audit finding', () => {
  const base = { cases: [], records: [], rules: resolveRules(), calendar: createWorkingCalendar(), asOf: '2024-06-30' };
  const change = (over: Partial<FinalRecordChange>): FinalRecordChange => ({
    rule: 'final-record-changed',
    case: 'C0001',
    record: '2024-03-05-note-abc123',
    home: FILE,
    path: FILE,
    status: 'final',
    fields: ['summary'],
    alsoChanged: false,
    commit: { sha: 'abcdef1234567890abcdef1234567890abcdef12', authorName: 'Test Officer Beta', authorDay: '2024-03-06' },
    laterCommits: 0,
    ...over,
  });

  it('is an integrity finding with the record as trigger, no due date, the citation, and a message naming the commit, author, day and fix', () => {
    const [f] = audit({ ...base, finalRecordChanges: [change({})] });
    expect(f).toMatchObject({
      case: 'C0001',
      rule: 'final-record-changed',
      category: 'integrity',
      due: null,
      trigger: '2024-03-05-note-abc123',
      citation: 'UK GDPR Art 5(1)(d), 5(2) (accuracy, accountability); local record-keeping policy',
      file: FILE,
    });
    expect(f.message).toContain('commit abcdef1 by Test Officer Beta on 2024-03-06');
    expect(f.message).toContain('changed: summary');
    expect(f.message).toContain(`git checkout abcdef1^ -- ${FILE}`);
    expect(f.message).toContain('ehcp record amend 2024-03-05-note-abc123');
    expect(f.message).toContain('ehcp record void 2024-03-05-note-abc123');
  });

  it('deleted and moved records get their own rule; hand-made names and field names are not echoed', () => {
    const [d] = audit({ ...base, finalRecordChanges: [change({ rule: 'final-record-deleted', path: undefined, fields: [] })] });
    expect(d.rule).toBe('final-record-deleted');
    expect(d.message).toMatch(/was deleted in commit abcdef1/);
    const [m] = audit({ ...base, finalRecordChanges: [change({ rule: 'record-moved', path: 'cases/C0002/Test Child Alpha.yaml', fields: ['Test Child Alpha', 'case'], alsoChanged: true })] });
    expect(m.rule).toBe('record-moved');
    expect(m.message).not.toContain('Alpha');
    expect(m.message).toContain('to another file');
    expect(m.message).toContain('changed: case, 1 other field');
    const [ok] = audit({ ...base, finalRecordChanges: [change({ rule: 'record-moved', path: 'cases/C0002/2024-03-05-note-abc123.yaml', fields: [] })] });
    expect(ok.message).toContain(`git mv cases/C0002/2024-03-05-note-abc123.yaml ${FILE}`);
    // In the sharded layout too: a path as ehcp writes it there is named, a hand-made name is not.
    const shardedTo = `cases/${shardOf('C0002')}/C0002/2024-03-05-note-abc123.yaml`;
    const [sharded] = audit({ ...base, finalRecordChanges: [change({ rule: 'record-moved', path: shardedTo, fields: [] })] });
    expect(sharded.message).toContain(`git mv ${shardedTo} ${FILE}`);
    const [handMade] = audit({ ...base, finalRecordChanges: [change({ rule: 'record-moved', path: `cases/${shardOf('C0002')}/C0002/Test Child Alpha.yaml`, fields: [] })] });
    expect(handMade.message).not.toContain('Alpha');
  });
});

describe('traceFinalRecords across a change of layout (core/layout.ts)', () => {
  const SHARDED = `cases/${shardOf('C0001')}/C0001/2024-03-05-note-abc123.yaml`;
  it('a record moved unchanged to the same case and name in the other layout is not a move; its home moves with it', () => {
    const edit = commit('2024-03-06');
    const r = walk({ f: finalNote, e: { ...finalNote, summary: 'Edited' } }, [
      { commit: edit, kind: 'modified', path: FILE, before: 'f', after: 'e' },
      { commit: commit('2024-03-07'), kind: 'moved', path: SHARDED, from: FILE, before: 'e', after: 'e' },
    ]);
    // The earlier hand edit is still reported, at the record's new place.
    expect(r.changes.map((c) => [c.rule, c.home, c.path, c.commit.sha])).toEqual([['final-record-changed', SHARDED, SHARDED, edit.sha]]);
    // Put right at the new place: nothing left.
    const fixed = walk({ f: finalNote, e: { ...finalNote, summary: 'Edited' } }, [
      { commit: commit(), kind: 'modified', path: FILE, before: 'f', after: 'e' },
      { commit: commit(), kind: 'moved', path: SHARDED, from: FILE, before: 'e', after: 'e' },
      { commit: commit(), kind: 'modified', path: SHARDED, before: 'e', after: 'f' },
    ]);
    expect(fixed.changes).toEqual([]);
    // Never touched before the move: nothing to follow, and no fact needed.
    const plain = walk({}, [{ commit: commit(), kind: 'moved', path: SHARDED, from: FILE, before: 'f', after: 'f' }]);
    expect(plain).toEqual({ changes: [], missing: { statuses: [], pairs: [] } });
  });

  it('a move to another case in the other layout is still a move', () => {
    const other = `cases/${shardOf('C0002')}/C0002/2024-03-05-note-abc123.yaml`;
    const r = walk({ f: finalNote }, [{ commit: commit(), kind: 'moved', path: other, from: FILE, before: 'f', after: 'f' }]);
    expect(r.changes.map((c) => [c.rule, c.home, c.path])).toEqual([['record-moved', FILE, other]]);
  });
});
