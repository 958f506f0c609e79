import { pickLocalized, type I18nLongText, type I18nText, type Locale } from '@euregionet/shared';
import { formatDay, SIGNATURE, type Mail } from '../outbox/mail-text.js';

/** The e-mails to people registered for an event, in their language. Plain text. */
export type EventMailKind =
  'event_registration_confirmed' | 'event_registration_waiting' | 'event_registration_moved_up' | 'event_cancelled';

export interface EventMailFacts {
  name: string;
  title: I18nText;
  date: string;
  startTime: string | null;
  place: string | null;
  onlineUrl: string | null;
  cancelUrl: string;
}

const when = (v: Pick<EventMailFacts, 'date' | 'startTime'>, lang: Locale) =>
  `${formatDay(v.date, lang)}${v.startTime ? `, ${v.startTime}` : ''}`;
const where = (v: EventMailFacts) => [v.place, v.onlineUrl].filter(Boolean).join(' · ');
const titleIn = (title: I18nText, lang: Locale) => pickLocalized(title, lang)!.text;

export function registrationConfirmedMail(lang: Locale, v: EventMailFacts): Mail {
  const title = titleIn(v.title, lang);
  switch (lang) {
    case 'de':
      return {
        subject: `Anmeldung bestätigt: ${title}`,
        body: `Guten Tag ${v.name},\n\nSie sind angemeldet für „${title}“ am ${when(v, lang)} (${where(v)}). Den Termin für Ihren Kalender finden Sie im Anhang.\n\nWenn Sie nicht kommen können, melden Sie sich bitte ab, damit jemand von der Warteliste nachrücken kann:\n${v.cancelUrl}\n\n${SIGNATURE.de}`,
      };
    case 'pl':
      return {
        subject: `Potwierdzenie rejestracji: ${title}`,
        body: `Dzień dobry ${v.name},\n\njesteś zarejestrowany(-a) na „${title}” w dniu ${when(v, lang)} (${where(v)}). Termin do kalendarza znajdziesz w załączniku.\n\nJeśli nie możesz przyjść, prosimy o wypisanie się, aby ktoś z listy oczekujących mógł zająć Twoje miejsce:\n${v.cancelUrl}\n\n${SIGNATURE.pl}`,
      };
    default:
      return {
        subject: `Registration confirmed: ${title}`,
        body: `Hello ${v.name},\n\nyou are registered for “${title}” on ${when(v, lang)} (${where(v)}). The calendar entry is attached.\n\nIf you cannot come, please cancel, so that someone on the waiting list can take your place:\n${v.cancelUrl}\n\n${SIGNATURE.en}`,
      };
  }
}

export function registrationWaitingMail(lang: Locale, v: EventMailFacts & { position: number }): Mail {
  const title = titleIn(v.title, lang);
  switch (lang) {
    case 'de':
      return {
        subject: `Warteliste: ${title}`,
        body: `Guten Tag ${v.name},\n\n„${title}“ am ${when(v, lang)} ist ausgebucht. Sie stehen auf Platz ${v.position} der Warteliste; wird ein Platz frei, rücken Sie automatisch nach und erhalten eine Bestätigung.\n\nAbmelden:\n${v.cancelUrl}\n\n${SIGNATURE.de}`,
      };
    case 'pl':
      return {
        subject: `Lista oczekujących: ${title}`,
        body: `Dzień dobry ${v.name},\n\nna „${title}” w dniu ${when(v, lang)} nie ma już wolnych miejsc. Jesteś na ${v.position}. miejscu listy oczekujących; gdy zwolni się miejsce, otrzymasz je automatycznie wraz z potwierdzeniem.\n\nRezygnacja:\n${v.cancelUrl}\n\n${SIGNATURE.pl}`,
      };
    default:
      return {
        subject: `Waiting list: ${title}`,
        body: `Hello ${v.name},\n\n“${title}” on ${when(v, lang)} is fully booked. You are number ${v.position} on the waiting list; when a place becomes free you move up automatically and get a confirmation.\n\nCancel:\n${v.cancelUrl}\n\n${SIGNATURE.en}`,
      };
  }
}

export function movedUpMail(lang: Locale, v: EventMailFacts): Mail {
  const title = titleIn(v.title, lang);
  switch (lang) {
    case 'de':
      return {
        subject: `Ein Platz ist frei geworden: ${title}`,
        body: `Guten Tag ${v.name},\n\nein Platz ist frei geworden: Sie sind jetzt fest angemeldet für „${title}“ am ${when(v, lang)} (${where(v)}). Den Termin finden Sie im Anhang.\n\nAbmelden:\n${v.cancelUrl}\n\n${SIGNATURE.de}`,
      };
    case 'pl':
      return {
        subject: `Zwolniło się miejsce: ${title}`,
        body: `Dzień dobry ${v.name},\n\nzwolniło się miejsce: jesteś teraz zarejestrowany(-a) na „${title}” w dniu ${when(v, lang)} (${where(v)}). Termin znajdziesz w załączniku.\n\nRezygnacja:\n${v.cancelUrl}\n\n${SIGNATURE.pl}`,
      };
    default:
      return {
        subject: `A place became free: ${title}`,
        body: `Hello ${v.name},\n\na place became free: you are now registered for “${title}” on ${when(v, lang)} (${where(v)}). The calendar entry is attached.\n\nCancel:\n${v.cancelUrl}\n\n${SIGNATURE.en}`,
      };
  }
}

export function eventCancelledMail(lang: Locale, v: Omit<EventMailFacts, 'cancelUrl'> & { notice: I18nLongText | null }): Mail {
  const title = titleIn(v.title, lang);
  const notice = pickLocalized(v.notice, lang)?.text;
  const extra = notice ? `\n\n${notice}` : '';
  switch (lang) {
    case 'de':
      return {
        subject: `Abgesagt: ${title}`,
        body: `Guten Tag ${v.name},\n\nleider ist „${title}“ am ${when(v, lang)} abgesagt.${extra}\n\nBitte entfernen Sie den Termin aus Ihrem Kalender.\n\n${SIGNATURE.de}`,
      };
    case 'pl':
      return {
        subject: `Odwołane: ${title}`,
        body: `Dzień dobry ${v.name},\n\nniestety „${title}” w dniu ${when(v, lang)} zostało odwołane.${extra}\n\nProsimy usunąć termin z kalendarza.\n\n${SIGNATURE.pl}`,
      };
    default:
      return {
        subject: `Cancelled: ${title}`,
        body: `Hello ${v.name},\n\nunfortunately “${title}” on ${when(v, lang)} has been cancelled.${extra}\n\nPlease remove it from your calendar.\n\n${SIGNATURE.en}`,
      };
  }
}
