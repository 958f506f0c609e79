export { shiftDay } from '@euregionet/shared';
import { fixedClock, type Clock } from '../clock.js';

/**
 * A clock standing `days` days (and `hours` hours) before the demo's now: the demo does each
 * step of a workflow at the time it would have happened, so timelines, due dates and
 * approvals read as a history that leads up to today.
 */
export function clockAgo(clock: Clock, days: number, hours = 0): Clock {
  return fixedClock(new Date(clock.now().getTime() - (days * 24 + hours) * 3_600_000));
}
