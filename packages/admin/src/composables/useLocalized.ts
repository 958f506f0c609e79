import { useI18n } from 'vue-i18n';
import type { Locale } from '../i18n';

const ORDER: Locale[] = ['de', 'pl', 'en'];

export interface Localized {
  text: string;
  lang: Locale;
  /** True when the text is not in the language the user reads. */
  fallback: boolean;
}

/** Multilingual content in the user's language, or the first language that has it. */
export function useLocalized() {
  const { locale } = useI18n();
  function localized(value: Partial<Record<Locale, string>> | null | undefined): Localized | undefined {
    const wanted = locale.value as Locale;
    for (const lang of [wanted, ...ORDER.filter((l) => l !== wanted)]) {
      const text = value?.[lang];
      if (text) return { text, lang, fallback: lang !== wanted };
    }
    return undefined;
  }
  function missing(value: Partial<Record<Locale, string>> | null | undefined): Locale[] {
    return ORDER.filter((l) => !value?.[l]);
  }
  return { localized, missing, locale };
}
