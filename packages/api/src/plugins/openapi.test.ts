import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { API_SCOPES, ROLES, type ApiScope, type Role } from '@euregionet/shared';
import { z } from 'zod';
import { createTestApp, json, type Principal, type TestApp } from '../test/app.js';
import { openapiPlugin } from './openapi.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

interface Operation {
  security?: Record<string, string[]>[];
  operationId?: string;
  tags?: string[];
  responses?: Record<string, { content?: Record<string, unknown> }>;
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with named schemas', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = json<{ openapi: string; components: { schemas: Record<string, unknown> } }>(res);
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Cluster', 'ClusterCreate', 'Problem']));
  });

  it('documents the CSV and JSON bodies of imports, which the route reads as a stream', async () => {
    const doc = json<{
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { type: string } }> } }>>;
    }>(await t.app.inject({ method: 'GET', url: '/openapi.json' }));
    const content = doc.paths['/api/v1/imports/entities/{entity}']!.post!.requestBody!.content;
    expect(content['text/csv']!.schema.type).toBe('string');
    expect(content['application/json']!.schema.type).toBe('array');
  });

  it('documents every route the API serves, with an operationId, tags and problem+json errors', async () => {
    const doc = json<{ paths: Record<string, Record<string, Operation>> }>(await t.app.inject({ method: 'GET', url: '/openapi.json' }));
    expect(t.app.apiRoutes.length).toBeGreaterThan(5);
    const faults: string[] = [];
    const operationIds = new Set<string>();
    for (const route of t.app.apiRoutes) {
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      const op = doc.paths[path]?.[route.method.toLowerCase()];
      const where = `${route.method} ${route.url}`;
      if (!op) {
        faults.push(`${where}: missing from the document`);
        continue;
      }
      if (!op.operationId) faults.push(`${where}: no operationId`);
      else if (operationIds.has(op.operationId)) faults.push(`${where}: duplicate operationId ${op.operationId}`);
      else operationIds.add(op.operationId);
      if (!op.tags?.length) faults.push(`${where}: no tags`);
      const statuses = Object.keys(op.responses ?? {});
      for (const s of ['400', '500', '503']) if (!statuses.includes(s)) faults.push(`${where}: no ${s}`);
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        if (Number(status) >= 400 && !response.content?.['application/problem+json'])
          faults.push(`${where}: ${status} is not problem+json`);
      }
    }
    expect(faults).toEqual([]);
  });

  it('refuses to start with a route that lacks an operationId, tags or error responses', async () => {
    const app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    await app.register(openapiPlugin);
    app.get('/api/v1/undocumented', { schema: { response: { 200: z.object({ ok: z.boolean() }) } } }, async () => ({ ok: true }));
    await expect(app.ready()).rejects.toThrow(/GET \/api\/v1\/undocumented: no operationId[\s\S]*no tags[\s\S]*no a 400 response/);
  });
});

type Doc = {
  paths: Record<string, Record<string, Operation & { responses: Record<string, { headers?: Record<string, unknown> }> }>>;
  components: { securitySchemes: Record<string, Record<string, string>> };
};

/** Which check of the auth plugin refused a request, if any (its own codes and texts). */
function refusal(res: { statusCode: number; body: string }): 'credentials' | 'scope' | 'role' | 'csrf' | undefined {
  if (res.statusCode === 401) return 'credentials';
  if (res.statusCode !== 403) return undefined;
  const { code, detail } = json<{ code: string; detail: string }>(res);
  if (code === 'CSRF_FAILED') return 'csrf';
  if (code === 'FORBIDDEN' && detail.startsWith('This key lacks the scope')) return 'scope';
  if (code === 'FORBIDDEN' && detail === 'Your role does not allow this') return 'role';
  return undefined;
}

