/**
 * Calendar days, the one home of day arithmetic. A day is a `YYYY-MM-DD` string; "today" is the
 * day in the programme area (Brandenburg and Lubuskie share a time zone), never the UTC day, so
 * that a request, an evaluation or a deadline near midnight counts on the day the people there
 * saw on their clocks.
 */

/** A calendar day as `YYYY-MM-DD`. */
export type IsoDate = string;

/** The programme area's time zone: Berlin and Warsaw keep the same clocks. */
export const PROGRAMME_TIME_ZONE = 'Europe/Berlin';

const DAY_MS = 86_400_000;

/**
 * Noon UTC of a day: far enough from midnight that adding whole days never crosses into another
 * day, whatever the time zone of the machine.
 */
const noonUtc = (day: IsoDate) => Date.parse(`${day}T12:00:00Z`);

/**
 * One formatter per time zone: making one costs far more than formatting with it (≈ 0.3 ms against
 * ≈ 5 µs), and the public reads ask for today's day on every request. The last answer is kept
 * for its second: days in every time zone begin on a whole second, so it is exact.
 */
const dayFormats = new Map<string, Intl.DateTimeFormat>();
let last: { second: number; timeZone: string; day: IsoDate } | undefined;

/** The calendar day of an instant in the programme area (or in another time zone). */
export function localDay(at: Date, timeZone = PROGRAMME_TIME_ZONE): IsoDate {
  const second = Math.floor(at.getTime() / 1000);
  if (last && last.second === second && last.timeZone === timeZone) return last.day;
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  const day = format.format(at);
  last = { second, timeZone, day };
  return day;
}

/** How far a time zone's clocks are ahead of UTC at an instant, in milliseconds. */
function zoneOffset(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)!.value);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wall - (at - (((at % 1000) + 1000) % 1000));
}

/**
 * The instant a day begins in the programme area (or in another time zone): a filter "from this
 * day to that day" covers [startOfDay(from), startOfDay(shiftDay(to, 1))). The offset is read at
 * the guessed instant again, so that a day on which the clocks change begins at the right hour.
 */
export function startOfDay(day: IsoDate, timeZone = PROGRAMME_TIME_ZONE): Date {
  return zonedInstant(day, '00:00', timeZone);
}

/** The instant a wall-clock time (`HH:MM`) of a day is reached in a time zone. */
export function zonedInstant(day: IsoDate, time: string, timeZone = PROGRAMME_TIME_ZONE): Date {
  const wall = Date.parse(`${day}T${time}:00Z`);
  const guess = wall - zoneOffset(wall, timeZone);
  return new Date(wall - zoneOffset(guess, timeZone));
}

/** The day `by` days after `day` (before it when negative). */
export function shiftDay(day: IsoDate, by: number): IsoDate {
  return new Date(noonUtc(day) + by * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The same day `by` months later (earlier when negative); a day the target month lacks becomes
 * its last day (31 January + 1 month = 28 or 29 February), as validity periods count.
 */
export function shiftMonths(day: IsoDate, by: number): IsoDate {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const months = y * 12 + (m - 1) + by;
  const year = Math.floor(months / 12);
  const month = (months % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** Whole days from one calendar day to another: negative when `to` comes first. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((noonUtc(to) - noonUtc(from)) / DAY_MS);
}

/** Saturday or Sunday. */
export function isWeekend(day: IsoDate): boolean {
  const weekday = new Date(noonUtc(day)).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/**
 * The day `days` working days after `start`: Saturdays, Sundays and the days `isHoliday` names
 * do not count. The start day itself never counts (a request of Friday afternoon with one working
 * day is due on Monday).
 */
export function addWorkingDays(start: IsoDate, days: number, isHoliday: (day: IsoDate) => boolean): IsoDate {
  let day = start;
  let left = days;
  while (left > 0) {
    day = shiftDay(day, 1);
    if (!isWeekend(day) && !isHoliday(day)) left--;
  }
  return day;
}

/**
 * A day as a `Date` for display (`Intl`, vue-i18n's `d`): noon of that day on the reader's own
 * clock, so that formatting it in any time zone of Europe shows the same day. A moment (a full
 * ISO timestamp, such as when something was approved) stays that moment: pages show both kinds
 * through one helper, and an invalid date would make the formatter throw.
 */
export function dateForDisplay(value: IsoDate | string): Date {
  return new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00` : value);
}
