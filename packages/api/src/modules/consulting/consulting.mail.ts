import { PARTNERS, type ConsultingOutcome, type ConsultingTopic, type Locale, type PartnerCode } from '@euregionet/shared';
import { formatDay, SIGNATURE, type Mail } from '../outbox/mail-text.js';

/** The e-mails of the consulting workflow, in German, Polish and English. Plain text. */
export type MailKind = 'request_received' | 'request_assigned' | 'request_resolved' | 'request_reply';

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

export function topicLabel(topic: ConsultingTopic, lang: Locale) {
  return TOPICS[topic][lang];
}

export function requestReceivedMail(lang: Locale, v: { name: string; reference: string; topic: ConsultingTopic; dueOn: string }): Mail {
  const topic = topicLabel(v.topic, lang);
  switch (lang) {
    case 'de':
      return {
        subject: `Ihre Beratungsanfrage ${v.reference} ist eingegangen`,
        body: `Guten Tag ${v.name},\n\nvielen Dank für Ihre Anfrage zum Thema „${topic}“. Sie hat das Aktenzeichen ${v.reference}; bitte geben Sie es bei Rückfragen an.\n\nEine Beraterin oder ein Berater meldet sich spätestens am ${v.dueOn} bei Ihnen.\n\n${SIGNATURE.de}`,
      };
    case 'pl':
      return {
        subject: `Otrzymaliśmy Twoje zapytanie ${v.reference}`,
        body: `Dzień dobry ${v.name},\n\ndziękujemy za zapytanie w temacie „${topic}”. Otrzymało ono numer ${v.reference}; prosimy podawać go w dalszej korespondencji.\n\nDoradca skontaktuje się z Tobą najpóźniej ${v.dueOn}.\n\n${SIGNATURE.pl}`,
      };
    default:
      return {
        subject: `We have received your consulting request ${v.reference}`,
        body: `Hello ${v.name},\n\nthank you for your request about “${topic}”. Its reference is ${v.reference}; please quote it in any further message.\n\nA consultant will get back to you by ${v.dueOn} at the latest.\n\n${SIGNATURE.en}`,
      };
  }
}

export function requestAssignedMail(
  lang: Locale,
  v: { assignee: string; reference: string; topic: ConsultingTopic; partner: PartnerCode; dueOn: string },
): Mail {
  const topic = topicLabel(v.topic, lang);
  switch (lang) {
    case 'de':
      return {
        subject: `Neue Beratungsanfrage für Sie: ${v.reference}`,
        body: `Hallo ${v.assignee},\n\nIhnen wurde die Beratungsanfrage ${v.reference} („${topic}“) für ${partnerName(v.partner)} zugewiesen. Die erste Antwort ist bis ${v.dueOn} fällig.\n\nSie finden sie im Posteingang der EuRegioNet-Verwaltung.`,
      };
    case 'pl':
      return {
        subject: `Nowe zapytanie przydzielone do Ciebie: ${v.reference}`,
        body: `Cześć ${v.assignee},\n\nprzydzielono Ci zapytanie ${v.reference} („${topic}”) dla ${partnerName(v.partner)}. Pierwsza odpowiedź jest wymagana do ${v.dueOn}.\n\nZnajdziesz je w skrzynce w panelu EuRegioNet.`,
      };
    default:
      return {
        subject: `New consulting request assigned to you: ${v.reference}`,
        body: `Hello ${v.assignee},\n\nthe consulting request ${v.reference} (“${topic}”) has been assigned to you for ${partnerName(v.partner)}. The first answer is due by ${v.dueOn}.\n\nYou will find it in the inbox of the EuRegioNet admin app.`,
      };
  }
}

export function requestResolvedMail(lang: Locale, v: { name: string; reference: string; outcome: ConsultingOutcome }): Mail {
  const outcome = OUTCOMES[v.outcome][lang];
  switch (lang) {
    case 'de':
      return {
        subject: `Ihre Beratungsanfrage ${v.reference} ist abgeschlossen`,
        body: `Guten Tag ${v.name},\n\nwir haben Ihre Anfrage ${v.reference} bearbeitet. Ergebnis: ${outcome}.\n\nWenn noch etwas offen ist, antworten Sie uns bitte unter Angabe des Aktenzeichens.\n\n${SIGNATURE.de}`,
      };
    case 'pl':
      return {
        subject: `Twoje zapytanie ${v.reference} zostało rozpatrzone`,
        body: `Dzień dobry ${v.name},\n\nrozpatrzyliśmy Twoje zapytanie ${v.reference}. Wynik: ${outcome}.\n\nJeśli coś pozostało niejasne, odpowiedz nam, podając numer zapytania.\n\n${SIGNATURE.pl}`,
      };
    default:
      return {
        subject: `Your consulting request ${v.reference} has been resolved`,
        body: `Hello ${v.name},\n\nwe have dealt with your request ${v.reference}. Outcome: ${outcome}.\n\nIf anything is still open, please reply quoting the reference.\n\n${SIGNATURE.en}`,
      };
  }
}

export function requestReplyMail(lang: Locale, v: { name: string; reference: string; text: string; from: string }): Mail {
  switch (lang) {
    case 'de':
      return {
        subject: `Antwort auf Ihre Beratungsanfrage ${v.reference}`,
        body: `Guten Tag ${v.name},\n\n${v.text}\n\n${v.from}\n${SIGNATURE.de}`,
      };
    case 'pl':
      return {
        subject: `Odpowiedź na Twoje zapytanie ${v.reference}`,
        body: `Dzień dobry ${v.name},\n\n${v.text}\n\n${v.from}\n${SIGNATURE.pl}`,
      };
    default:
      return {
        subject: `Reply to your consulting request ${v.reference}`,
        body: `Hello ${v.name},\n\n${v.text}\n\n${v.from}\n${SIGNATURE.en}`,
      };
  }
}
