import { computed, type Ref } from 'vue';
import { ApiError, type ApiResponse } from '../api/http.js';
import { useAction } from './useAction.js';

/**
 * The status steps of a versioned record, taken from its form page (publish, archive, cancel…):
 * the steps its status allows, one at a time (`busy`), each sent with the record's ETag. The answer
 * becomes the record (its status, its new ETag) but not the form, so what is typed and not saved
 * yet stays. A step on a copy that someone else changed meanwhile is refused and shows the form's
 * "changed meanwhile" banner; any other failure is `error`, cleared when the next step starts.
 */
export function useRecordTransitions<S extends string, R extends { status: S }>(
  record: { original: Ref<R | undefined>; etag: Ref<string | null>; conflict: Ref<boolean> },
  options: {
    transitions: Readonly<Record<S, readonly S[]>>;
    /** Sends a step with the ETag; may ask the user first, and gives nothing when they decline. */
    send: (to: S, etag: string) => Promise<ApiResponse<R>> | undefined;
  },
) {
  const { busy, error, run } = useAction();
  const steps = computed<readonly S[]>(() => (record.original.value ? options.transitions[record.original.value.status] : []));

  function move(to: S) {
    return run(async () => {
      const sending = options.send(to, record.etag.value ?? '');
      if (!sending) return;
      try {
        const { data, etag } = await sending;
        record.original.value = data;
        record.etag.value = etag;
      } catch (err) {
        if (!(err instanceof ApiError && err.code === 'PRECONDITION_FAILED')) throw err;
        record.conflict.value = true;
      }
    });
  }

  return { steps, busy, error, move };
}
