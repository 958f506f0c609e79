import { nextTick } from 'vue';
import { createI18n } from 'vue-i18n';
import type en from './locales/en.json';

export const LOCALES = ['de', 'pl', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** The English messages define the shape: a key missing in German or Polish is a type error. */
export type MessageSchema = typeof en;

const STORAGE_KEY = 'euregionet.locale';

function initialLocale(): Locale {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (LOCALES.includes(stored as Locale)) return stored as Locale;
  const browser = navigator.language.slice(0, 2);
  return LOCALES.includes(browser as Locale) ? (browser as Locale) : 'de';
}

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'en',
  messages: {} as Record<Locale, MessageSchema>,
  missingWarn: false,
  fallbackWarn: false,
});

// Locale files are compiled at build time and fetched only when chosen.
const loaders: Record<Locale, () => Promise<{ default: MessageSchema }>> = {
  de: () => import('./locales/de.json'),
  pl: () => import('./locales/pl.json'),
  en: () => import('./locales/en.json'),
};

async function ensureLoaded(locale: Locale) {
  if (!i18n.global.availableLocales.includes(locale)) {
    const messages = await loaders[locale]();
    i18n.global.setLocaleMessage(locale, messages.default);
  }
}

/** Switches the language of the app and remembers it for the next visit. */
export async function setLocale(locale: Locale) {
  await Promise.all([ensureLoaded(locale), ensureLoaded('en')]);
  i18n.global.locale.value = locale;
  localStorage.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale;
  await nextTick();
}

export async function loadInitialLocale() {
  await setLocale(i18n.global.locale.value);
}
