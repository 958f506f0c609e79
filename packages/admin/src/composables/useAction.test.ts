import { describe, expect, it } from '@jest/globals';
import { ref } from 'vue';
import { useAction } from './useAction.js';

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
});
