import type { Locale } from '@euregionet/shared';

/** What every module's e-mails share: the shape of a message, the signature and how days are written. */
export interface Mail {
  subject: string;
  body: string;
}

export const SIGNATURE: Record<Locale, string> = {
  de: 'Mit freundlichen Grüßen\nIhr EuRegioNet-Team\nINTERREG V A Brandenburg–Polska',
  pl: 'Z poważaniem\nZespół EuRegioNet\nINTERREG V A Brandenburgia–Polska',
  en: 'Kind regards\nThe EuRegioNet team\nINTERREG V A Brandenburg–Polska',
};

/** A day as people of the language write it: 03.05.2026 (de, pl), 03/05/2026 (en). */
export function formatDay(day: string, lang: Locale): string {
  const [y, m, d] = day.split('-');
  return lang === 'en' ? `${d}/${m}/${y}` : `${d}.${m}.${y}`;
}
