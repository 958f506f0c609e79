import { computed } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { localDay, PROJECT_PERIOD } from '@euregionet/shared';
import { queryValue } from '../../composables/useListPage';

export type PeriodPreset = 'all' | 'project' | 'year' | 'custom';

/** The reporting period of the indicator pages, kept in the URL (`from`, `to`) so that links and reloads keep it. */
export function usePeriod() {
  const route = useRoute();
  const router = useRouter();
  const year = Number(localDay(new Date()).slice(0, 4));
  const period = computed(() => ({ from: queryValue(route.query, 'from'), to: queryValue(route.query, 'to') }));
  const preset = computed<PeriodPreset>(() => {
    const { from, to } = period.value;
    if (!from && !to) return 'all';
    if (from === PROJECT_PERIOD.from && to === PROJECT_PERIOD.to) return 'project';
    if (from === `${year}-01-01` && to === `${year}-12-31`) return 'year';
    return 'custom';
  });
  function set(from: string | undefined, to: string | undefined) {
    void router.replace({ query: { ...route.query, from: from || undefined, to: to || undefined } });
  }
  function choose(next: PeriodPreset) {
    if (next === 'all') set(undefined, undefined);
    else if (next === 'project') set(PROJECT_PERIOD.from, PROJECT_PERIOD.to);
    else if (next === 'year') set(`${year}-01-01`, `${year}-12-31`);
  }
  return { period, preset, year, set, choose };
}
