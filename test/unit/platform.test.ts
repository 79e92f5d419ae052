import { describe, expect, it } from 'vitest';
import { canFindChanges, chooseEditor, gitPath } from '../../src/store/platform.js';

describe('the editor, chosen the way git chooses it', () => {
  const all = { GIT_EDITOR: 'ge', VISUAL: 'vis', EDITOR: 'ed' };
  it('GIT_EDITOR, then core.editor, then VISUAL, then EDITOR, then vi in a terminal', () => {
    expect(chooseEditor(all, 'core', { terminal: true, platform: 'posix' })).toEqual({ command: 'ge', source: '$GIT_EDITOR' });
    expect(chooseEditor({ ...all, GIT_EDITOR: '' }, 'code --wait', { terminal: true, platform: 'posix' })).toEqual({ command: 'code --wait', source: 'git config core.editor' });
    expect(chooseEditor({ VISUAL: 'vis', EDITOR: 'ed' }, undefined, { terminal: true, platform: 'posix' })?.command).toBe('vis');
    expect(chooseEditor({ EDITOR: ' nano ' }, undefined, { terminal: true, platform: 'posix' })?.command).toBe('nano');
    expect(chooseEditor({ GIT_EDITOR: ':' }, undefined, { terminal: true, platform: 'posix' })?.command).toBe('vi');
    expect(chooseEditor({}, undefined, { terminal: true, platform: 'posix' })).toEqual({ command: 'vi', source: 'the default (no editor is set)' });
  });

  it('without a terminal and nothing set there is no editor on POSIX; Windows falls back to notepad', () => {
    expect(chooseEditor({}, undefined, { terminal: false, platform: 'posix' })).toBeUndefined();
    expect(chooseEditor({}, undefined, { terminal: false, platform: 'windows' })).toEqual({ command: 'notepad', source: 'the Windows default' });
    expect(chooseEditor({ EDITOR: 'code --wait' }, undefined, { terminal: true, platform: 'windows' })?.command).toBe('code --wait');
  });
});

describe('other platform differences', () => {
  it('paths go to git with forward slashes; the find scan is POSIX only', () => {
    expect(gitPath('cases\\C0042\\case.yaml', 'windows')).toBe('cases/C0042/case.yaml');
    expect(gitPath('cases/C0042/case.yaml', 'posix')).toBe('cases/C0042/case.yaml');
    expect(canFindChanges('windows')).toBe(false);
    expect(canFindChanges('posix')).toBe(true);
  });
});
