import { ref, type Ref } from 'vue';
import { ApiError } from '../api/http.js';

/** The answer to a change sent with the ETag of a copy that someone else changed meanwhile (412). */
export const isStale = (err: unknown): boolean => err instanceof ApiError && err.code === 'PRECONDITION_FAILED';

/**
 * A page's action (sign in, save, send): `busy` while it runs, so its button waits; its failure in
 * `error` for the page's ProblemAlert, cleared when the next one starts. `error` may be the page's
 * own, shared with its loads.
 *
 * A page whose actions send a record's ETag passes `conflict`: a stale copy then sets it (the page
 * shows a ConflictBanner, which offers to reload) instead of an error, and nothing is reloaded
 * behind the user's back, so what they typed stays until they choose to reload.
 */
export function useAction(error: Ref<unknown> = ref<unknown>(), options: { conflict?: Ref<boolean> } = {}) {
  const busy = ref(false);
  async function run(action: () => Promise<unknown>): Promise<void> {
    error.value = undefined;
    if (options.conflict) options.conflict.value = false;
    busy.value = true;
    try {
      await action();
    } catch (err) {
      if (options.conflict && isStale(err)) options.conflict.value = true;
      else error.value = err;
    } finally {
      busy.value = false;
    }
  }
  return { busy, error, run };
}
