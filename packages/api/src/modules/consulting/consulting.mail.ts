import { PARTNERS, type ConsultingOutcome, type ConsultingTopic, type Locale, type PartnerCode } from '@euregionet/shared';
import { inLanguage, letter, type Wording } from '../../mail/letter.js';
import { formatDay, type Mail } from '../outbox/mail-text.js';

/** The e-mails of the consulting workflow, in German, Polish and English. Plain text. */
export type MailKind =
  | 'request_received'
  | 'request_assigned'
  | 'request_resolved'
  | 'request_reply'
  | 'request_rejected'
  | 'request_auto_closed'
  | 'status_link'
  | 'requester_replied'
  | 'request_overdue'
  | 'request_escalated';

/** The e-mails that go to the requester (their personal data: exported and erased with it). */
export const REQUESTER_MAIL_KINDS: readonly MailKind[] = [
  'request_received',
  'request_resolved',
  'request_reply',
  'request_rejected',
  'request_auto_closed',
  'status_link',
];

export { formatDay, type Mail };

const TOPICS: Record<ConsultingTopic, Record<Locale, string>> = {
  internationalisation: { de: 'Internationalisierung', pl: 'Umiędzynarodowienie', en: 'Internationalisation' },
  funding: { de: 'Förderung und Finanzierung', pl: 'Dofinansowanie i finansowanie', en: 'Funding' },
  marketing_brand: { de: 'Marketing und gemeinsame Marke', pl: 'Marketing i wspólna marka', en: 'Marketing and the joint brand' },
  strategy: { de: 'Strategie', pl: 'Strategia', en: 'Strategy' },
  legal_tax: {
    de: 'Grenzüberschreitende Rechts- und Steuerfragen',
    pl: 'Transgraniczne kwestie prawne i podatkowe',
    en: 'Cross-border legal and tax questions',
  },
  partner_search: { de: 'Partnersuche', pl: 'Poszukiwanie partnerów', en: 'Partner search' },
  smart_specialisation: { de: 'Intelligente Spezialisierung', pl: 'Inteligentna specjalizacja', en: 'Smart specialisation' },
  other: { de: 'Sonstiges', pl: 'Inne', en: 'Other' },
};

const OUTCOMES: Record<ConsultingOutcome, Record<Locale, string>> = {
  advice_given: { de: 'Beratung erteilt', pl: 'Udzielono porady', en: 'Advice given' },
  referred_to_funding: {
    de: 'An ein Förderprogramm verwiesen',
    pl: 'Skierowano do programu dofinansowania',
    en: 'Referred to a funding programme',
  },
  match_proposed: { de: 'Kooperationspartner vorgeschlagen', pl: 'Zaproponowano partnera do współpracy', en: 'Match proposed' },
  referred_to_partner: { de: 'An einen Projektpartner verwiesen', pl: 'Skierowano do partnera projektu', en: 'Referred to a partner' },
  event_or_training: {
    de: 'Veranstaltung oder Schulung empfohlen',
    pl: 'Polecono wydarzenie lub szkolenie',
    en: 'Event or training recommended',
  },
  no_action_possible: { de: 'Keine Unterstützung möglich', pl: 'Wsparcie nie jest możliwe', en: 'No support possible' },
};

const partnerName = (code: PartnerCode) => PARTNERS.find((p) => p.code === code)?.name ?? code;

/** Where a requester's e-mail leads: their status page, and the partner whose team a reply reaches. */
export interface StatusLink {
  url: string;
  partner: PartnerCode;
}

/** The requester an e-mail goes to: whom to greet, and the link to their status page. */
export interface Addressee {
  name: string;
  link: StatusLink;
}

/**
 * The last paragraph of every e-mail to a requester: where to see the request and answer, that
 * such answers are kept with the request, and that a reply by e-mail reaches the handling
 * partner's people.
 */
