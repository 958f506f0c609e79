import { computed, ref } from 'vue';
import type { z } from 'zod';
import type { FieldError } from '@euregionet/shared';

export interface FormError {
  code: string;
}

/** `/body/name/de` (a server pointer) and `['name', 'de']` (a zod path) both become `name.de`. */
export function fieldKey(pointerOrPath: string | readonly PropertyKey[]): string {
  if (typeof pointerOrPath !== 'string') return pointerOrPath.map(String).join('.');
  return pointerOrPath
    .replace(/^\/(body|query|path)\/?/, '')
    .split('/')
    .filter(Boolean)
    .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'))
    .join('.');
}

/**
 * Errors of a form, by field: filled by the shared schema before sending and by the server's
 * VALIDATION_FAILED answer after. A field shows the errors of its key and of keys below it
 * (`regions` shows `regions.0`).
 */
export function useFieldErrors() {
  const errors = ref<Record<string, FormError[]>>({});

  function add(key: string, code: string) {
    (errors.value[key] ??= []).push({ code });
  }

  return {
    errors,
    any: computed(() => Object.keys(errors.value).length > 0),
    clear() {
      errors.value = {};
    },
    fromZod(error: z.ZodError) {
      errors.value = {};
      for (const issue of error.issues) {
        const custom = (issue as { params?: { code?: string } }).params?.code;
        add(fieldKey(issue.path), custom ?? issue.code);
      }
    },
    fromServer(fieldErrors: FieldError[]) {
      errors.value = {};
      for (const e of fieldErrors) add(fieldKey(e.pointer), e.code);
    },
    of(key: string): FormError[] {
      return Object.entries(errors.value)
        .filter(([k]) => k === key || k.startsWith(`${key}.`))
        .flatMap(([, v]) => v);
    },
  };
}
