import ical from 'ical-generator';
import type { I18nText, Locale } from '@euregionet/shared';
import { letter, paragraph } from '../../mail/letter.js';
import { formatDay, type Mail } from '../outbox/mail-text.js';
import { titleIn } from './dialogue-events.mail.js';

/** One line of a person's agenda: a meeting with someone, in a slot, at a table. */
export interface AgendaItem {
  meetingId: string;
  with: { name: string; organisation: string | null };
  start: string;
  end: string;
  startsAt: string;
  endsAt: string;
  table: number;
}

export interface AgendaFacts {
  name: string;
  title: I18nText;
  date: string;
  place: string | null;
  items: AgendaItem[];
}

const TABLE: Record<Locale, string> = { de: 'Tisch', pl: 'stolik', en: 'table' };
const MEETING: Record<Locale, string> = { de: 'Gespräch mit', pl: 'Spotkanie z', en: 'Meeting with' };
const who = (w: AgendaItem['with']) => (w.organisation ? `${w.name} (${w.organisation})` : w.name);
const lines = (items: AgendaItem[], lang: Locale) =>
  items.map((i) => `${i.start}–${i.end}  ${TABLE[lang]} ${i.table}  ${who(i.with)}`).join('\n');

/** The agenda of one person, sent whenever a meeting of theirs is scheduled: every meeting so far. */
export function agendaMail(lang: Locale, v: AgendaFacts): Mail {
  const title = titleIn(v.title, lang);
  const day = formatDay(v.date, lang);
  return letter(lang, v.name, {
    de: {
      subject: `Ihre Gesprächstermine: ${title}`,
      text: `ein Gespräch wurde eingeplant. Ihre Termine am ${day} bei „${title}“:\n\n${lines(v.items, lang)}\n\nDie Termine für Ihren Kalender finden Sie im Anhang.`,
    },
    pl: {
      subject: `Twoje spotkania: ${title}`,
      text: `zaplanowano spotkanie. Twoje spotkania w dniu ${day} podczas „${title}”:\n\n${lines(v.items, lang)}\n\nTerminy do kalendarza znajdziesz w załączniku.`,
    },
    en: {
      subject: `Your meetings: ${title}`,
      text: `a meeting has been scheduled. Your meetings on ${day} at “${title}”:\n\n${lines(v.items, lang)}\n\nThe calendar entries are attached.`,
    },
  });
}

export function meetingRequestedMail(
  lang: Locale,
  v: { name: string; title: I18nText; from: AgendaItem['with']; message: string | null },
): Mail {
  const title = titleIn(v.title, lang);
  const message = paragraph(v.message && `„${v.message}“`);
  return letter(lang, v.name, {
    de: {
      subject: `Gesprächsanfrage: ${title}`,
      text: `${who(v.from)} möchte Sie bei „${title}“ zu einem Gespräch treffen.${message}\n\nSie können die Anfrage im Veranstaltungsportal annehmen oder ablehnen, oder antworten Sie den Veranstaltern auf diese E-Mail.`,
    },
    pl: {
      subject: `Prośba o spotkanie: ${title}`,
      text: `${who(v.from)} chce spotkać się z Tobą podczas „${title}”.${message}\n\nMożesz przyjąć lub odrzucić prośbę w portalu wydarzenia albo odpowiedzieć organizatorom na tę wiadomość.`,
    },
    en: {
      subject: `Meeting request: ${title}`,
      text: `${who(v.from)} would like to meet you at “${title}”.${message}\n\nYou can accept or decline the request on the event portal, or reply to the organisers by answering this e-mail.`,
    },
  });
}

/** To the one who asked: the other side declined. */
export function meetingDeclinedMail(lang: Locale, v: { name: string; title: I18nText; by: AgendaItem['with'] }): Mail {
  const title = titleIn(v.title, lang);
  return letter(lang, v.name, {
    de: {
      subject: `Gesprächsanfrage abgelehnt: ${title}`,
      text: `${who(v.by)} hat Ihre Gesprächsanfrage für „${title}“ leider abgelehnt. Im Veranstaltungsportal finden Sie weitere Teilnehmende, die Gespräche anbieten.`,
    },
    pl: {
      subject: `Prośba o spotkanie odrzucona: ${title}`,
      text: `${who(v.by)} niestety odrzucił(a) Twoją prośbę o spotkanie podczas „${title}”. W portalu wydarzenia znajdziesz innych uczestników, którzy chcą się spotkać.`,
    },
    en: {
      subject: `Meeting request declined: ${title}`,
      text: `${who(v.by)} has declined your meeting request for “${title}”. The event portal lists other participants who take meetings.`,
    },
  });
}

/** A person's meetings as iCalendar entries; each meeting keeps its UID, so a new agenda updates the entries. */
export function agendaCalendar(lang: Locale, v: AgendaFacts): string {
  const calendar = ical({ prodId: { company: 'EuRegioNet', product: 'cluster-dialogue-meetings', language: lang.toUpperCase() } });
  for (const item of v.items) {
    calendar.createEvent({
      id: `${item.meetingId}@meetings.euregionet`,
      start: new Date(item.startsAt),
      end: new Date(item.endsAt),
      summary: `${MEETING[lang]} ${who(item.with)}`,
      location: [v.place, `${TABLE[lang]} ${item.table}`].filter(Boolean).join(', '),
      description: titleIn(v.title, lang),
    });
  }
  return calendar.toString();
}