function statusParagraph(lang: Locale, link: StatusLink): string {
  const team = partnerName(link.partner);
  return inLanguage(lang, {
    de: `Stand Ihrer Anfrage und Antwort an uns: ${link.url}\nAntworten, die Sie auf dieser Seite senden, werden bei Ihrer Anfrage gespeichert. Sie können auch auf diese E-Mail antworten; sie erreicht das Team von ${team}.`,
    pl: `Stan zapytania i odpowiedź do nas: ${link.url}\nOdpowiedzi wysłane na tej stronie są zapisywane przy Twoim zapytaniu. Możesz też odpowiedzieć na tę wiadomość; trafi ona do zespołu ${team}.`,
    en: `See where your request stands and answer us: ${link.url}\nAnswers sent on that page are recorded with your request. You can also reply to this e-mail; it reaches the team of ${team}.`,
  });
}

/** An e-mail to a requester: a letter whose last paragraph leads to their status page. */
function requesterLetter(lang: Locale, to: Addressee, wording: Wording, from?: string): Mail {
  return letter(lang, to.name, wording, { from, postscript: statusParagraph(lang, to.link) });
}

export function topicLabel(topic: ConsultingTopic, lang: Locale) {
  return TOPICS[topic][lang];
}

export function requestReceivedMail(lang: Locale, v: Addressee & { reference: string; topic: ConsultingTopic; dueOn: string }): Mail {
  const topic = topicLabel(v.topic, lang);
  return requesterLetter(lang, v, {
    de: {
      subject: `Ihre Beratungsanfrage ${v.reference} ist eingegangen`,
      text: `vielen Dank für Ihre Anfrage zum Thema „${topic}“. Sie hat das Aktenzeichen ${v.reference}; bitte geben Sie es bei Rückfragen an.\n\nEine Beraterin oder ein Berater meldet sich spätestens am ${v.dueOn} bei Ihnen.`,
    },
    pl: {
      subject: `Otrzymaliśmy Twoje zapytanie ${v.reference}`,
      text: `dziękujemy za zapytanie w temacie „${topic}”. Otrzymało ono numer ${v.reference}; prosimy podawać go w dalszej korespondencji.\n\nDoradca skontaktuje się z Tobą najpóźniej ${v.dueOn}.`,
    },
    en: {
      subject: `We have received your consulting request ${v.reference}`,
      text: `thank you for your request about “${topic}”. Its reference is ${v.reference}; please quote it in any further message.\n\nA consultant will get back to you by ${v.dueOn} at the latest.`,
    },
  });
}

export function requestAssignedMail(
  lang: Locale,
  v: { assignee: string; reference: string; topic: ConsultingTopic; partner: PartnerCode; dueOn: string },
): Mail {
  const topic = topicLabel(v.topic, lang);
  return inLanguage(lang, {
    de: {
      subject: `Neue Beratungsanfrage für Sie: ${v.reference}`,
      body: `Hallo ${v.assignee},\n\nIhnen wurde die Beratungsanfrage ${v.reference} („${topic}“) für ${partnerName(v.partner)} zugewiesen. Die erste Antwort ist bis ${v.dueOn} fällig.\n\nSie finden sie im Posteingang der EuRegioNet-Verwaltung.`,
    },
    pl: {
      subject: `Nowe zapytanie przydzielone do Ciebie: ${v.reference}`,
      body: `Cześć ${v.assignee},\n\nprzydzielono Ci zapytanie ${v.reference} („${topic}”) dla ${partnerName(v.partner)}. Pierwsza odpowiedź jest wymagana do ${v.dueOn}.\n\nZnajdziesz je w skrzynce w panelu EuRegioNet.`,
    },
    en: {
      subject: `New consulting request assigned to you: ${v.reference}`,
      body: `Hello ${v.assignee},\n\nthe consulting request ${v.reference} (“${topic}”) has been assigned to you for ${partnerName(v.partner)}. The first answer is due by ${v.dueOn}.\n\nYou will find it in the inbox of the EuRegioNet admin app.`,
    },
  });
}

