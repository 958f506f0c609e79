import Holidays from 'date-holidays';
import { addWorkingDays, type Country, type IsoDate } from '@euregionet/shared';

/**
 * Public holidays where the partners work: Germany with the state holidays of Brandenburg, and
 * Poland. The rules (Easter dates, Reformation Day, Christmas Eve in Poland since 2025, …) come
 * from date-holidays, which is kept up to date, not from rules of our own.
 */
const CALENDARS: Record<Country, Holidays> = {
  DE: new Holidays('DE', 'BB', { types: ['public'] }),
  PL: new Holidays('PL', { types: ['public'] }),
};

const byYear = new Map<string, Set<IsoDate>>();

function holidaysOf(country: Country, year: number): Set<IsoDate> {
  const key = `${country}:${year}`;
  let days = byYear.get(key);
  if (!days) {
    days = new Set(CALENDARS[country].getHolidays(year).map((h) => h.date.slice(0, 10)));
    byYear.set(key, days);
  }
  return days;
}

export function isPublicHoliday(country: Country, day: IsoDate): boolean {
  return holidaysOf(country, Number(day.slice(0, 4))).has(day);
}

/** The last day for the first answer: `days` working days after the day of intake. */
export function firstResponseDueOn(intakeDay: IsoDate, days: number, country: Country): IsoDate {
  return addWorkingDays(intakeDay, days, (day) => isPublicHoliday(country, day));
}
