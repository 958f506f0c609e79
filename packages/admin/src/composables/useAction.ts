import { ref, type Ref } from 'vue';

/**
 * A page's action (sign in, save, send): `busy` while it runs, so its button waits; its failure in
 * `error` for the page's ProblemAlert, cleared when the next one starts. `error` may be the page's
 * own, shared with its loads.
 */
export function useAction(error: Ref<unknown> = ref<unknown>()) {
  const busy = ref(false);
  async function run(action: () => Promise<unknown>): Promise<void> {
    error.value = undefined;
    busy.value = true;
    try {
      await action();
    } catch (err) {
      error.value = err;
    } finally {
      busy.value = false;
    }
  }
  return { busy, error, run };
}
