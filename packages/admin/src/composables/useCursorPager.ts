import { computed, ref } from 'vue';
import { useRoute, useRouter, type LocationQuery } from 'vue-router';

/** A query parameter as one value, or undefined when absent or empty. */
export function queryValue(query: LocationQuery, key: string): string | undefined {
  const v = query[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** A query parameter holding several values, comma-separated. */
export function queryList(query: LocationQuery, key: string): string[] {
  return queryValue(query, key)?.split(',').filter(Boolean) ?? [];
}

/**
 * Server-side pages of a list whose state lives in the URL (filters and the cursor survive a
 * reload and can be shared). The server pages by cursor, so a list of 10,000 rows costs what a
 * list of 20 costs; "previous" goes back through the cursors seen in this visit.
 */
export function useCursorPager() {
  const route = useRoute();
  const router = useRouter();
  const history = ref<(string | undefined)[]>([]);
  const cursor = computed(() => queryValue(route.query, 'cursor'));

  return {
    cursor,
    /** Sets filters (undefined or '' removes one) and goes back to the first page. */
    setQuery(values: Record<string, string | undefined>) {
      history.value = [];
      const query: Record<string, string | undefined> = { ...(route.query as Record<string, string>), cursor: undefined };
      for (const [key, value] of Object.entries(values)) query[key] = value || undefined;
      void router.replace({ query });
    },
    next(nextCursor: string | null) {
      if (!nextCursor) return;
      history.value.push(cursor.value);
      void router.push({ query: { ...route.query, cursor: nextCursor } });
    },
    previous() {
      const back = history.value.pop();
      void router.push({ query: { ...route.query, cursor: back } });
    },
    reset() {
      history.value = [];
    },
  };
}
