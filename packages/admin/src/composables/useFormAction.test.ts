import { describe, expect, it, jest } from '@jest/globals';
import { ref } from 'vue';
import { z } from 'zod';
import { ApiError } from '../api/http.js';
import { useFormAction } from './useFormAction.js';

const NameSchema = z.strictObject({ name: z.string().min(2) });

describe('useFormAction', () => {
  it('sends nothing when the schema refuses the input, shows why under the field and drops the last alert', async () => {
    const { fieldErrors, error, submit } = useFormAction(ref<unknown>('an earlier failure'));
    const send = jest.fn(() => Promise.resolve());
    await submit(NameSchema, { name: 'a' }, send);
    expect(send).not.toHaveBeenCalled();
    expect(fieldErrors.of('name')).toEqual([{ code: 'too_small' }]);
    expect(error.value).toBeUndefined();
  });

  it('puts the field errors of an answer under the fields, not in the alert', async () => {
    const { fieldErrors, error, busy, submit } = useFormAction();
    const refusal = new ApiError({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      code: 'VALIDATION_FAILED',
      errors: [{ pointer: '/body/name', code: 'taken', message: 'Taken' }],
    });
    await submit(NameSchema, { name: 'Ann' }, () => Promise.reject(refusal));
    expect(fieldErrors.of('name')).toEqual([{ code: 'taken' }]);
    expect(error.value).toBeUndefined();
    expect(busy.value).toBe(false);
  });

  it('shows any other failure in the alert and clears the field errors of the last try', async () => {
    const { fieldErrors, error, submit } = useFormAction();
    await submit(NameSchema, { name: '' }, () => Promise.resolve());
    expect(fieldErrors.any.value).toBe(true);
    const conflict = new ApiError({ type: 'about:blank', title: 'Conflict', status: 409, code: 'USER_EMAIL_TAKEN' });
    const send = jest.fn((checked: { name: string }) => (checked.name === 'Ann' ? Promise.reject(conflict) : Promise.resolve()));
    await submit(NameSchema, { name: 'Ann' }, send);
    expect(send).toHaveBeenCalledWith({ name: 'Ann' });
    expect(fieldErrors.any.value).toBe(false);
    expect(error.value).toBe(conflict);
  });
});
