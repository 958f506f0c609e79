import { ref, type Ref } from 'vue';
import { useRouter, type RouteLocationRaw } from 'vue-router';

/**
 * Deleting a record from its page: ask first, delete once (a second click while the first is
 * under way does nothing), then go to where the record was listed. A failure is shown where the
 * page shows its other failures (`error`), and an earlier failure is cleared when trying again.
 */
export function useConfirmedDelete(options: {
  /** The question, in the page's language; asked each time. */
  question: () => string;
  remove: () => Promise<unknown>;
  /** Where to go once the record is gone, usually its list. */
  then: RouteLocationRaw;
  error: Ref<unknown>;
}) {
  const router = useRouter();
  const deleting = ref(false);

  async function remove() {
    if (deleting.value || !window.confirm(options.question())) return;
    deleting.value = true;
    options.error.value = undefined;
    try {
      await options.remove();
      await router.push(options.then);
    } catch (err) {
      options.error.value = err;
    } finally {
      deleting.value = false;
    }
  }

  return { remove, deleting };
}
