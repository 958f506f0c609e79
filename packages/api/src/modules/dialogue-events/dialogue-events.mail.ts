import type { I18nLongText, I18nText, Locale } from '@euregionet/shared';
import { letter, paragraph, textIn } from '../../mail/letter.js';
import { formatDay, type Mail } from '../outbox/mail-text.js';
import type { EventRow } from './dialogue-events.repo.js';

/** The e-mails to people registered for an event, in their language. Plain text. */

/** What every e-mail about an event (registration, invitation, reminder, thanks) tells one person of it. */
export interface EventFacts {
  name: string;
  title: I18nText;
  date: string;
  startTime: string | null;
  place: string | null;
  onlineUrl: string | null;
}

export interface EventMailFacts extends EventFacts {
  cancelUrl: string;
}

export const eventFacts = (e: Pick<EventRow, 'title' | 'date' | 'startTime' | 'place' | 'onlineUrl'>, name: string): EventFacts => ({
  name,
  title: e.title,
  date: e.date,
  startTime: e.startTime,
  place: e.place,
  onlineUrl: e.onlineUrl,
});

/** The day and time of an event as the reader writes them; where: the place, the link or both. */
export const when = (v: Pick<EventFacts, 'date' | 'startTime'>, lang: Locale) =>
  `${formatDay(v.date, lang)}${v.startTime ? `, ${v.startTime}` : ''}`;
export const where = (v: Pick<EventFacts, 'place' | 'onlineUrl'>) => [v.place, v.onlineUrl].filter(Boolean).join(' · ');
export const titleIn = (title: I18nText, lang: Locale) => textIn(title, lang)!;

export function registrationConfirmedMail(lang: Locale, v: EventMailFacts): Mail {
  const title = titleIn(v.title, lang);
  return letter(lang, v.name, {
    de: {
      subject: `Anmeldung bestätigt: ${title}`,
      text: `Sie sind angemeldet für „${title}“ am ${when(v, lang)} (${where(v)}). Den Termin für Ihren Kalender finden Sie im Anhang.\n\nWenn Sie nicht kommen können, melden Sie sich bitte ab, damit jemand von der Warteliste nachrücken kann:\n${v.cancelUrl}`,
    },
    pl: {
      subject: `Potwierdzenie rejestracji: ${title}`,
      text: `jesteś zarejestrowany(-a) na „${title}” w dniu ${when(v, lang)} (${where(v)}). Termin do kalendarza znajdziesz w załączniku.\n\nJeśli nie możesz przyjść, prosimy o wypisanie się, aby ktoś z listy oczekujących mógł zająć Twoje miejsce:\n${v.cancelUrl}`,
    },
    en: {
      subject: `Registration confirmed: ${title}`,
      text: `you are registered for “${title}” on ${when(v, lang)} (${where(v)}). The calendar entry is attached.\n\nIf you cannot come, please cancel, so that someone on the waiting list can take your place:\n${v.cancelUrl}`,
    },
  });
}

export function registrationWaitingMail(lang: Locale, v: EventMailFacts & { position: number }): Mail {
  const title = titleIn(v.title, lang);
  return letter(lang, v.name, {
    de: {
      subject: `Warteliste: ${title}`,
      text: `„${title}“ am ${when(v, lang)} ist ausgebucht. Sie stehen auf Platz ${v.position} der Warteliste; wird ein Platz frei, rücken Sie automatisch nach und erhalten eine Bestätigung.\n\nAbmelden:\n${v.cancelUrl}`,
    },
    pl: {
      subject: `Lista oczekujących: ${title}`,
      text: `na „${title}” w dniu ${when(v, lang)} nie ma już wolnych miejsc. Jesteś na ${v.position}. miejscu listy oczekujących; gdy zwolni się miejsce, otrzymasz je automatycznie wraz z potwierdzeniem.\n\nRezygnacja:\n${v.cancelUrl}`,
    },
    en: {
      subject: `Waiting list: ${title}`,
      text: `“${title}” on ${when(v, lang)} is fully booked. You are number ${v.position} on the waiting list; when a place becomes free you move up automatically and get a confirmation.\n\nCancel:\n${v.cancelUrl}`,
    },
  });
}

export function movedUpMail(lang: Locale, v: EventMailFacts): Mail {
  const title = titleIn(v.title, lang);
  return letter(lang, v.name, {
    de: {
      subject: `Ein Platz ist frei geworden: ${title}`,
      text: `ein Platz ist frei geworden: Sie sind jetzt fest angemeldet für „${title}“ am ${when(v, lang)} (${where(v)}). Den Termin finden Sie im Anhang.\n\nAbmelden:\n${v.cancelUrl}`,
    },
    pl: {
      subject: `Zwolniło się miejsce: ${title}`,
      text: `zwolniło się miejsce: jesteś teraz zarejestrowany(-a) na „${title}” w dniu ${when(v, lang)} (${where(v)}). Termin znajdziesz w załączniku.\n\nRezygnacja:\n${v.cancelUrl}`,
    },
    en: {
      subject: `A place became free: ${title}`,
      text: `a place became free: you are now registered for “${title}” on ${when(v, lang)} (${where(v)}). The calendar entry is attached.\n\nCancel:\n${v.cancelUrl}`,
    },
  });
}

export function eventCancelledMail(lang: Locale, v: Omit<EventMailFacts, 'cancelUrl'> & { notice: I18nLongText | null }): Mail {
  const title = titleIn(v.title, lang);
  const extra = paragraph(textIn(v.notice, lang));
  return letter(lang, v.name, {
    de: {
      subject: `Abgesagt: ${title}`,
      text: `leider ist „${title}“ am ${when(v, lang)} abgesagt.${extra}\n\nBitte entfernen Sie den Termin aus Ihrem Kalender.`,
    },
    pl: {
      subject: `Odwołane: ${title}`,
      text: `niestety „${title}” w dniu ${when(v, lang)} zostało odwołane.${extra}\n\nProsimy usunąć termin z kalendarza.`,
    },
    en: {
      subject: `Cancelled: ${title}`,
      text: `unfortunately “${title}” on ${when(v, lang)} has been cancelled.${extra}\n\nPlease remove it from your calendar.`,
    },
  });
}
