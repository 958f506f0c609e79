import { ref, watch } from 'vue';
import type { Locale, ProjectIndicators } from '@euregionet/shared';
import { getProjectIndicators } from '../../api/indicators';
import { useLatestLoad } from '../../composables/useLatestLoad';
import { usePeriod } from './usePeriod';

/**
 * The project's indicators for the period in the URL, in a language: read again when either
 * changes, the latest answer winning.
 */
export function useProjectIndicators(lang: () => Locale) {
  const { period } = usePeriod();
  const data = ref<ProjectIndicators>();
  const { loading, error, latest } = useLatestLoad();
  const load = () =>
    latest(async (signal) => {
      data.value = (await getProjectIndicators(period.value, lang(), signal)).data;
    });
  watch(() => [period.value.from, period.value.to, lang()], load, { immediate: true });
  return { data, loading, error, load };
}