describe('the security requirements of each operation', () => {
  it('declares a bearer key, the session cookie and the CSRF header', async () => {
    const doc = json<Doc>(await t.app.inject({ method: 'GET', url: '/openapi.json' }));
    expect(doc.components.securitySchemes).toEqual({
      apiKey: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
      session: expect.objectContaining({ type: 'apiKey', in: 'cookie', name: 'eurn_session' }),
      csrfToken: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-CSRF-Token' }),
    });
  });

  it('are what the app enforces: without credentials, with a key of each scope, as each role, and a change without the CSRF header', async () => {
    const doc = json<Doc>(await t.app.inject({ method: 'GET', url: '/openapi.json' }));
    const keys = new Map<ApiScope, Principal>();
    for (const scope of API_SCOPES) keys.set(scope, await t.apiKey([scope]));
    const staff = new Map<Role, Principal>();
    for (const role of ROLES) staff.set(role, await t.staff(role));
    // Signing out ends the session the other calls use: it goes last.
    const operations = Object.entries(doc.paths)
      .flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method: method.toUpperCase(), op })))
      .sort((a, b) => Number(a.path.endsWith('/logout')) - Number(b.path.endsWith('/logout')));
    expect(operations.length).toBeGreaterThan(100);

    const faults: string[] = [];
    let guarded = 0;
    for (const { path, method, op } of operations) {
      if (!path.startsWith('/api/')) continue;
      const where = `${method} ${path}`;
      const security = op.security;
      if (!security) {
        faults.push(`${where}: no security requirements`);
        continue;
      }
      const url = path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
      const call = (who: Principal | undefined, headers: Record<string, string> = {}) =>
        (who ?? t.anonymous).inject({ method: method as 'GET', url, headers });
      const scopes = security.flatMap((r) => r.apiKey ?? []);
      const roles = security.flatMap((r) => r.session ?? []);
      const csrf = security.some((r) => r.session && r.csrfToken);
      if (security.length) guarded++;

      const anonymous = refusal(await call(undefined));
      if (security.length ? anonymous !== 'credentials' : anonymous !== undefined)
        faults.push(`${where}: documented ${security.length ? 'with' : 'without'} credentials, without them: ${anonymous ?? 'let in'}`);
      for (const [scope, key] of keys) {
        const got = refusal(await call(key));
        const expected = !security.length || scopes.includes(scope) ? undefined : 'scope';
        if (got !== expected) faults.push(`${where}: a key with ${scope}: ${got ?? 'let in'}, documented ${expected ?? 'let in'}`);
      }
      // Before the roles: a change let in would end the session (signing out).
      if (roles.length) {
        const user = staff.get(roles[0] as Role)!;
        const got = refusal(await call(user, { 'x-csrf-token': 'forged' }));
        if (got !== (csrf ? 'csrf' : undefined))
          faults.push(`${where}: a wrong CSRF token: ${got ?? 'let in'}, documented ${csrf ? 'csrf' : 'let in'}`);
      }
      for (const [role, user] of staff) {
        const got = refusal(await call(user));
        const expected = !security.length || roles.includes(role) ? undefined : 'role';
        if (got !== expected) faults.push(`${where}: as ${role}: ${got ?? 'let in'}, documented ${expected ?? 'let in'}`);
      }
    }
    expect(guarded).toBeGreaterThan(100);
    expect(faults).toEqual([]);
  }, 180_000); // every operation, asked by every kind of caller: thousands of requests
});

describe('the rate limit', () => {
  it('documents RateLimit-* on every answer under /api, Retry-After on 429', async () => {
    const doc = json<Doc>(await t.app.inject({ method: 'GET', url: '/openapi.json' }));
    const faults: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      if (!path.startsWith('/api/')) continue;
      for (const [method, op] of Object.entries(item)) {
        for (const [status, response] of Object.entries(op.responses)) {
          const headers = Object.keys(response.headers ?? {});
          const expected = /^[24]/.test(status) ? ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'] : [];
          if (status === '429') expected.push('Retry-After');
          for (const h of expected) if (!headers.includes(h)) faults.push(`${method} ${path} ${status}: no ${h}`);
        }
        if (!op.responses['429']) faults.push(`${method} ${path}: no 429`);
      }
    }
    expect(faults).toEqual([]);
  });

  it('sends them on answers that succeed and on refusals of credentials, scope, role and validation', async () => {
    const key = await t.apiKey(['public:read'], { rateLimitPerMinute: 3 });
    const viewer = await t.staff('viewer');
    const answers = [
      await key.inject({ method: 'GET', url: '/api/v1/public/clusters' }),
      await t.anonymous.inject({ method: 'GET', url: '/api/v1/clusters' }),
      await t.anonymous.inject({ method: 'GET', url: '/api/v1/clusters', headers: { authorization: 'Bearer wrong' } }),
      await key.inject({ method: 'GET', url: '/api/v1/clusters' }),
      await viewer.inject({ method: 'GET', url: '/api/v1/audit-log' }),
      await viewer.inject({ method: 'GET', url: '/api/v1/clusters?limit=0' }),
    ];
    expect(answers.map((r) => r.statusCode)).toEqual([200, 401, 401, 403, 403, 400]);
    for (const res of answers) {
      expect(Number(res.headers['ratelimit-limit'])).toBeGreaterThan(0);
      expect(res.headers['ratelimit-remaining']).toMatch(/^\d+$/);
      expect(res.headers['ratelimit-reset']).toMatch(/^\d+$/);
    }
    expect(answers[0]!.headers['ratelimit-limit']).toBe('3');
    // The key's fourth request in the minute is over its limit.
    await key.inject({ method: 'GET', url: '/api/v1/public/clusters' });
    const over = await key.inject({ method: 'GET', url: '/api/v1/public/clusters' });
    expect(over.statusCode).toBe(429);
    expect(over.headers['retry-after']).toMatch(/^\d+$/);
    expect(over.headers['ratelimit-remaining']).toBe('0');
  });
});
