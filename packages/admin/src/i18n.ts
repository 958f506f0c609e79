import { nextTick } from 'vue';
import { createI18n } from 'vue-i18n';
import { polishPlural } from './plural';
import type apiKeys from './features/api-keys/locales/en.json';
import type audit from './features/audit/locales/en.json';
import type auth from './features/auth/locales/en.json';
import type clusters from './features/clusters/locales/en.json';
import type consulting from './features/consulting/locales/en.json';
import type dialogueEvents from './features/dialogue-events/locales/en.json';
import type fundingCalls from './features/funding-calls/locales/en.json';
import type imports from './features/imports/locales/en.json';
import type indicators from './features/indicators/locales/en.json';
import type matchmaking from './features/matchmaking/locales/en.json';
import type organisations from './features/organisations/locales/en.json';
import type publications from './features/publications/locales/en.json';
import type search from './features/search/locales/en.json';
import type evaluations from './features/evaluations/locales/en.json';
import type brand from './features/brand/locales/en.json';
import type users from './features/users/locales/en.json';
import type app from './locales/en.json';
import type home from './features/home/locales/en.json';
import type map from './features/map/locales/en.json';
import type shell from './shell/locales/en.json';

export const LOCALES = ['de', 'pl', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/**
 * The messages of the app (`locales/`), its frame (`shell/locales/`) and of each feature (`features/<f>/locales/`),
 * merged. English defines the shape: a key missing in German or Polish is a type error, and
 * `locales.test.ts` checks that all three files of each folder hold the same keys.
 */
export type MessageSchema = typeof app &
  typeof auth &
  typeof clusters &
  typeof users &
  typeof apiKeys &
  typeof audit &
  typeof consulting &
  typeof organisations &
  typeof search &
  typeof evaluations &
  typeof brand &
  typeof fundingCalls &
  typeof dialogueEvents &
  typeof indicators &
  typeof imports &
  typeof matchmaking &
  typeof publications &
  typeof shell &
  typeof home &
  typeof map;

const STORAGE_KEY = 'euregionet.locale';

function initialLocale(): Locale {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (LOCALES.includes(stored as Locale)) return stored as Locale;
  const browser = navigator.language.slice(0, 2);
  return LOCALES.includes(browser as Locale) ? (browser as Locale) : 'de';
}

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  pluralRules: { pl: polishPlural },
  locale: initialLocale(),
  fallbackLocale: 'en',
  messages: {} as Record<Locale, MessageSchema>,
  datetimeFormats: Object.fromEntries(
    LOCALES.map((l) => [
      l,
      {
        short: { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' },
        date: { year: 'numeric', month: '2-digit', day: '2-digit' },
      },
    ]),
  ) as Record<Locale, Record<'short' | 'date', Intl.DateTimeFormatOptions>>,
  missingWarn: false,
  fallbackWarn: false,
});

// Message files are compiled at build time and fetched only for the language in use.
type Messages = Record<string, unknown>;
const files = import.meta.glob<{ default: Messages }>(['./locales/*.json', './shell/locales/*.json', './features/*/locales/*.json']);

function merge(target: Messages, source: Messages): Messages {
  for (const [key, value] of Object.entries(source)) {
    const current = target[key];
    target[key] =
      value && typeof value === 'object' && current && typeof current === 'object' ? merge(current as Messages, value as Messages) : value;
  }
  return target;
}

async function ensureLoaded(locale: Locale) {
  if (i18n.global.availableLocales.includes(locale)) return;
  const parts = await Promise.all(
    Object.entries(files)
      .filter(([path]) => path.endsWith(`/${locale}.json`))
      .map(([, load]) => load()),
  );
  const messages = parts.reduce<Messages>((all, part) => merge(all, part.default), {});
  i18n.global.setLocaleMessage(locale, messages as MessageSchema);
}

/** Loads a language's messages without switching to it, e.g. for a report printed in another language. */
export const loadLocaleMessages = (locale: Locale) => ensureLoaded(locale);

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
