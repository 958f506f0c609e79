import { computed, ref, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRoute, useRouter } from 'vue-router';
import { LOCALES, pickLocalized, type Locale } from '@euregionet/shared';
import { loadLocaleMessages } from '../i18n';

/**
 * The language of a document to print (a report, a certificate): chosen on the page and kept in
 * the URL (`?lang=`), independent of the interface's. `ready` turns true once its messages are
 * loaded; `tr` and `text` translate and pick content in that language.
 */
export function usePrintLanguage() {
  const { t, locale } = useI18n();
  const route = useRoute();
  const router = useRouter();
  const lang = computed<Locale>(() => {
    const wanted = route.query.lang;
    return LOCALES.includes(wanted as Locale) ? (wanted as Locale) : (locale.value as Locale);
  });
  const ready = ref(false);
  watch(
    lang,
    async (l) => {
      ready.value = false;
      await loadLocaleMessages(l);
      ready.value = true;
    },
    { immediate: true },
  );
  const tr = (key: string, named: Record<string, unknown> = {}) => t(key, named, { locale: lang.value });
  const text = (value: Partial<Record<Locale, string>> | null | undefined) => pickLocalized(value, lang.value)?.text ?? '';
  const setLang = (event: Event) => void router.replace({ query: { ...route.query, lang: (event.target as HTMLSelectElement).value } });
  const print = () => window.print();
  return { lang, ready, tr, text, setLang, print };
}
