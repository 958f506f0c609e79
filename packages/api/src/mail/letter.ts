import { pickLocalized, type Locale } from '@euregionet/shared';
import { SIGNATURE, type Mail } from '../modules/outbox/mail-text.js';

/*
 * How an e-mail to a person is composed, whatever it is about: in their language, greeted by
 * name, the module's text, the team's signature. The modules' mail files keep only their words.
 */

/** The first line of a letter to a person, in their language. */
export const GREETING: Record<Locale, (name: string) => string> = {
  de: (name) => `Guten Tag ${name},`,
  pl: (name) => `Dzień dobry ${name},`,
  en: (name) => `Hello ${name},`,
};

/** What a message says in each language: its subject and the text between greeting and signature. */
export type Wording = Record<Locale, { subject: string; text: string }>;

/** The version of a message (or of any wording) in the reader's language. */
export const inLanguage = <T>(lang: Locale, byLanguage: Record<Locale, T>): T => byLanguage[lang];

/** What a letter may carry besides its wording. */
export interface LetterParts {
  /** The staff member who writes: stands right above the signature. */
  from?: string;
  /** A last paragraph after the text, before the writer and the signature (a link, and how to answer). */
  postscript?: string;
}

/** A letter to a person in their language: the greeting with their name, the text and the team's signature. */
export function letter(lang: Locale, name: string, wording: Wording, { from, postscript }: LetterParts = {}): Mail {
  const { subject, text } = inLanguage(lang, wording);
  const signature = from === undefined ? SIGNATURE[lang] : `${from}\n${SIGNATURE[lang]}`;
  return { subject, body: `${GREETING[lang](name)}\n\n${text}${paragraph(postscript)}\n\n${signature}` };
}

/** A record's multilingual text in the reader's language, else in the first language it has. */
export const textIn = (value: Partial<Record<Locale, string>> | null, lang: Locale): string | undefined => pickLocalized(value, lang)?.text;

/** A paragraph that is there only when it has text (a notice, a description, a message). */
export const paragraph = (text: string | null | undefined): string => (text ? `\n\n${text}` : '');
