import { describe, expect, it } from '@jest/globals';
import { addWorkingDays, dateForDisplay, daysBetween, isWeekend, localDay, shiftDay, startOfDay } from './dates.js';

describe('localDay', () => {
  it('takes the calendar day in the programme area, not in UTC', () => {
    // Summer time (UTC+2): 23:30 UTC on 31 March is already 1 April in Frankfurt (Oder) and Gorzów.
    expect(localDay(new Date('2026-03-31T23:30:00Z'))).toBe('2026-04-01');
    // Winter time (UTC+1): 23:30 UTC is 00:30 the next day; 22:59 UTC is still 23:59 the same day.
    expect(localDay(new Date('2026-01-15T23:30:00Z'))).toBe('2026-01-16');
    expect(localDay(new Date('2026-01-15T22:59:00Z'))).toBe('2026-01-15');
    expect(localDay(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
  });

  it('takes another time zone when asked', () => {
    expect(localDay(new Date('2026-03-31T23:30:00Z'), 'UTC')).toBe('2026-03-31');
  });

  it('answers each time zone and each instant on its own, one call after the other', () => {
    // The same instant in two zones, either way round, and the next second across midnight.
    const at = new Date('2026-03-31T22:00:00.400Z');
    expect([localDay(at), localDay(at, 'UTC'), localDay(at)]).toEqual(['2026-04-01', '2026-03-31', '2026-04-01']);
    expect([localDay(new Date('2026-01-15T22:59:59.999Z')), localDay(new Date('2026-01-15T23:00:00.000Z'))]).toEqual([
      '2026-01-15',
      '2026-01-16',
    ]);
  });
});

describe('startOfDay', () => {
  it('is midnight in the programme area, an hour or two before midnight UTC, also on the days the clocks change', () => {
    expect(startOfDay('2026-01-15').toISOString()).toBe('2026-01-14T23:00:00.000Z');
    expect(startOfDay('2026-06-03').toISOString()).toBe('2026-06-02T22:00:00.000Z');
    // Summer time begins at 02:00 on 29 March 2026 and ends at 03:00 on 25 October 2026.
    expect(startOfDay('2026-03-29').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(startOfDay('2026-03-30').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(startOfDay('2026-10-25').toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(startOfDay('2026-10-26').toISOString()).toBe('2026-10-25T23:00:00.000Z');
    expect(startOfDay('2026-06-03', 'UTC').toISOString()).toBe('2026-06-03T00:00:00.000Z');
  });
});

describe('shiftDay and daysBetween', () => {
  it('count calendar days across month and year ends, leap days and the clock changes', () => {
    expect(shiftDay('2026-03-28', 1)).toBe('2026-03-29');
    expect(shiftDay('2026-03-29', 1)).toBe('2026-03-30');
    expect(shiftDay('2026-10-24', 2)).toBe('2026-10-26');
    expect(shiftDay('2024-02-28', 1)).toBe('2024-02-29');
    expect(shiftDay('2026-01-01', -1)).toBe('2025-12-31');
    expect(shiftDay('2026-06-03', 0)).toBe('2026-06-03');
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-06-03', '2026-05-30')).toBe(-4);
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
  });
});

describe('working days', () => {
  const noHolidays = () => false;

  it('know the weekend', () => {
    expect(isWeekend('2026-03-06')).toBe(false);
    expect(isWeekend('2026-03-07')).toBe(true);
    expect(isWeekend('2026-03-08')).toBe(true);
    expect(isWeekend('2026-03-09')).toBe(false);
  });

  it('skip the weekend: one working day after a Friday is the Monday', () => {
    expect(addWorkingDays('2026-03-06', 1, noHolidays)).toBe('2026-03-09');
    expect(addWorkingDays('2026-03-07', 1, noHolidays)).toBe('2026-03-09');
    expect(addWorkingDays('2026-03-04', 3, noHolidays)).toBe('2026-03-09');
  });

  it('skip the days the calendar names as holidays', () => {
    const holiday = (d: string) => d === '2026-03-09';
    expect(addWorkingDays('2026-03-06', 1, holiday)).toBe('2026-03-10');
  });
});

describe('dateForDisplay', () => {
  it('stands at noon of the day on the reader’s clock', () => {
    const date = dateForDisplay('2026-03-29');
    expect([date.getFullYear(), date.getMonth() + 1, date.getDate(), date.getHours()]).toEqual([2026, 3, 29, 12]);
  });

  it('keeps a moment the moment it is', () => {
    expect(dateForDisplay('2026-06-03T08:15:30.123Z').toISOString()).toBe('2026-06-03T08:15:30.123Z');
  });
});
