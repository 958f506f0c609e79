import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { createApp, effectScope, ref } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import { useConfirmedDelete } from './useConfirmedDelete.js';

const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

async function mount(remove: () => Promise<unknown>) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/things', name: 'things', component: { render: () => null } },
      { path: '/things/:id', name: 'thing', component: { render: () => null } },
    ],
  });
  await router.push('/things/a1');
  const app = createApp({ render: () => null });
  app.use(router);
  const error = ref<unknown>('an earlier failure');
  const question = jest.fn(() => 'Delete it?');
  const deletion = app.runWithContext(() =>
    effectScope().run(() => useConfirmedDelete({ question, remove, then: { name: 'things' }, error }))!,
  );
  return { deletion, router, error, question };
}

// The tests run in Node: the browser's confirm dialog is the one thing stood in for.
const confirm = jest.fn<(question: string) => boolean>();
Object.assign(globalThis, { window: { confirm } });
afterEach(() => {
  confirm.mockReset();
});

describe('deleting a record after asking', () => {
  it('does nothing when the question is declined', async () => {
    confirm.mockReturnValue(false);
    const remove = jest.fn(() => Promise.resolve());
    const { deletion, router, question } = await mount(remove);
    await deletion.remove();
    expect(question).toHaveBeenCalledTimes(1);
    expect(confirm).toHaveBeenCalledWith('Delete it?');
    expect(remove).not.toHaveBeenCalled();
    expect(router.currentRoute.value.path).toBe('/things/a1');
  });

  it('deletes once, however often it is clicked, and then goes to the list', async () => {
    confirm.mockReturnValue(true);
    let finish!: () => void;
    const remove = jest.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const { deletion, router, error } = await mount(remove);
    const first = deletion.remove();
    void deletion.remove();
    expect(deletion.deleting.value).toBe(true);
    expect(error.value).toBeUndefined();
    finish();
    await first;
    expect(remove).toHaveBeenCalledTimes(1);
    expect(router.currentRoute.value.path).toBe('/things');
    expect(deletion.deleting.value).toBe(false);
  });

  it('shows the failure and stays on the page', async () => {
    confirm.mockReturnValue(true);
    const failure = new Error('403');
    const { deletion, router, error } = await mount(() => Promise.reject(failure));
    await deletion.remove();
    await flush();
    expect(error.value).toBe(failure);
    expect(router.currentRoute.value.path).toBe('/things/a1');
    expect(deletion.deleting.value).toBe(false);
  });
});