export function requestResolvedMail(lang: Locale, v: Addressee & { reference: string; outcome: ConsultingOutcome }): Mail {
  const outcome = OUTCOMES[v.outcome][lang];
  return requesterLetter(lang, v, {
    de: {
      subject: `Ihre Beratungsanfrage ${v.reference} ist abgeschlossen`,
      text: `wir haben Ihre Anfrage ${v.reference} bearbeitet. Ergebnis: ${outcome}.\n\nWenn noch etwas offen ist, antworten Sie uns bitte unter Angabe des Aktenzeichens.`,
    },
    pl: {
      subject: `Twoje zapytanie ${v.reference} zostało rozpatrzone`,
      text: `rozpatrzyliśmy Twoje zapytanie ${v.reference}. Wynik: ${outcome}.\n\nJeśli coś pozostało niejasne, odpowiedz nam, podając numer zapytania.`,
    },
    en: {
      subject: `Your consulting request ${v.reference} has been resolved`,
      text: `we have dealt with your request ${v.reference}. Outcome: ${outcome}.\n\nIf anything is still open, please reply quoting the reference.`,
    },
  });
}

export function requestReplyMail(lang: Locale, v: Addressee & { reference: string; text: string; from: string }): Mail {
  return requesterLetter(
    lang,
    v,
    {
      de: { subject: `Antwort auf Ihre Beratungsanfrage ${v.reference}`, text: v.text },
      pl: { subject: `Odpowiedź na Twoje zapytanie ${v.reference}`, text: v.text },
      en: { subject: `Reply to your consulting request ${v.reference}`, text: v.text },
    },
    v.from,
  );
}

export function requestRejectedMail(lang: Locale, v: Addressee & { reference: string; reason: string }): Mail {
  return requesterLetter(lang, v, {
    de: {
      subject: `Ihre Beratungsanfrage ${v.reference} können wir nicht übernehmen`,
      text: `leider können wir Ihre Anfrage ${v.reference} nicht bearbeiten. Der Grund:\n\n${v.reason}`,
    },
    pl: {
      subject: `Nie możemy podjąć się Twojego zapytania ${v.reference}`,
      text: `niestety nie możemy rozpatrzyć Twojego zapytania ${v.reference}. Powód:\n\n${v.reason}`,
    },
    en: {
      subject: `We cannot take on your consulting request ${v.reference}`,
      text: `unfortunately we cannot handle your request ${v.reference}. The reason:\n\n${v.reason}`,
    },
  });
}

export function requestAutoClosedMail(lang: Locale, v: Addressee & { reference: string; days: number }): Mail {
  return requesterLetter(lang, v, {
    de: {
      subject: `Ihre Beratungsanfrage ${v.reference} wurde geschlossen`,
      text: `auf unsere Rückfrage zu Ihrer Anfrage ${v.reference} haben wir ${v.days} Tage lang keine Antwort erhalten und haben sie daher geschlossen. Wenn Sie weiterhin Unterstützung wünschen, stellen Sie gern eine neue Anfrage.`,
    },
    pl: {
      subject: `Twoje zapytanie ${v.reference} zostało zamknięte`,
      text: `przez ${v.days} dni nie otrzymaliśmy odpowiedzi na nasze pytanie dotyczące zapytania ${v.reference}, dlatego je zamknęliśmy. Jeśli nadal potrzebujesz wsparcia, wyślij nowe zapytanie.`,
    },
    en: {
      subject: `Your consulting request ${v.reference} has been closed`,
      text: `we have had no answer to our question about your request ${v.reference} for ${v.days} days, so we have closed it. If you still need support, you are welcome to send a new request.`,
    },
  });
}

