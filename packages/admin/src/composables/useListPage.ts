import { computed, onScopeDispose, ref, watch, type WatchSource } from 'vue';
import { useRoute, useRouter, type LocationQuery, type LocationQueryRaw } from 'vue-router';
import { useAction } from './useAction.js';
import { useLatestLoad } from './useLatestLoad.js';

/** A query parameter as one value, or undefined when absent or empty. */
export function queryValue(query: LocationQuery, key: string): string | undefined {
  const v = query[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** A query parameter holding several values, comma-separated. */
export function queryList(query: LocationQuery, key: string): string[] {
  return queryValue(query, key)?.split(',').filter(Boolean) ?? [];
}

export type Filters<K extends string> = Record<K, string | undefined>;

export function filtersOf<K extends string>(query: LocationQuery, keys: readonly K[]): Filters<K> {
  return Object.fromEntries(keys.map((k) => [k, queryValue(query, k)])) as Filters<K>;
}

/**
 * The query after a change of filters: a blank value removes its key, and the cursor goes, since
 * a page of one filter means nothing under another.
 */
export function withFilters(query: LocationQuery, patch: Record<string, string | undefined | null>): LocationQueryRaw {
  const next: LocationQueryRaw = { ...query };
  delete next.cursor;
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined || value === null || value.trim() === '') delete next[key];
    else next[key] = value;
  }
  return next;
}

/** The cursor of the page after this one; null on the last page and for lists that do not page. */
const nextCursorOf = (page: object | undefined): string | null =>
  page && 'nextCursor' in page && typeof page.nextCursor === 'string' ? page.nextCursor : null;

export interface ListPageOptions<K extends string, P extends object> {
  /** The filters kept in the URL. */
  keys: readonly K[];
  load: (filters: Filters<K>, cursor: string | undefined, signal: AbortSignal) => Promise<P>;
  /** The filter the search box writes, debounced; none when the page has no search box. */
  searchKey?: K;
  /** Further sources that call for a new load (the language of a list sorted by name). */
  reloadOn?: WatchSource[];
  debounceMs?: number;
}

/**
 * A server-paged list whose state lives in the URL: filters, search and page survive a reload and
 * can be shared. Changing a filter goes back to the first page; the search box waits for a pause
 * in typing; a new load aborts the one in flight, so an older answer never replaces a newer one;
 * "previous" goes back through the cursors seen in this visit.
 */
export function useListPage<K extends string, P extends object>(options: ListPageOptions<K, P>) {
  const route = useRoute();
  const router = useRouter();
  const { loading, error, latest } = useLatestLoad();
  const { run } = useAction(error);
  const page = ref<P>();
  const visited = ref<(string | undefined)[]>([]);

  const filters = computed(() => filtersOf(route.query, options.keys));
  const cursor = computed(() => queryValue(route.query, 'cursor'));
  const hasFilters = computed(() => options.keys.some((k) => filters.value[k] !== undefined));

  function reload() {
    const f = filters.value;
    const c = cursor.value;
    return latest(async (signal) => {
      const result = await options.load(f, c, signal);
      if (!signal.aborted) page.value = result as typeof page.value;
    });
  }
  watch([() => route.fullPath, ...(options.reloadOn ?? [])], reload, { immediate: true });

  function setFilters(patch: Partial<Record<K, string | undefined | null>>) {
    visited.value = [];
    return router.replace({ query: withFilters(route.query, patch as Record<string, string | undefined>) });
  }
  const setFilter = (key: K, value: string | undefined | null) => setFilters({ [key]: value } as Partial<Record<K, string>>);
  /** `v-bind` for a field component: shows a filter and sets it. */
  const bind = (key: K) => ({
    modelValue: filters.value[key] ?? '',
    'onUpdate:modelValue': (value: string) => void setFilter(key, value),
  });
  /** A handler for a select's or input's change event. */
  const onChange = (key: K) => (event: Event) => setFilter(key, (event.target as HTMLInputElement | HTMLSelectElement).value);

  const search = ref(options.searchKey ? (filters.value[options.searchKey] ?? '') : '');
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** What the box last wrote into the URL: a URL change to it is the box's own, not one to show. */
  let written: string | undefined;
  function searchNow() {
    clearTimeout(timer);
    const key = options.searchKey;
    const value = search.value.trim() || undefined;
    // An unchanged search (a space typed at the end) keeps the page the user is on.
    if (!key || value === filters.value[key]) return;
    written = value;
    void setFilter(key, value);
  }
  if (options.searchKey) {
    const key = options.searchKey;
    watch(search, () => {
      clearTimeout(timer);
      timer = setTimeout(searchNow, options.debounceMs ?? 300);
    });
    // The URL changed otherwise (a link, "back", a saved view): the box shows what is searched.
    watch(
      () => filters.value[key],
      (value) => {
        if (value === written || value === (search.value.trim() || undefined)) return;
        clearTimeout(timer);
        written = value;
        search.value = value ?? '';
      },
    );
  }
  onScopeDispose(() => clearTimeout(timer));

  function clearFilters() {
    clearTimeout(timer);
    search.value = '';
    return setFilters(Object.fromEntries(options.keys.map((k) => [k, undefined])) as Partial<Record<K, undefined>>);
  }

  /** Runs a change to a listed record (restore, revoke…) and reloads; a failure shows as the list's error. */
  const act = (change: () => Promise<unknown>) =>
    run(async () => {
      await change();
      await reload();
    });

  function next() {
    const nextCursor = nextCursorOf(page.value);
    if (!nextCursor) return;
    visited.value.push(cursor.value);
    return router.push({ query: { ...route.query, cursor: nextCursor } });
  }
  function previous() {
    return router.push({ query: { ...route.query, cursor: visited.value.pop() } });
  }

  return {
    page,
    loading,
    error,
    filters,
    cursor,
    hasFilters,
    search,
    searchNow,
    setFilter,
    setFilters,
    onChange,
    bind,
    clearFilters,
    reload,
    act,
    next,
    previous,
    hasPrevious: computed(() => cursor.value !== undefined),
    hasNext: computed(() => nextCursorOf(page.value) !== null),
  };
}
