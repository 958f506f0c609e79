import { describe, expect, it } from '@jest/globals';
import { effectScope, ref } from 'vue';
import { useLatestLoad } from './useLatestLoad.js';

describe('useLatestLoad', () => {
  it('aborts the load under way when a new one starts, and keeps the failure of the latest only', async () => {
    const scope = effectScope();
    const { loading, error, latest } = scope.run(() => useLatestLoad())!;
    const signals: AbortSignal[] = [];
    let failFirst!: () => void;
    const first = latest((signal) => {
      signals.push(signal);
      return new Promise<void>((_, reject) => (failFirst = () => reject(new Error('first'))));
    });
    expect(loading.value).toBe(true);
    const failure = new Error('second');
    const second = latest(async (signal) => {
      signals.push(signal);
      throw failure;
    });
    failFirst();
    await Promise.all([first, second]);
    expect(signals.map((s) => s.aborted)).toEqual([true, false]);
    expect(error.value).toBe(failure);
    expect(loading.value).toBe(false);
    scope.stop();
  });

  it('shows its failure in the page’s own error, and clears it when the next load starts', async () => {
    const scope = effectScope();
    const error = ref<unknown>('an action’s failure');
    const { latest } = scope.run(() => useLatestLoad(error))!;
    let finish!: () => void;
    const load = latest(() => new Promise<void>((resolve) => (finish = resolve)));
    expect(error.value).toBeUndefined();
    finish();
    await load;
    const failure = new Error('load');
    await latest(() => Promise.reject(failure));
    expect(error.value).toBe(failure);
    scope.stop();
  });
});
