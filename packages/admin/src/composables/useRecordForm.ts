import { computed, getCurrentInstance, inject, provide, reactive, ref, watch, type InjectionKey, type UnwrapRef } from 'vue';
import type { z } from 'zod';
import { ApiError, type ApiResponse } from '../api/http.js';
import { useFieldErrors } from './useFieldErrors.js';

export type FieldErrors = ReturnType<typeof useFieldErrors>;

/** The field errors of the form around a field component, so that each field finds its own by name. */
export const FIELD_ERRORS: InjectionKey<FieldErrors> = Symbol('field errors');

export function useFormFieldErrors(): FieldErrors | undefined {
  return inject(FIELD_ERRORS, undefined);
}

/**
 * The errors of a form that is not a record form (sign-in, a dialog, an inline "new" form): its
 * field components (TextField, SelectField…) find theirs by name, as in a record form.
 */
export function useFormErrors(): FieldErrors {
  const fieldErrors = useFieldErrors();
  if (getCurrentInstance()) provide(FIELD_ERRORS, fieldErrors);
  return fieldErrors;
}

export interface RecordFormOptions<R, F extends object, P> {
  /** The record's id; undefined while creating. */
  id: () => string | undefined;
  /** The form of a new record. */
  empty: () => F;
  load: (id: string) => Promise<ApiResponse<R>>;
  /** The shared schemas: the form is checked with them exactly as the API will check it. */
  schema: { create: z.ZodType; update: z.ZodType };
  toForm: (record: R) => F;
  toPayload: (form: UnwrapRef<F>, creating: boolean) => P;
  create: (body: P) => Promise<ApiResponse<R>>;
  update: (id: string, etag: string, body: P) => Promise<ApiResponse<R>>;
  /** After a save: usually on to the record's page. */
  saved?: (record: R, created: boolean) => unknown;
  /** An answer the page handles itself (true when it did), e.g. a duplicate warning. */
  handle?: (error: ApiError) => boolean;
}

/**
 * A record's edit form: loads it with its ETag, checks the input with the shared schema, saves
 * with If-Match, and turns the answers into what the user sees: 412 into the "changed by someone
 * else" banner, VALIDATION_FAILED into errors under the fields, anything else into an alert.
 */
export function useRecordForm<R, F extends object, P>(options: RecordFormOptions<R, F, P>) {
  const form = reactive(options.empty()) as UnwrapRef<F>;
  const original = ref<R>();
  const etag = ref<string | null>(null);
  const error = ref<unknown>();
  const failed = ref<'load' | 'save'>();
  const conflict = ref(false);
  const saving = ref(false);
  const fieldErrors = useFormErrors();

  const creating = computed(() => !options.id());
  /** Before the record is here the form is not shown: input typed earlier would be overwritten by it. */
  const ready = computed(() => creating.value || original.value !== undefined);

  function show(record: R, tag: string | null) {
    original.value = record;
    etag.value = tag;
    Object.assign(form as object, options.toForm(record));
  }

  let asked = 0;
  async function load() {
    conflict.value = false;
    error.value = undefined;
    fieldErrors.clear();
    const id = options.id();
    const mine = ++asked;
    if (!id) {
      original.value = undefined;
      return;
    }
    try {
      const { data, etag: tag } = await options.load(id);
      // A later load (the id changed meanwhile) wins.
      if (mine === asked) show(data, tag);
    } catch (err) {
      if (mine === asked) {
        error.value = err;
        failed.value = 'load';
      }
    }
  }
  watch(options.id, load, { immediate: true });

  async function save() {
    error.value = undefined;
    conflict.value = false;
    const isNew = creating.value;
    const body = options.toPayload(form, isNew);
    const check = (isNew ? options.schema.create : options.schema.update).safeParse(body);
    if (!check.success) {
      fieldErrors.fromZod(check.error);
      return;
    }
    fieldErrors.clear();
    saving.value = true;
    try {
      const id = options.id();
      const result = id ? await options.update(id, etag.value ?? '', body) : await options.create(body);
      show(result.data, result.etag);
      await options.saved?.(result.data, isNew);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'PRECONDITION_FAILED') conflict.value = true;
      else if (err instanceof ApiError && err.code === 'VALIDATION_FAILED') fieldErrors.fromServer(err.fieldErrors);
      else if (!(err instanceof ApiError && options.handle?.(err))) {
        error.value = err;
        failed.value = 'save';
      }
    } finally {
      saving.value = false;
    }
  }

  return {
    form,
    original,
    etag,
    error,
    conflict,
    saving,
    creating,
    ready,
    fieldErrors,
    errorsOf: (key: string) => fieldErrors.of(key),
    load,
    save,
    /** Tries again what failed: the load or the save. */
    retry: () => (failed.value === 'load' ? load() : save()),
  };
}
