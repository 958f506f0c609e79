import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import type { ApiKey, ApiKeyCreated, Problem } from '@euregionet/shared';
import { createTestApp, createTestAppWithAdmin, json, type Principal, type TestApp } from '../../test/app.js';

let t: TestApp;
let admin: Principal;
beforeAll(async () => {
  ({ t, admin } = await createTestAppWithAdmin());
});
afterAll(() => t.close());

const create = async (body: Record<string, unknown>) => {
  const res = await admin.inject({ method: 'POST', url: '/api/v1/api-keys', payload: { name: 'Portal Gubin', partner: 'ESNB', ...body } });
  expect(res.statusCode).toBe(201);
  return json<ApiKeyCreated>(res);
};
const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

describe('API keys', () => {
  it('are shown once and listed afterwards without their secret', async () => {
    const created = await create({ scopes: ['read'] });
    expect(created.secret).toMatch(/^eurn_[\w-]{40,}$/);
    expect(created.secret.startsWith(created.key.prefix)).toBe(true);
    const list = await admin.inject({ method: 'GET', url: '/api/v1/api-keys' });
    expect(list.body).not.toContain(created.secret);
    expect(json<{ items: ApiKey[] }>(list).items.map((k) => k.id)).toContain(created.key.id);
  });

  it('grant what their scopes allow and nothing else', async () => {
    const { secret } = await create({ scopes: ['read'] });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/clusters', headers: bearer(secret) })).statusCode).toBe(200);
    const write = await t.app.inject({ method: 'POST', url: '/api/v1/clusters', headers: bearer(secret), payload: {} });
    expect(write.statusCode).toBe(403);
    const { secret: portal } = await create({ scopes: ['public:read'] });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/clusters', headers: bearer(portal) })).statusCode).toBe(403);
  });

  it('show when they were last used', async () => {
    const { key, secret } = await create({ scopes: ['read'] });
    expect(key.lastUsedAt).toBeNull();
    await t.app.inject({ method: 'GET', url: '/api/v1/clusters', headers: bearer(secret) });
    const after = json<ApiKey>(await admin.inject({ method: 'GET', url: `/api/v1/api-keys/${key.id}` }));
    expect(after.lastUsedAt).not.toBeNull();
  });

  it('are refused at once when revoked, also while this process keeps them as verified', async () => {
    const { key, secret } = await create({ scopes: ['read'] });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/clusters', headers: bearer(secret) })).statusCode).toBe(200);
    expect((await admin.inject({ method: 'DELETE', url: `/api/v1/api-keys/${key.id}` })).statusCode).toBe(200);
    const revoked = await t.app.inject({ method: 'GET', url: '/api/v1/clusters', headers: bearer(secret) });
    expect(revoked.statusCode).toBe(401);
    expect(json<Problem>(revoked).code).toBe('INVALID_API_KEY');
  });

  it('cannot be created expired already', async () => {
    const count = async () => json<{ items: ApiKey[] }>(await admin.inject({ method: 'GET', url: '/api/v1/api-keys' })).items.length;
    const before = await count();
    for (const expiresAt of ['2020-01-01T00:00:00Z', new Date(Date.now() - 1000).toISOString()]) {
      const res = await admin.inject({
        method: 'POST',
        url: '/api/v1/api-keys',
        payload: { name: 'Portal Gubin', partner: 'ESNB', scopes: ['read'], expiresAt },
      });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(json<Problem>(res)).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: [{ pointer: '/body/expiresAt', code: 'expires_in_past' }],
      });
    }
    expect(await count()).toBe(before);
  });

  it('are never accepted in a query string', async () => {
    const { secret } = await create({ scopes: ['read'] });
    for (const name of ['api_key', 'access_token', 'key']) {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/clusters?${name}=${secret}` });
      expect([400, 401]).toContain(res.statusCode);
    }
  });

  it('are limited per key, with RateLimit headers and 429', async () => {
    const { secret } = await create({ scopes: ['read'], rateLimitPerMinute: 3 });
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 4; i++) {
      last = await t.app.inject({ method: 'GET', url: '/api/v1/clusters', headers: bearer(secret) });
      statuses.push(last.statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(last!.headers['ratelimit-limit']).toBe('3');
    expect(last!.headers['retry-after']).toBeDefined();
    expect(last!.headers['content-type']).toContain('application/problem+json');
    expect(json<Problem>(last!).code).toBe('RATE_LIMITED');
    // Another key has its own budget.
    const { secret: other } = await create({ scopes: ['read'], rateLimitPerMinute: 3 });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/clusters', headers: bearer(other) })).statusCode).toBe(200);
  });

  it('with allowed origins refuse other web sites', async () => {
    const { secret } = await create({ scopes: ['read'], allowedOrigins: ['https://portal.gubin.pl'] });
    const ok = await t.app.inject({
      method: 'GET',
      url: '/api/v1/clusters',
      headers: { ...bearer(secret), origin: 'https://portal.gubin.pl' },
    });
    expect(ok.statusCode).toBe(200);
    const other = await t.app.inject({
      method: 'GET',
      url: '/api/v1/clusters',
      headers: { ...bearer(secret), origin: 'https://elsewhere.example' },
    });
    expect(other.statusCode).toBe(403);
    expect(json<Problem>(other).code).toBe('ORIGIN_NOT_ALLOWED');
  });

  it('are managed by administrators only', async () => {
    const coordinator = await t.staff('coordinator');
    expect((await coordinator.inject({ method: 'GET', url: '/api/v1/api-keys' })).statusCode).toBe(403);
    expect(
      (await coordinator.inject({ method: 'POST', url: '/api/v1/api-keys', payload: { name: 'x', partner: 'BIC', scopes: ['read'] } }))
        .statusCode,
    ).toBe(403);
  });
});

describe('verified keys kept by the process (API_KEY_CACHE_SECONDS)', () => {
  // The cache reads the app's clock; it starts at the real time, which key expiries are checked against.
  let at = Date.now();
  let c: TestApp;
  let boss: Principal;
  beforeAll(async () => {
    c = await createTestApp({ apiKeyCacheMs: 30_000 }, { clock: { now: () => new Date(at) } });
    boss = await c.admin();
  });
  afterAll(() => c.close());

  const key = async (body: Record<string, unknown> = {}) => {
    const res = await boss.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      payload: { name: 'Portal Forst', partner: 'BIC', scopes: ['read'], ...body },
    });
    expect(res.statusCode).toBe(201);
    return json<ApiKeyCreated>(res);
  };
  const status = async (secret: string) =>
    (await c.app.inject({ method: 'GET', url: '/api/v1/clusters', headers: bearer(secret) })).statusCode;

  it('believes a verified key for 30 s without asking the database, then asks again', async () => {
    const { key: created, secret } = await key();
    at = Date.now();
    expect(await status(secret)).toBe(200);
    // Revoked behind the API's back (or by another process): this process does not ask yet.
    await c.database.db.execute(sql`UPDATE api_keys SET revoked_at = now() WHERE id = ${created.id}`);
    expect(await status(secret)).toBe(200);
    at += 29_999;
    expect(await status(secret)).toBe(200);
    at += 2;
    expect(await status(secret)).toBe(401);
  });

  it('forgets a key at once when this process revokes it', async () => {
    const { key: created, secret } = await key();
    at = Date.now();
    expect(await status(secret)).toBe(200);
    expect((await boss.inject({ method: 'DELETE', url: `/api/v1/api-keys/${created.id}` })).statusCode).toBe(200);
    expect(await status(secret)).toBe(401);
  });

  it('refuses a kept key from the moment it expires', async () => {
    at = Date.now();
    const expiresAt = at + 20_000;
    const { secret } = await key({ expiresAt: new Date(expiresAt).toISOString() });
    expect(await status(secret)).toBe(200);
    at = expiresAt - 1;
    expect(await status(secret)).toBe(200);
    at = expiresAt;
    expect(await status(secret)).toBe(401);
  });
});
