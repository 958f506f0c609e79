import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import pino from 'pino';
import type { Problem } from '@euregionet/shared';
import { buildApp } from '../app.js';
import { openDatabase } from '../db/client.js';
import { createTestAppWithAdmin, json, TEST_DATABASE, testConfig, type Principal, type TestApp } from '../test/app.js';
import { serverUrl } from '../test/template.js';

let t: TestApp;
let admin: Principal;
beforeAll(async () => {
  ({ t, admin } = await createTestAppWithAdmin({ bodyLimit: 64 * 1024 }));
});
afterAll(() => t.close());

const code = (res: { body: string }) => json<Problem>(res).code;

describe('limits', () => {
  it('bound the body size (413)', async () => {
    const res = await admin.inject({
      method: 'POST',
      url: '/api/v1/clusters',
      payload: { kind: 'network', name: { de: 'x' }, description: { de: 'y'.repeat(70 * 1024) } },
    });
    expect(res.statusCode).toBe(413);
    expect(code(res)).toBe('PAYLOAD_TOO_LARGE');
  });

  it('bound the page size and the number of filter values (400)', async () => {
    expect((await admin.inject({ method: 'GET', url: '/api/v1/clusters?limit=101' })).statusCode).toBe(400);
    const sectors = Array.from({ length: 21 }, (_, i) => String(10 + i)).join(',');
    const res = await admin.inject({ method: 'GET', url: `/api/v1/clusters?sector=${sectors}` });
    expect(res.statusCode).toBe(400);
    expect(json<Problem>(res).errors?.[0]?.pointer).toBe('/query/sector');
  });

  it('are documented in the OpenAPI document', async () => {
    const doc = json<{
      info: { description: string };
      paths: Record<string, Record<string, { parameters?: { name: string; schema: { maximum?: number; maxItems?: number } }[] }>>;
    }>(await t.app.inject({ method: 'GET', url: '/openapi.json' }));
    expect(doc.info.description).toMatch(/Limits/);
    const params = doc.paths['/api/v1/clusters']!.get!.parameters!;
    expect(params.find((p) => p.name === 'limit')?.schema.maximum).toBe(100);
  });
});

const onServer = TEST_DATABASE === 'postgres' ? describe : describe.skip;

onServer('query time', () => {
  it('is bounded by the statement timeout: 503 QUERY_TIMEOUT, and the API goes on', async () => {
    const database = await openDatabase(
      { kind: 'postgres', url: serverUrl(t.testDatabase.name), poolSize: 2 },
      { statementTimeoutMs: 300, logger: pino({ level: 'silent' }) },
    );
    const app = await buildApp({ config: testConfig(), database });
    const blocker = new pg.Client({ connectionString: serverUrl(t.testDatabase.name) });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE clusters IN ACCESS EXCLUSIVE MODE');
      const res = await app.inject({ method: 'GET', url: '/api/v1/clusters', headers: admin.headers });
      expect(res.statusCode).toBe(503);
      expect(code(res)).toBe('QUERY_TIMEOUT');
      expect(res.headers['retry-after']).toBeDefined();
      await blocker.query('COMMIT');
      expect((await app.inject({ method: 'GET', url: '/api/v1/clusters', headers: admin.headers })).statusCode).toBe(200);
    } finally {
      await blocker.end();
      await app.close();
    }
  });
});
