// The repeat audit's shortcut: first-added days come from a small cache keyed by HEAD, and
// the full history is loaded only when HEAD has moved.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIRST_ADDED_CACHE_FILE, firstAddedDays, headState, lazyHistory } from '../../src/store/git/history.js';
import { gitSync, tempDir } from '../helpers/cli.js';

function commitFile(root: string, file: string, day: string): void {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), `${file}\n`);
  gitSync(root, ['add', file]);
  gitSync(root, ['commit', '-qm', 'add'], { GIT_AUTHOR_DATE: `${day}T10:00:00+01:00`, GIT_COMMITTER_DATE: `${day}T10:00:00+01:00` });
}

describe('firstAddedDays', () => {
  it('reads the history once per HEAD and answers from its cache after that', async () => {
    const root = tempDir();
    gitSync(root, ['init', '-q', '-b', 'main']);
    commitFile(root, 'cases/T0001/a.yaml', '2024-03-01');
    const first = await headState(root);
    expect(await firstAddedDays(root, lazyHistory(root, first))).toEqual(new Map([['cases/T0001/a.yaml', '2024-03-01']]));
    expect(fs.existsSync(path.join(root, FIRST_ADDED_CACHE_FILE))).toBe(true);

    // Same HEAD: the cache answers; loading the history would fail the test.
    const noLoad = { head: first.head, load: () => Promise.reject(new Error('history loaded')) };
    expect((await firstAddedDays(root, noLoad)).get('cases/T0001/a.yaml')).toBe('2024-03-01');

    // A new commit moves HEAD: the cache is stale and the history is read again.
    commitFile(root, 'cases/T0001/b.yaml', '2024-03-05');
    const second = await headState(root);
    expect(second.head).not.toBe(first.head);
    await expect(firstAddedDays(root, { head: second.head, load: noLoad.load })).rejects.toThrow('history loaded');
    const days = await firstAddedDays(root, lazyHistory(root, second));
    expect(days.get('cases/T0001/b.yaml')).toBe('2024-03-05');
    expect(days.get('cases/T0001/a.yaml')).toBe('2024-03-01');
  });
});

describe('loadHistory', () => {
  it('reads the history of the state it is given, without asking git for it again', async () => {
    const { loadHistory } = await import('../../src/store/git/history.js');
    const root = tempDir();
    gitSync(root, ['init', '-q', '-b', 'main']);
    commitFile(root, 'cases/T0001/a.yaml', '2024-03-01');
    const first = await headState(root);
    commitFile(root, 'cases/T0001/b.yaml', '2024-03-05');
    // HEAD has moved on; the state given (as the audit took it) is what is read.
    const { history } = await loadHistory(root, first);
    expect(history.head).toBe(first.head);
    expect(history.commits).toHaveLength(1);
  });
});

describe('readHistoryFacts', () => {
  it('answers from the caches when HEAD has not moved, and reads the history when it has', async () => {
    const { readHistoryFacts } = await import('../../src/store/git/historyFacts.js');
    const { HISTORY_CACHE_FILE } = await import('../../src/store/git/history.js');
    const root = tempDir();
    gitSync(root, ['init', '-q', '-b', 'main']);
    commitFile(root, 'cases/T0001/a.yaml', '2024-03-01');
    const first = await headState(root);
    const facts = await readHistoryFacts(root, first, { asOf: '2024-12-31' });
    expect(facts.days).toEqual(new Map([['cases/T0001/a.yaml', '2024-03-01']]));
    expect(facts.changes).toEqual([]);
    // Same HEAD: the history itself is not read again (its cache is not even opened).
    fs.rmSync(path.join(root, HISTORY_CACHE_FILE));
    expect(await readHistoryFacts(root, first, { asOf: '2024-12-31' })).toEqual(facts);
    expect(fs.existsSync(path.join(root, HISTORY_CACHE_FILE))).toBe(false);
    // A new commit: read again, with the new file.
    commitFile(root, 'cases/T0001/b.yaml', '2024-03-05');
    const second = await headState(root);
    const again = await readHistoryFacts(root, second, { asOf: '2024-12-31' });
    expect(again.days instanceof Map && again.days.get('cases/T0001/b.yaml')).toBe('2024-03-05');
    expect(fs.existsSync(path.join(root, HISTORY_CACHE_FILE))).toBe(true);
  });

  it('hands back an error for each answer it cannot give, never throws', async () => {
    const { readHistoryFacts } = await import('../../src/store/git/historyFacts.js');
    const facts = await readHistoryFacts(tempDir(), { head: 'f'.repeat(40), shallow: false, shallowMarker: '' });
    expect(facts.days).toBeInstanceOf(Error);
    expect(facts.changes).toBeInstanceOf(Error);
  });
});
