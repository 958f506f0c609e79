import type { I18nLongText, Locale } from '@euregionet/shared';
import { letter, paragraph, textIn } from '../../mail/letter.js';
import { formatDay, type Mail } from '../outbox/mail-text.js';
import { titleIn, when, where, type EventFacts } from './dialogue-events.mail.js';

// The e-mails of invitations, reminders and thanks, in the person’s language. Plain text.

export function invitationMail(lang: Locale, v: EventFacts & { description: I18nLongText; registerUrl: string }): Mail {
  const title = titleIn(v.title, lang);
  const extra = paragraph(textIn(v.description, lang));
  return letter(lang, v.name, {
    de: {
      subject: `Einladung: ${title}`,
      text: `wir laden Sie herzlich ein zu „${title}“ am ${when(v, lang)} (${where(v)}).${extra}\n\nÜber Ihren persönlichen Link melden Sie sich mit wenigen Angaben an:\n${v.registerUrl}`,
    },
    pl: {
      subject: `Zaproszenie: ${title}`,
      text: `serdecznie zapraszamy na „${title}” w dniu ${when(v, lang)} (${where(v)}).${extra}\n\nZa pomocą osobistego linku zarejestrujesz się w kilka chwil:\n${v.registerUrl}`,
    },
    en: {
      subject: `Invitation: ${title}`,
      text: `we would like to invite you to “${title}” on ${when(v, lang)} (${where(v)}).${extra}\n\nRegister in a few steps with your personal link:\n${v.registerUrl}`,
    },
  });
}

export function reminderMail(lang: Locale, v: EventFacts & { calendarUrl: string }): Mail {
  const title = titleIn(v.title, lang);
  return letter(lang, v.name, {
    de: {
      subject: `Erinnerung: ${title}`,
      text: `wir freuen uns auf Sie bei „${title}“ am ${when(v, lang)} (${where(v)}).\n\nDen Termin für Ihren Kalender:\n${v.calendarUrl}\n\nWenn Sie nicht kommen können, melden Sie sich bitte über den Link in Ihrer Anmeldebestätigung ab.`,
    },
    pl: {
      subject: `Przypomnienie: ${title}`,
      text: `czekamy na Ciebie na „${title}” w dniu ${when(v, lang)} (${where(v)}).\n\nTermin do kalendarza:\n${v.calendarUrl}\n\nJeśli nie możesz przyjść, wypisz się proszę za pomocą linku z potwierdzenia rejestracji.`,
    },
    en: {
      subject: `Reminder: ${title}`,
      text: `we look forward to seeing you at “${title}” on ${when(v, lang)} (${where(v)}).\n\nThe calendar entry:\n${v.calendarUrl}\n\nIf you cannot come, please cancel with the link in your registration confirmation.`,
    },
  });
}

export function thankYouMail(lang: Locale, v: EventFacts & { reportUrl: string | null; outcomes: I18nLongText }): Mail {
  const title = titleIn(v.title, lang);
  const summary = paragraph(textIn(v.outcomes, lang));
  return letter(lang, v.name, {
    de: {
      subject: `Danke für Ihre Teilnahme: ${title}`,
      text: `vielen Dank, dass Sie bei „${title}“ am ${formatDay(v.date, lang)} dabei waren.${summary}${v.reportUrl ? `\n\nDen Bericht zur Veranstaltung finden Sie hier:\n${v.reportUrl}` : ''}`,
    },
    pl: {
      subject: `Dziękujemy za udział: ${title}`,
      text: `dziękujemy za udział w „${title}” w dniu ${formatDay(v.date, lang)}.${summary}${v.reportUrl ? `\n\nRelację z wydarzenia znajdziesz tutaj:\n${v.reportUrl}` : ''}`,
    },
    en: {
      subject: `Thank you for taking part: ${title}`,
      text: `thank you for taking part in “${title}” on ${formatDay(v.date, lang)}.${summary}${v.reportUrl ? `\n\nThe report on the event:\n${v.reportUrl}` : ''}`,
    },
  });
}
