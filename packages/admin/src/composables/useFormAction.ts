import { ref, type Ref } from 'vue';
import type { z } from 'zod';
import { ApiError } from '../api/http.js';
import { useAction } from './useAction.js';
import { useFormErrors } from './useRecordForm.js';

/**
 * A form outside a record (a dialog, an inline "new" form, the own account) sent as the page's
 * action. `submit` clears the last failure and checks the input with the shared schema first:
 * what it refuses is shown under the fields and nothing is sent. An answer that names fields puts its errors under them too;
 * any other failure goes to `error`, the page's alert, as with `useAction`, whose `run` (the
 * page's other actions, sharing `busy`) comes along.
 */
export function useFormAction(error: Ref<unknown> = ref<unknown>()) {
  const fieldErrors = useFormErrors();
  const { busy, run } = useAction(error);

  function submit<S extends z.ZodType>(schema: S, body: unknown, send: (checked: z.output<S>) => Promise<unknown>): Promise<void> {
    error.value = undefined;
    const check = schema.safeParse(body);
    if (!check.success) {
      fieldErrors.fromZod(check.error);
      return Promise.resolve();
    }
    fieldErrors.clear();
    return run(async () => {
      try {
        await send(check.data);
      } catch (err) {
        if (err instanceof ApiError && err.fieldErrors.length) fieldErrors.fromServer(err.fieldErrors);
        else throw err;
      }
    });
  }

  return { busy, error, fieldErrors, run, submit };
}
