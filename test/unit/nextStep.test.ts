import { describe, expect, it } from 'vitest';
import { nextStep } from '../../src/cli/nextStep.js';

describe('the next step after a write', () => {
  it('final hearing minutes: log when they were sent, naming them', () => {
    const line = nextStep({ type: 'minutes', id: '2024-03-05-minutes-abc123', case: 'C0042', value: { status: 'final', kind: 'appeal-hearing', outcome: { result: 'appeal-upheld' } } });
    expect(line).toContain('ehcp comm new --case C0042 --purpose minutes-sent --responds-to 2024-03-05-minutes-abc123');
  });

  it('a reserved decision: log the decision when it arrives', () => {
    const line = nextStep({ type: 'minutes', id: '2024-03-05-minutes-abc123', case: 'C0042', value: { status: 'final', kind: 'appeal-hearing', outcome: { result: 'decision-reserved' } } });
    expect(line).toContain('--purpose tribunal-decision');
  });

  it('draft minutes: edit, then finalise; a hearing notice: write the hearing minutes on its date; an enquiry: reply', () => {
    expect(nextStep({ type: 'minutes', id: 'M', case: 'C1', value: { status: 'draft' } })).toBe('Next: fill it in with `ehcp minutes edit M`, then `ehcp minutes finalise M`');
    expect(nextStep({ type: 'communication', id: 'X', case: 'C1', value: { purpose: 'hearing-notice', event_date: '2024-05-01' } })).toContain('ehcp minutes new --case C1 --kind appeal-hearing --date 2024-05-01');
    expect(nextStep({ type: 'communication', id: 'E', case: 'C1', value: { purpose: 'enquiry' } })).toContain('--purpose reply --responds-to E');
    expect(nextStep({ type: 'note', id: 'N', case: 'C1', value: { actions: [{ action: 'x' }] } })).toContain('ehcp action done N --item 1');
  });
});
