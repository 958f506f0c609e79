import { describe, expect, it } from '@jest/globals';
import { firstResponseDueOn, isPublicHoliday } from './consulting.calendar.js';

describe('first-response deadlines in working days', () => {
  it('skip the weekend', () => {
    // Friday 6 March 2026, two working days: Monday and Tuesday.
    expect(firstResponseDueOn('2026-03-06', 2, 'DE')).toBe('2026-03-10');
    expect(firstResponseDueOn('2026-03-06', 2, 'PL')).toBe('2026-03-10');
  });

  it('skip German and Brandenburg holidays for German partners, not Polish ones', () => {
    // Friday 3 October 2025 is German Unity Day, then a weekend.
    expect(firstResponseDueOn('2025-10-02', 1, 'DE')).toBe('2025-10-06');
    expect(firstResponseDueOn('2025-10-02', 1, 'PL')).toBe('2025-10-03');
    // Reformation Day (Friday 31 October 2025) is a holiday in Brandenburg, not in all of Germany.
    expect(isPublicHoliday('DE', '2025-10-31')).toBe(true);
    expect(firstResponseDueOn('2025-10-30', 1, 'DE')).toBe('2025-11-03');
  });

  it('skip Polish holidays for Polish partners, not German ones', () => {
    // Tuesday 11 November 2025 is Polish Independence Day.
    expect(firstResponseDueOn('2025-11-10', 1, 'PL')).toBe('2025-11-12');
    expect(firstResponseDueOn('2025-11-10', 1, 'DE')).toBe('2025-11-11');
    // Corpus Christi (Thursday 4 June 2026) is a holiday in Poland, not in Brandenburg.
    expect(firstResponseDueOn('2026-06-03', 2, 'PL')).toBe('2026-06-08');
    expect(firstResponseDueOn('2026-06-03', 2, 'DE')).toBe('2026-06-05');
  });

  it('skip Easter, and Christmas Eve in Poland since 2025', () => {
    // Maundy Thursday 2026 → Good Friday (DE only), weekend, Easter Monday (both).
    expect(firstResponseDueOn('2026-04-02', 1, 'DE')).toBe('2026-04-07');
    expect(firstResponseDueOn('2026-04-02', 1, 'PL')).toBe('2026-04-03');
    expect(firstResponseDueOn('2026-12-23', 1, 'PL')).toBe('2026-12-28');
    expect(firstResponseDueOn('2026-12-23', 1, 'DE')).toBe('2026-12-24');
  });
});
