import { useI18n } from 'vue-i18n';

/**
 * Dates and numbers in the language of the app. A calendar day (`YYYY-MM-DD`) is read at noon,
 * so that no time zone moves it to the day before.
 */
export function useFormat() {
  const { d, n } = useI18n();
  return {
    day: (iso: string) => d(new Date(`${iso.slice(0, 10)}T12:00:00`), 'date'),
    moment: (iso: string) => d(new Date(iso), 'short'),
    number: (value: number) => n(value),
  };
}
