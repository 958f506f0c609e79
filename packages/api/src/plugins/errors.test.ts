import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Problem } from '@euregionet/shared';
import { createTestAppWithAdmin, json, type Principal, type TestApp } from '../test/app.js';

let t: TestApp;
let admin: Principal;
beforeAll(async () => {
  ({ t, admin } = await createTestAppWithAdmin({ bodyLimit: 4096 }));
});
afterAll(() => t.close());

const expectProblem = (res: { statusCode: number; headers: Record<string, unknown>; body: string }, status: number, code: string) => {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toContain('application/problem+json');
  const problem = json<Problem>(res);
  expect(problem).toMatchObject({ status, code });
  expect(problem.requestId).toBe(res.headers['x-request-id']);
  // Nothing of the server's inside reaches the client.
  expect(res.body).not.toMatch(/at .*\.(ts|js):\d+|node_modules|SELECT|INSERT/);
  return problem;
};

describe('every error is problem+json with a stable code', () => {
  it('names at most the first 100 field errors of a body with more', async () => {
    // 150 ids that are no ids: 150 field errors, and more for the fields left out.
    const res = await admin.inject({
      method: 'POST',
      url: '/api/v1/events',
      payload: { organisationIds: Array.from({ length: 150 }, (_, i) => `x${i}`) },
    });
    const problem = expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(problem.errors).toHaveLength(100);
    expect(problem.errors![0]).toMatchObject({ pointer: expect.stringMatching(/^\/body/), code: expect.any(String) });
  });

  it('unknown routes', async () => {
    expectProblem(await admin.inject({ method: 'GET', url: '/api/v1/nothing-here' }), 404, 'ROUTE_NOT_FOUND');
  });

  it('malformed JSON', async () => {
    const res = await admin.inject({
      method: 'POST',
      url: '/api/v1/clusters',
      headers: { 'content-type': 'application/json' },
      payload: '{"kind": ',
    });
    expectProblem(res, 400, 'MALFORMED_REQUEST');
  });

  it('a body over the limit', async () => {
    const res = await admin.inject({
      method: 'POST',
      url: '/api/v1/clusters',
      payload: { kind: 'network', name: { de: 'x'.repeat(10_000) } },
    });
    expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('an unsupported content type', async () => {
    const res = await admin.inject({
      method: 'POST',
      url: '/api/v1/clusters',
      headers: { 'content-type': 'application/xml' },
      payload: '<cluster/>',
    });
    expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('an invalid id in the path', async () => {
    const problem = expectProblem(await admin.inject({ method: 'GET', url: '/api/v1/clusters/42' }), 400, 'VALIDATION_FAILED');
    expect(problem.errors?.[0]?.pointer).toBe('/path/id');
  });

  it('keeps a well-formed request id from the caller and makes one otherwise', async () => {
    const kept = await admin.inject({ method: 'GET', url: '/health/live', headers: { 'x-request-id': 'portal-req-12345' } });
    expect(kept.headers['x-request-id']).toBe('portal-req-12345');
    const replaced = await admin.inject({ method: 'GET', url: '/health/live', headers: { 'x-request-id': '<script>' } });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
