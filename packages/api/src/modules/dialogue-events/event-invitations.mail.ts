import { pickLocalized, type I18nLongText, type I18nText, type Locale } from '@euregionet/shared';
import { formatDay, SIGNATURE, type Mail } from '../outbox/mail-text.js';

/** The e-mails of invitations, reminders and thanks, in the person's language. Plain text. */
interface EventFacts {
  name: string;
  title: I18nText;
  date: string;
  startTime: string | null;
  place: string | null;
  onlineUrl: string | null;
}

const when = (v: EventFacts, lang: Locale) => `${formatDay(v.date, lang)}${v.startTime ? `, ${v.startTime}` : ''}`;
const where = (v: EventFacts) => [v.place, v.onlineUrl].filter(Boolean).join(' · ');
const titleIn = (title: I18nText, lang: Locale) => pickLocalized(title, lang)!.text;

export function invitationMail(lang: Locale, v: EventFacts & { description: I18nLongText; registerUrl: string }): Mail {
  const title = titleIn(v.title, lang);
  const about = pickLocalized(v.description, lang)?.text;
  const extra = about ? `\n\n${about}` : '';
  switch (lang) {
    case 'de':
      return {
        subject: `Einladung: ${title}`,
        body: `Guten Tag ${v.name},\n\nwir laden Sie herzlich ein zu „${title}“ am ${when(v, lang)} (${where(v)}).${extra}\n\nÜber Ihren persönlichen Link melden Sie sich mit wenigen Angaben an:\n${v.registerUrl}\n\n${SIGNATURE.de}`,
      };
    case 'pl':
      return {
        subject: `Zaproszenie: ${title}`,
        body: `Dzień dobry ${v.name},\n\nserdecznie zapraszamy na „${title}” w dniu ${when(v, lang)} (${where(v)}).${extra}\n\nZa pomocą osobistego linku zarejestrujesz się w kilka chwil:\n${v.registerUrl}\n\n${SIGNATURE.pl}`,
      };
    default:
      return {
        subject: `Invitation: ${title}`,
        body: `Hello ${v.name},\n\nwe would like to invite you to “${title}” on ${when(v, lang)} (${where(v)}).${extra}\n\nRegister in a few steps with your personal link:\n${v.registerUrl}\n\n${SIGNATURE.en}`,
      };
  }
}

export function reminderMail(lang: Locale, v: EventFacts & { calendarUrl: string }): Mail {
  const title = titleIn(v.title, lang);
  switch (lang) {
    case 'de':
      return {
        subject: `Erinnerung: ${title}`,
        body: `Guten Tag ${v.name},\n\nwir freuen uns auf Sie bei „${title}“ am ${when(v, lang)} (${where(v)}).\n\nDen Termin für Ihren Kalender:\n${v.calendarUrl}\n\nWenn Sie nicht kommen können, melden Sie sich bitte über den Link in Ihrer Anmeldebestätigung ab.\n\n${SIGNATURE.de}`,
      };
    case 'pl':
      return {
        subject: `Przypomnienie: ${title}`,
        body: `Dzień dobry ${v.name},\n\nczekamy na Ciebie na „${title}” w dniu ${when(v, lang)} (${where(v)}).\n\nTermin do kalendarza:\n${v.calendarUrl}\n\nJeśli nie możesz przyjść, wypisz się proszę za pomocą linku z potwierdzenia rejestracji.\n\n${SIGNATURE.pl}`,
      };
    default:
      return {
        subject: `Reminder: ${title}`,
        body: `Hello ${v.name},\n\nwe look forward to seeing you at “${title}” on ${when(v, lang)} (${where(v)}).\n\nThe calendar entry:\n${v.calendarUrl}\n\nIf you cannot come, please cancel with the link in your registration confirmation.\n\n${SIGNATURE.en}`,
      };
  }
}

export function thankYouMail(lang: Locale, v: EventFacts & { reportUrl: string | null; outcomes: I18nLongText }): Mail {
  const title = titleIn(v.title, lang);
  const outcomes = pickLocalized(v.outcomes, lang)?.text;
  const summary = outcomes ? `\n\n${outcomes}` : '';
  switch (lang) {
    case 'de':
      return {
        subject: `Danke für Ihre Teilnahme: ${title}`,
        body: `Guten Tag ${v.name},\n\nvielen Dank, dass Sie bei „${title}“ am ${formatDay(v.date, lang)} dabei waren.${summary}${v.reportUrl ? `\n\nDen Bericht zur Veranstaltung finden Sie hier:\n${v.reportUrl}` : ''}\n\n${SIGNATURE.de}`,
      };
    case 'pl':
      return {
        subject: `Dziękujemy za udział: ${title}`,
        body: `Dzień dobry ${v.name},\n\ndziękujemy za udział w „${title}” w dniu ${formatDay(v.date, lang)}.${summary}${v.reportUrl ? `\n\nRelację z wydarzenia znajdziesz tutaj:\n${v.reportUrl}` : ''}\n\n${SIGNATURE.pl}`,
      };
    default:
      return {
        subject: `Thank you for taking part: ${title}`,
        body: `Hello ${v.name},\n\nthank you for taking part in “${title}” on ${formatDay(v.date, lang)}.${summary}${v.reportUrl ? `\n\nThe report on the event:\n${v.reportUrl}` : ''}\n\n${SIGNATURE.en}`,
      };
  }
}
