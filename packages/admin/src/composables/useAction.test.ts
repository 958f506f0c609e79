import { describe, expect, it } from '@jest/globals';
import { ref } from 'vue';
import { ApiError } from '../api/http.js';
import { isStale, useAction } from './useAction.js';

describe('useAction', () => {
  it('is busy while the action runs and not after', async () => {
    const { busy, run } = useAction();
    let finish!: () => void;
    const running = run(() => new Promise<void>((resolve) => (finish = resolve)));
    expect(busy.value).toBe(true);
    finish();
    await running;
    expect(busy.value).toBe(false);
  });

  it('keeps the failure for the page to show, and clears it when the next action starts', async () => {
    const error = ref<unknown>('an earlier failure');
    const { busy, run } = useAction(error);
    const failure = new Error('412');
    await run(() => Promise.reject(failure));
    expect(error.value).toBe(failure);
    expect(busy.value).toBe(false);
    let finish!: () => void;
    const next = run(() => new Promise<void>((resolve) => (finish = resolve)));
    expect(error.value).toBeUndefined();
    finish();
    await next;
    expect(error.value).toBeUndefined();
  });

  const stale = new ApiError({ type: 'about:blank', title: 'Precondition Failed', status: 412, code: 'PRECONDITION_FAILED' });
  const refused = new ApiError({ type: 'about:blank', title: 'Conflict', status: 409, code: 'INVALID_TRANSITION' });

  it('tells a stale copy (412) from every other failure', () => {
    expect(isStale(stale)).toBe(true);
    expect(isStale(refused)).toBe(false);
    expect(isStale(new Error('PRECONDITION_FAILED'))).toBe(false);
  });

  it('with a conflict flag, shows a stale copy as the conflict, not as an error, until the next action starts', async () => {
    const error = ref<unknown>();
    const conflict = ref(false);
    const { run } = useAction(error, { conflict });
    await run(() => Promise.reject(stale));
    expect(conflict.value).toBe(true);
    expect(error.value).toBeUndefined();
    await run(() => Promise.reject(refused));
    expect(conflict.value).toBe(false);
    expect(error.value).toBe(refused);
    await run(() => Promise.reject(stale));
    await run(() => Promise.resolve());
    expect(conflict.value).toBe(false);
    expect(error.value).toBeUndefined();
  });

  it('without a conflict flag, a stale copy is an error like any other', async () => {
    const { error, run } = useAction();
    await run(() => Promise.reject(stale));
    expect(error.value).toBe(stale);
  });
});
