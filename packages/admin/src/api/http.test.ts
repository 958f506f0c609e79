import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { z } from 'zod';
import { ApiError, request } from './http.js';

const UserSchema = z.strictObject({ id: z.string(), name: z.string() });

/** A schema that arrives when `arrive` is called, as a lazily loaded chunk does. */
function lateSchema() {
  let arrive!: () => void;
  const loaded = new Promise<void>((resolve) => (arrive = resolve));
  const load = jest.fn(async () => {
    await loaded;
    return UserSchema;
  });
  return { load, arrive };
}

function answer(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', etag: '"3"' } });
}

const fetchMock = jest.fn<typeof fetch>();
globalThis.fetch = fetchMock;
afterEach(() => {
  fetchMock.mockReset();
});

describe('request with a lazily loaded schema', () => {
  it('sends the request before the schema has arrived, and checks the answer against it', async () => {
    fetchMock.mockResolvedValue(answer({ id: 'u1', name: 'Anna' }));
    const schema = lateSchema();
    const pending = request('GET', '/auth/me', schema.load);
    await Promise.resolve();
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(fetchMock.mock.calls[0]![0]).toBe('/api/v1/auth/me');
    schema.arrive();
    await expect(pending).resolves.toEqual({ data: { id: 'u1', name: 'Anna' }, etag: '"3"', status: 200 });
  });

  it('rejects an answer that breaks the contract', async () => {
    fetchMock.mockResolvedValue(answer({ id: 'u1', name: 'Anna', role: 'admin' }));
    const schema = lateSchema();
    schema.arrive();
    const failure = await request('GET', '/auth/me', schema.load).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).code).toBe('UNEXPECTED_RESPONSE');
  });

  it('reports a schema that cannot be loaded as a network fault', async () => {
    fetchMock.mockResolvedValue(answer({ id: 'u1', name: 'Anna' }));
    const failure = await request('GET', '/auth/me', () =>
      Promise.reject(new TypeError('Failed to fetch dynamically imported module')),
    ).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).code).toBe('NETWORK_ERROR');
  });

  it('gives the server’s problem when the call fails, whatever became of the schema', async () => {
    fetchMock.mockResolvedValue(answer({ type: 'about:blank', title: 'Unauthenticated', status: 401, code: 'UNAUTHENTICATED' }, 401));
    const failure = await request('GET', '/auth/me', () => Promise.reject(new TypeError('offline'))).catch((err: unknown) => err);
    expect((failure as ApiError).code).toBe('UNAUTHENTICATED');
    expect((failure as ApiError).status).toBe(401);
  });
});
