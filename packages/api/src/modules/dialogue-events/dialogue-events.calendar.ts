import ical, { ICalEventStatus } from 'ical-generator';
import { pickLocalized, shiftDay, zonedInstant, type I18nLongText, type I18nText, type Locale } from '@euregionet/shared';

/** What a calendar entry needs of an event. */
export interface CalendarEvent {
  id: string;
  slug: string;
  status: string;
  title: I18nText;
  description: I18nLongText;
  date: string;
  endDate: string | null;
  startTime: string | null;
  endTime: string | null;
  timeZone: string;
  place: string | null;
  onlineUrl: string | null;
  version: number;
  updatedAt: Date;
}

const CALENDAR_NAME: Record<Locale, string> = {
  de: 'Deutsch-polnischer Clusterdialog',
  pl: 'Polsko-niemiecki dialog klastrów',
  en: 'Polish–German cluster dialogue',
};

/** A day as a Date that is that day in any time zone a server may run in (the library reads local days). */
const dayValue = (day: string) => new Date(`${day}T12:00:00Z`);

/**
 * Events as iCalendar (RFC 5545). Times are written in UTC, which every calendar program reads
 * without a time-zone definition; an event without times is an all-day entry (its DTEND is the
 * day after the last, as the standard counts). The UID stays the same for the life of an event
 * and SEQUENCE follows its version, so that an imported entry is updated, not doubled.
 */
export function eventsCalendar(events: readonly CalendarEvent[], lang: Locale): string {
  const calendar = ical({
    name: CALENDAR_NAME[lang],
    prodId: { company: 'EuRegioNet', product: 'cluster-dialogue', language: lang.toUpperCase() },
  });
  for (const e of events) {
    const text = (value: I18nLongText) => pickLocalized(value, lang)?.text ?? null;
    const last = e.endDate ?? e.date;
    const timed = e.startTime !== null;
    const description = [text(e.description), e.onlineUrl].filter(Boolean).join('\n\n');
    calendar.createEvent({
      id: `${e.id}@events.euregionet`,
      sequence: e.version,
      stamp: e.updatedAt,
      summary: pickLocalized(e.title, lang)?.text ?? e.slug,
      ...(timed
        ? {
            start: zonedInstant(e.date, e.startTime!, e.timeZone),
            // Without an end time the entry lasts until the end of the last day.
            end: e.endTime ? zonedInstant(last, e.endTime, e.timeZone) : zonedInstant(shiftDay(last, 1), '00:00', e.timeZone),
          }
        : { start: dayValue(e.date), end: dayValue(shiftDay(last, 1)), allDay: true }),
      location: e.place ?? e.onlineUrl,
      description: description || null,
      status: e.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}
