import { afterEach, describe, expect, it } from 'vitest';
import { parseDateInput } from '../../src/core/dateInput.js';
import { colourWanted, createContext, dateFlag, today } from '../../src/cli/context.js';
import { UsageError } from '../../src/core/errors.js';

const TODAY = '2026-11-30';
const ok = (typed: string, day = TODAY) => {
  const r = parseDateInput(typed, day);
  if (!r.ok) throw new Error(`refused ${typed}: ${r.problem}`);
  return r.date;
};
const problem = (typed: string) => {
  const r = parseDateInput(typed, TODAY);
  if (r.ok) throw new Error(`accepted ${typed} as ${r.date}`);
  return r.problem;
};

describe('dates as officers type them', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    // Assigning undefined would set TZ to the string "undefined".
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  it('takes ISO, UK day/month/year (with or without leading zeros), today and yesterday; stores ISO', () => {
    expect(ok('2024-03-05')).toBe('2024-03-05');
    expect(ok(' 05/03/2024 ')).toBe('2024-03-05');
    expect(ok('5/3/2024')).toBe('2024-03-05');
    expect(ok('27/11/2026')).toBe('2026-11-27');
    expect(ok('01/06/2015')).toBe('2015-06-01');
    expect(ok('29/02/2024')).toBe('2024-02-29');
    expect(ok('today')).toBe(TODAY);
    expect(ok('Today')).toBe(TODAY);
    expect(ok('yesterday')).toBe('2026-11-29');
    expect(ok('yesterday', '2024-03-01')).toBe('2024-02-29');
    expect(ok('yesterday', '2025-01-01')).toBe('2024-12-31');
  });

  it('never shifts a day, whatever the time zone and across clock changes', () => {
    for (const tz of ['Europe/London', 'America/Los_Angeles', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'UTC']) {
      process.env.TZ = tz;
      expect(ok('31/03/2024')).toBe('2024-03-31');
      expect(ok('yesterday', '2024-04-01')).toBe('2024-03-31');
      expect(ok('yesterday', '2024-10-28')).toBe('2024-10-27');
      expect(ok('yesterday', '2024-03-31')).toBe('2024-03-30');
    }
  });

  it('refuses what is not a real date, or ambiguous, with an example and without repeating the value', () => {
    expect(problem('2024-02-30')).toMatch(/not a real calendar date.*e\.g\. 2024-03-05/);
    expect(problem('31/02/2024')).toMatch(/not a real calendar date.*e\.g\. 05\/03\/2024/);
    // US order: the month cannot be 27, so the officer is told the day comes first.
    expect(problem('11/27/2026')).toMatch(/write the day first \(DD\/MM\/YYYY/);
    expect(problem('01/06/15')).toMatch(/four-digit year.*e\.g\. 05\/03\/2024/);
    for (const bad of ['', 'tomorrow', '2024/03/05', '5 March 2024', '05-03-2024', '20240305', '2024-3-5']) {
      expect(problem(bad)).toMatch(/must be a date such as 2024-03-05 or 05\/03\/2024 \(day\/month\/year\)/);
    }
    expect(problem('27/11/2026x')).not.toContain('27/11/2026x');
  });

  it('refuses dates outside the supported range, however they are written', () => {
    for (const bad of ['0000-01-01', '9999-12-31', '1899-12-31', '2200-01-01', '01/01/0000', '31/12/9999']) {
      expect(problem(bad)).toBe('is outside the dates ehcp supports (between 1900-01-01 and 2199-12-31)');
    }
    expect(ok('1900-01-01')).toBe('1900-01-01');
    expect(ok('31/12/2199')).toBe('2199-12-31');
  });

  it('a flag names itself in the refusal (usage error, exit 2); today comes from the context clock', async () => {
    const ctx = createContext({}, { now: () => new Date(2026, 10, 30, 23, 59), env: {} });
    expect(today(ctx)).toBe('2026-11-30');
    await expect(dateFlag(ctx, '--date', 'yesterday')).resolves.toBe('2026-11-29');
    await expect(dateFlag(ctx, '--date', undefined)).resolves.toBeUndefined();
    const refused = await dateFlag(ctx, '--as-of', '9999-12-31').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UsageError);
    expect((refused as UsageError).message).toBe('--as-of is outside the dates ehcp supports (between 1900-01-01 and 2199-12-31).');
  });
});

describe('colour', () => {
  it('NO_COLOR and --no-color win; FORCE_COLOR turns it on when piped; otherwise only on a terminal', () => {
    expect(colourWanted({}, {}, true)).toBe(true);
    expect(colourWanted({}, {}, false)).toBe(false);
    expect(colourWanted({}, { FORCE_COLOR: '1' }, false)).toBe(true);
    expect(colourWanted({}, { FORCE_COLOR: '0' }, true)).toBe(false);
    expect(colourWanted({}, { FORCE_COLOR: '1', NO_COLOR: '' }, false)).toBe(false);
    expect(colourWanted({ color: false }, { FORCE_COLOR: '1' }, true)).toBe(false);
  });
});