export function statusLinkMail(lang: Locale, v: Addressee & { reference: string }): Mail {
  return requesterLetter(lang, v, {
    de: {
      subject: `Neuer Link zu Ihrer Beratungsanfrage ${v.reference}`,
      text: `der bisherige Link zu Ihrer Anfrage ${v.reference} funktioniert nicht mehr. Bitte verwenden Sie den neuen unten.`,
    },
    pl: {
      subject: `Nowy link do Twojego zapytania ${v.reference}`,
      text: `dotychczasowy link do zapytania ${v.reference} przestał działać. Prosimy korzystać z nowego, podanego poniżej.`,
    },
    en: {
      subject: `New link to your consulting request ${v.reference}`,
      text: `the previous link to your request ${v.reference} no longer works. Please use the new one below.`,
    },
  });
}

/** To the assignee (or the partner's coordinators): the requester answered on the status page. */
export function requesterRepliedMail(lang: Locale, v: { reference: string; text: string; files?: readonly string[] }): Mail {
  const files = v.files?.length ? v.files.map((name) => `- ${name}`).join('\n') : '';
  return inLanguage(lang, {
    de: {
      subject: `Antwort des Anfragenden zu ${v.reference}`,
      body: `Zur Beratungsanfrage ${v.reference} hat der Anfragende auf der Statusseite geantwortet:\n\n${v.text}\n\n${files ? `Angehängte Dateien:\n${files}\n\n` : ''}Sie finden die Antwort im Verlauf der Anfrage in der EuRegioNet-Verwaltung.`,
    },
    pl: {
      subject: `Odpowiedź wnioskodawcy w sprawie ${v.reference}`,
      body: `Wnioskodawca odpowiedział na stronie statusu zapytania ${v.reference}:\n\n${v.text}\n\n${files ? `Załączone pliki:\n${files}\n\n` : ''}Odpowiedź znajdziesz w historii zapytania w panelu EuRegioNet.`,
    },
    en: {
      subject: `The requester answered on ${v.reference}`,
      body: `The requester of consulting request ${v.reference} answered on the status page:\n\n${v.text}\n\n${files ? `Attached files:\n${files}\n\n` : ''}You will find the answer in the request's timeline in the EuRegioNet admin app.`,
    },
  });
}

/** The overdue reminder: to the assignee, and later to the partner's coordinators. */
export function overdueMail(
  lang: Locale,
  v: { reference: string; dueOn: string; step: 'assignee' | 'coordinator'; assignee: string | null },
): Mail {
  const toCoordinator = v.step === 'coordinator';
  return inLanguage(lang, {
    de: {
      subject: `${toCoordinator ? 'Eskalation' : 'Erinnerung'}: Beratungsanfrage ${v.reference} ist überfällig`,
      body: `Die erste Antwort auf die Beratungsanfrage ${v.reference} war bis ${v.dueOn} fällig und ist noch nicht gegeben.${toCoordinator ? ` Zuständig: ${v.assignee ?? 'niemand zugewiesen'}. Bitte kümmern Sie sich darum, dass sie beantwortet wird.` : ' Bitte antworten Sie dem Anfragenden.'}`,
    },
    pl: {
      subject: `${toCoordinator ? 'Eskalacja' : 'Przypomnienie'}: zapytanie ${v.reference} jest zaległe`,
      body: `Pierwsza odpowiedź na zapytanie ${v.reference} była wymagana do ${v.dueOn} i jeszcze jej nie udzielono.${toCoordinator ? ` Odpowiedzialny: ${v.assignee ?? 'nikt nie jest przypisany'}. Prosimy dopilnować odpowiedzi.` : ' Prosimy odpowiedzieć wnioskodawcy.'}`,
    },
    en: {
      subject: `${toCoordinator ? 'Escalation' : 'Reminder'}: consulting request ${v.reference} is overdue`,
      body: `The first answer to consulting request ${v.reference} was due by ${v.dueOn} and has not been given yet.${toCoordinator ? ` Assigned to: ${v.assignee ?? 'nobody'}. Please see that it is answered.` : ' Please answer the requester.'}`,
    },
  });
}
