import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type { Problem } from '@euregionet/shared';
import { createTestApp, json, TEST_DATABASE, type TestApp } from '../../test/app.js';
import { serverUrl } from '../../test/template.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('health', () => {
  it('is live and ready while the database answers', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    const ready = await t.app.inject({ method: 'GET', url: '/health/ready' });
    expect(json(ready)).toEqual({ status: 'ok' });
  });
});

// Only a server can go away; the embedded database lives inside the process.
const onServer = TEST_DATABASE === 'postgres' ? describe : describe.skip;

onServer('when PostgreSQL goes away', () => {
  it('answers 503 problem+json while it is gone and recovers by itself', async () => {
    const name = t.testDatabase.name!;
    const staff = await t.admin();
    const server = new pg.Client({ connectionString: serverUrl() });
    await server.connect();
    try {
      // Refuse new connections and kill the open ones: as if the server restarted.
      await server.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
      await server.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [name]);

      for (const url of ['/health/ready', '/api/v1/clusters']) {
        const res = await staff.inject({ method: 'GET', url });
        expect(res.statusCode).toBe(503);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.headers['retry-after']).toBeDefined();
        expect(json<Problem>(res).code).toBe('DATABASE_UNAVAILABLE');
      }
      expect((await t.app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    } finally {
      await server.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
      await server.end();
    }
    expect((await t.app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
    expect((await staff.inject({ method: 'GET', url: '/api/v1/clusters' })).statusCode).toBe(200);
  });
});
