import { describe, expect, it, jest } from '@jest/globals';
import { effectScope, nextTick, ref } from 'vue';
import { z } from 'zod';
import { ApiError, type ApiResponse } from '../api/http.js';
import { useRecordForm } from './useRecordForm.js';

interface Thing {
  id: string;
  name: string;
  size: number | null;
}
const CreateSchema = z.object({ name: z.string().min(1), size: z.number().int().nullable() });
const UpdateSchema = CreateSchema.partial();

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const answer = (data: Thing, etag: string | null = '"1"'): Promise<ApiResponse<Thing>> => Promise.resolve({ data, etag });
const problem = (code: string, status: number, errors?: { pointer: string; code: string; message: string }[]) =>
  new ApiError({ type: 'about:blank', title: code, status, code, ...(errors ? { errors } : {}) });

interface Payload {
  name: string;
  size: number | null;
}
type LoadFn = (id: string) => Promise<ApiResponse<Thing>>;
type CreateFn = (body: Payload) => Promise<ApiResponse<Thing>>;
type UpdateFn = (id: string, etag: string, body: Payload) => Promise<ApiResponse<Thing>>;

function setup(id: string | undefined, api: { load?: jest.Mock<LoadFn>; create?: jest.Mock<CreateFn>; update?: jest.Mock<UpdateFn> } = {}) {
  const load = api.load ?? jest.fn<LoadFn>(() => answer({ id: 'a1', name: 'Photonics', size: 12 }, '"7"'));
  const create = api.create ?? jest.fn<CreateFn>((body) => answer({ ...body, id: 'new' }));
  const update = api.update ?? jest.fn<UpdateFn>((_id, _etag, body) => answer({ ...body, id: 'a1' }, '"8"'));
  const saved = jest.fn();
  const recordId = ref(id);
  const scope = effectScope();
  const form = scope.run(() =>
    useRecordForm({
      id: () => recordId.value,
      empty: () => ({ name: '', size: null as number | null }),
      load,
      toForm: (t: Thing) => ({ name: t.name, size: t.size }),
      toPayload: (f): Payload => ({ name: f.name.trim(), size: f.size }),
      schema: { create: CreateSchema, update: UpdateSchema },
      create,
      update,
      saved,
    }),
  )!;
  return { form, load, create, update, saved, recordId, scope };
}

describe('a record form', () => {
  it('shows the form at once for a new record, and only after the load for an existing one', async () => {
    expect(setup(undefined).form.ready.value).toBe(true);
    const { form, load } = setup('a1');
    expect(form.ready.value).toBe(false);
    await flush();
    expect(load).toHaveBeenCalledWith('a1');
    expect(form.ready.value).toBe(true);
    expect(form.form).toEqual({ name: 'Photonics', size: 12 });
  });

  it('saves a change with the ETag it loaded and hands on the saved record', async () => {
    const { form, update, saved } = setup('a1');
    await flush();
    form.form.name = ' Photonics Odra ';
    await form.save();
    expect(update).toHaveBeenCalledWith('a1', '"7"', { name: 'Photonics Odra', size: 12 });
    expect(saved).toHaveBeenCalledWith({ id: 'a1', name: 'Photonics Odra', size: 12 }, false);
    expect(form.etag.value).toBe('"8"');
  });

  it('does not send what the shared schema refuses, and shows why under the field', async () => {
    const { form, create } = setup(undefined);
    form.form.name = '   ';
    await form.save();
    expect(create).not.toHaveBeenCalled();
    expect(form.errorsOf('name').map((e) => e.code)).toEqual(['too_small']);
    expect(form.fieldErrors.any.value).toBe(true);
  });

  it("turns a 412 into the 'changed by someone else' banner, and a reload clears it", async () => {
    const update = jest.fn<UpdateFn>(() => Promise.reject(problem('PRECONDITION_FAILED', 412)));
    const { form, load } = setup('a1', { update });
    await flush();
    await form.save();
    expect(form.conflict.value).toBe(true);
    expect(form.error.value).toBeUndefined();
    await form.load();
    expect(form.conflict.value).toBe(false);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("puts the server's field errors under their fields", async () => {
    const create = jest.fn<CreateFn>(() =>
      Promise.reject(problem('VALIDATION_FAILED', 400, [{ pointer: '/body/size', code: 'too_big', message: 'Too big' }])),
    );
    const { form, saved } = setup(undefined, { create });
    form.form.name = 'Photonics';
    form.form.size = 5;
    await form.save();
    expect(form.errorsOf('size').map((e) => e.code)).toEqual(['too_big']);
    expect(saved).not.toHaveBeenCalled();
    expect(form.saving.value).toBe(false);
  });

  it('keeps an answer of the record asked for last', async () => {
    let release: (value: ApiResponse<Thing>) => void = () => undefined;
    const load = jest.fn<LoadFn>((id) =>
      id === 'slow' ? new Promise<ApiResponse<Thing>>((resolve) => (release = resolve)) : answer({ id, name: 'Fast', size: null }),
    );
    const { form, recordId } = setup('slow', { load });
    recordId.value = 'fast';
    await nextTick();
    await flush();
    release({ data: { id: 'slow', name: 'Slow', size: 1 }, etag: '"1"' });
    await flush();
    expect(form.form.name).toBe('Fast');
  });

  it('tries the load again when the load failed, the save when the save failed', async () => {
    const load = jest.fn<LoadFn>(() => Promise.reject(problem('DATABASE_UNAVAILABLE', 503)));
    const { form, update } = setup('a1', { load });
    await flush();
    expect((form.error.value as ApiError).code).toBe('DATABASE_UNAVAILABLE');
    await form.retry();
    expect(load).toHaveBeenCalledTimes(2);
    expect(update).not.toHaveBeenCalled();
  });
});
