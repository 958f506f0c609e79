import { describe, expect, it, jest } from '@jest/globals';
import { effectScope, ref } from 'vue';
import { ApiError, type ApiResponse } from '../api/http.js';
import { useRecordTransitions } from './useRecordTransitions.js';

type Status = 'draft' | 'published' | 'archived';
interface Thing {
  id: string;
  status: Status;
}
const TRANSITIONS: Record<Status, readonly Status[]> = { draft: ['published'], published: ['archived', 'draft'], archived: ['published'] };
type Send = (to: Status, etag: string) => Promise<ApiResponse<Thing>> | undefined;

function setup(send: jest.Mock<Send>) {
  const record = { original: ref<Thing>({ id: 'p1', status: 'draft' }), etag: ref<string | null>('"3"'), conflict: ref(false) };
  const steps = effectScope().run(() => useRecordTransitions(record, { transitions: TRANSITIONS, send }))!;
  return { record, ...steps };
}

describe('the status steps of a record form', () => {
  it('offers the steps of the current status, sends one with the ETag and takes the answer as the record', async () => {
    const send = jest.fn<Send>(() => Promise.resolve({ data: { id: 'p1', status: 'published' }, etag: '"4"' }));
    const { record, steps, move } = setup(send);
    expect(steps.value).toEqual(['published']);
    await move('published');
    expect(send).toHaveBeenCalledWith('published', '"3"');
    expect(record.original.value).toEqual({ id: 'p1', status: 'published' });
    expect(record.etag.value).toBe('"4"');
    expect(steps.value).toEqual(['archived', 'draft']);
  });

  it("shows the form's changed-meanwhile banner when someone else changed the record, and keeps the record as it was", async () => {
    const stale = new ApiError({ type: 'about:blank', title: 'Changed', status: 412, code: 'PRECONDITION_FAILED' });
    const { record, error, move } = setup(jest.fn<Send>(() => Promise.reject(stale)));
    await move('published');
    expect(record.conflict.value).toBe(true);
    expect(error.value).toBeUndefined();
    expect(record.original.value).toEqual({ id: 'p1', status: 'draft' });
    expect(record.etag.value).toBe('"3"');
  });

  it('shows any other failure as its error, cleared when the next step starts; a declined question sends nothing', async () => {
    const refused = new ApiError({ type: 'about:blank', title: 'No', status: 409, code: 'PUBLICATION_TRANSITION_NOT_ALLOWED' });
    const send = jest.fn<Send>().mockImplementationOnce(() => Promise.reject(refused));
    const { record, error, busy, move } = setup(send);
    await move('published');
    expect(error.value).toBe(refused);
    expect(record.conflict.value).toBe(false);
    send.mockImplementationOnce(() => undefined);
    const declined = move('published');
    expect(busy.value).toBe(true);
    await declined;
    expect(busy.value).toBe(false);
    expect(error.value).toBeUndefined();
    expect(record.original.value).toEqual({ id: 'p1', status: 'draft' });
  });
});
