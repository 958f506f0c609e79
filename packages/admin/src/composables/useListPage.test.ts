import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { createApp, effectScope, nextTick } from 'vue';
import { createMemoryHistory, createRouter, type Router } from 'vue-router';
import { filtersOf, useListPage, withFilters } from './useListPage.js';

interface Page {
  items: string[];
  nextCursor: string | null;
}
type Load = (filters: Record<string, string | undefined>, cursor: string | undefined, signal: AbortSignal) => Promise<Page>;

const flush = async () => {
  for (let i = 0; i < 30; i++) await Promise.resolve();
  await nextTick();
};

async function mount(url: string, load: Load) {
  const router: Router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/list', component: { render: () => null } }],
  });
  await router.push(url);
  const app = createApp({ render: () => null });
  app.use(router);
  const scope = effectScope();
  const list = app.runWithContext(() => scope.run(() => useListPage({ keys: ['q', 'country'] as const, searchKey: 'q', load }))!);
  await flush();
  return { list, router, scope };
}

const pages: Record<string, Page> = {
  first: { items: ['a', 'b'], nextCursor: 'c2' },
  c2: { items: ['c', 'd'], nextCursor: 'c3' },
  c3: { items: ['e'], nextCursor: null },
};
const paged = jest.fn<Load>((_f, cursor) => Promise.resolve(pages[cursor ?? 'first']!));

beforeEach(() => {
  paged.mockClear();
});
afterEach(() => {
  jest.useRealTimers();
});

describe('the URL as the state of a list', () => {
  it('reads filters, leaving out empty ones', () => {
    expect(filtersOf({ q: 'wood', country: '', other: 'x' }, ['q', 'country'])).toEqual({ q: 'wood', country: undefined });
  });

  it('a new filter removes blank values and the page', () => {
    expect(withFilters({ q: 'wood', cursor: 'c2', country: 'PL' }, { country: '', q: 'metal' })).toEqual({ q: 'metal' });
  });
});

describe('a list page', () => {
  it('loads with the filters and page of the URL', async () => {
    const { list } = await mount('/list?country=PL&cursor=c2', paged);
    expect(paged).toHaveBeenLastCalledWith({ q: undefined, country: 'PL' }, 'c2', expect.anything());
    expect(list.page.value?.items).toEqual(['c', 'd']);
  });

  it('goes forward and back through the pages, and a filter goes back to the first page', async () => {
    const { list, router } = await mount('/list?country=PL', paged);
    expect(list.hasPrevious.value).toBe(false);
    await list.next();
    await flush();
    await list.next();
    await flush();
    expect(router.currentRoute.value.query).toEqual({ country: 'PL', cursor: 'c3' });
    expect(list.page.value?.items).toEqual(['e']);
    expect(list.hasNext.value).toBe(false);
    await list.previous();
    await flush();
    expect(list.page.value?.items).toEqual(['c', 'd']);
    await list.setFilter('country', 'DE');
    await flush();
    expect(router.currentRoute.value.query).toEqual({ country: 'DE' });
    expect(list.hasPrevious.value).toBe(false);
  });

  it('searches once typing pauses, not at every key', async () => {
    jest.useFakeTimers();
    const { list, router } = await mount('/list', paged);
    for (const text of ['h', 'ho', 'hol', 'holz']) {
      list.search.value = text;
      await flush();
      jest.advanceTimersByTime(100);
      await flush();
    }
    expect(router.currentRoute.value.query).toEqual({});
    jest.advanceTimersByTime(300);
    await flush();
    expect(router.currentRoute.value.query).toEqual({ q: 'holz' });
    expect(paged).toHaveBeenCalledTimes(2);
  });

  it('shows in the search box what a link searches for', async () => {
    const { list, router } = await mount('/list?q=holz', paged);
    expect(list.search.value).toBe('holz');
    await router.push('/list?q=metall');
    await flush();
    expect(list.search.value).toBe('metall');
  });

  it('keeps the answer of the last load when an earlier one answers later, and aborts the earlier one', async () => {
    const signals: AbortSignal[] = [];
    let answerFirst: (page: Page) => void = () => undefined;
    const load = jest.fn<Load>((f, _cursor, signal) => {
      signals.push(signal);
      if (f.country === 'DE') return new Promise<Page>((resolve) => (answerFirst = resolve));
      return Promise.resolve({ items: [`in ${f.country ?? 'all'}`], nextCursor: null });
    });
    const { list } = await mount('/list?country=DE', load);
    await list.setFilter('country', 'PL');
    await flush();
    answerFirst({ items: ['in DE'], nextCursor: null });
    await flush();
    expect(list.page.value?.items).toEqual(['in PL']);
    expect(signals[0]!.aborted).toBe(true);
    expect(list.loading.value).toBe(false);
  });

  it('reloads after a change to a listed record, and shows a failed change as the list’s error', async () => {
    const { list } = await mount('/list?cursor=c2', paged);
    const loadsBefore = paged.mock.calls.length;
    await list.act(() => Promise.resolve());
    expect(paged.mock.calls.length).toBe(loadsBefore + 1);
    expect(paged).toHaveBeenLastCalledWith({ q: undefined, country: undefined }, 'c2', expect.anything());

    const refused = new Error('refused');
    await list.act(() => Promise.reject(refused));
    expect(list.error.value).toBe(refused);
    expect(paged.mock.calls.length).toBe(loadsBefore + 1);
  });
});
