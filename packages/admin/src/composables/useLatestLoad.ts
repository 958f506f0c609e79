import { onScopeDispose, ref, type Ref } from 'vue';

/**
 * The loads of a page whose filters change while answers are under way: a new load aborts the
 * one in flight, so an older answer never replaces a newer one, and an abort is not an error.
 * `error` may be the page's own, so that its loads and actions (useAction) share one alert.
 */
export function useLatestLoad(error: Ref<unknown> = ref<unknown>()) {
  const loading = ref(false);
  let controller: AbortController | undefined;

  async function latest(load: (signal: AbortSignal) => Promise<void>): Promise<void> {
    controller?.abort();
    const current = (controller = new AbortController());
    loading.value = true;
    error.value = undefined;
    try {
      await load(current.signal);
    } catch (err) {
      if (!current.signal.aborted) error.value = err;
    } finally {
      if (controller === current) loading.value = false;
    }
  }

  onScopeDispose(() => controller?.abort());
  return { loading, error, latest };
}
