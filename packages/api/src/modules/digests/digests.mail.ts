import type { Locale } from '@euregionet/shared';
import { GREETING, textIn } from '../../mail/letter.js';
import { formatDay, SIGNATURE, type Mail } from '../outbox/mail-text.js';
import type { DigestCall, DigestEvent, DigestPublication } from './digests.repo.js';

/** The digest e-mail in the person's language: plain text, one section per topic that has news. */

const TEXT = {
  de: {
    subject: (period: string) => `EuRegioNet: Neuigkeiten für Ihre Cluster (${period})`,
    intro: 'hier ist, was auf der EuRegioNet-Plattform zu den Branchen und Spezialisierungen Ihrer Cluster neu ist.',
    publications: 'Neue Veröffentlichungen',
    calls: 'Förderaufrufe, die bald enden',
    closes: 'Einreichung bis',
    events: 'Kommende Veranstaltungen',
    why: 'Sie erhalten diese E-Mail, weil Sie dem EuRegioNet-Newsletter zugestimmt haben.',
    unsubscribe: 'Abmelden mit einem Klick:',
  },
  pl: {
    subject: (period: string) => `EuRegioNet: nowości dla Twoich klastrów (${period})`,
    intro: 'oto nowości na platformie EuRegioNet związane z branżami i specjalizacjami Twoich klastrów.',
    publications: 'Nowe publikacje',
    calls: 'Nabory wkrótce zamykane',
    closes: 'Termin składania wniosków',
    events: 'Nadchodzące wydarzenia',
    why: 'Otrzymujesz tę wiadomość, ponieważ zgodziłeś(-aś) się na biuletyn EuRegioNet.',
    unsubscribe: 'Rezygnacja jednym kliknięciem:',
  },
  en: {
    subject: (period: string) => `EuRegioNet: news for your clusters (${period})`,
    intro: 'here is what is new on the EuRegioNet platform for the sectors and specialisations of your clusters.',
    publications: 'New publications',
    calls: 'Funding calls closing soon',
    closes: 'Deadline',
    events: 'Upcoming events',
    why: 'You receive this e-mail because you agreed to the EuRegioNet digest.',
    unsubscribe: 'Unsubscribe with one click:',
  },
} as const;

const inLang = (value: Partial<Record<Locale, string>>, lang: Locale) => textIn(value, lang) ?? '';

/** At most a few lines of a summary: the digest points to the platform, it does not reprint it. */
function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 199).trimEnd()}…` : flat;
}

export function digestMail(
  lang: Locale,
  v: {
    name: string;
    period: string;
    publications: DigestPublication[];
    calls: DigestCall[];
    events: DigestEvent[];
    unsubscribeUrl: string;
  },
): Mail {
  const t = TEXT[lang];
  const sections: string[] = [];
  if (v.publications.length) {
    const items = v.publications.map((p) => {
      const summary = excerpt(inLang(p.summary, lang));
      return `- ${inLang(p.title, lang)}${summary ? `\n  ${summary}` : ''}`;
    });
    sections.push(`${t.publications}\n${items.join('\n')}`);
  }
  if (v.calls.length) {
    const items = v.calls.map(
      (c) => `- ${inLang(c.title, lang)} (${t.closes} ${formatDay(c.closesOn, lang)})${c.url ? `\n  ${c.url}` : ''}`,
    );
    sections.push(`${t.calls}\n${items.join('\n')}`);
  }
  if (v.events.length) {
    const items = v.events.map((e) => `- ${formatDay(e.date, lang)}: ${inLang(e.title, lang)}${e.place ? `, ${e.place}` : ''}`);
    sections.push(`${t.events}\n${items.join('\n')}`);
  }
  return {
    subject: t.subject(v.period),
    body: `${GREETING[lang](v.name)}\n\n${t.intro}\n\n${sections.join('\n\n')}\n\n${SIGNATURE[lang]}\n\n--\n${t.why}\n${t.unsubscribe} ${v.unsubscribeUrl}\n`,
  };
}
