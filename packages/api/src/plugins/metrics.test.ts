import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import { createTestApp, json, type TestApp } from '../test/app.js';

const TOKEN = 'scrape-token-0123456789';

describe('GET /metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ metricsToken: TOKEN });
  }, 120_000);
  afterAll(() => t.close());

  const scrape = async () => {
    const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.statusCode).toBe(200);
    return res.body;
  };

  it('is refused without the token or with another one, as problem+json', async () => {
    for (const authorization of [undefined, 'Bearer not-the-scrape-token', `Basic ${TOKEN}`]) {
      const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} });
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(json(res).code).toBe('UNAUTHENTICATED');
      expect(res.body).not.toContain('http_requests_total');
    }
  });

  it('counts requests by route pattern and status, never by the raw URL (the public API asks for a key: 401)', async () => {
    await t.app.inject({ method: 'GET', url: '/api/v1/public/clusters/no-such-cluster-abc' });
    await t.app.inject({ method: 'GET', url: '/api/v1/public/clusters/no-such-cluster-xyz' });
    await t.app.inject({ method: 'GET', url: '/nowhere/at/all-42' });
    const body = await scrape();
    expect(body).toContain('http_requests_total{method="GET",route="/api/v1/public/clusters/:slug",status_code="401"} 2');
    expect(body).toContain('http_requests_total{method="GET",route="unmatched",status_code="404"} 1');
    expect(body).toMatch(
      /http_request_duration_seconds_bucket\{le="\+Inf",method="GET",route="\/api\/v1\/public\/clusters\/:slug",status_code="401"\} 2/,
    );
    expect(body).not.toContain('no-such-cluster');
    expect(body).not.toContain('all-42');
    expect(body).toMatch(/^euregionet_db_pool_connections\{state="in_use"\} \d+$/m);
    expect(body).toMatch(/^euregionet_db_pool_waiting \d+$/m);
    expect(body).toMatch(/^process_cpu_seconds_total /m);
  });

  it('counts rate-limit refusals per route', async () => {
    const key = await t.apiKey(['public:read'], { rateLimitPerMinute: 1 });
    expect((await key.inject({ method: 'GET', url: '/api/v1/public/clusters' })).statusCode).toBe(200);
    expect((await key.inject({ method: 'GET', url: '/api/v1/public/clusters' })).statusCode).toBe(429);
    expect((await key.inject({ method: 'GET', url: '/api/v1/public/clusters' })).statusCode).toBe(429);
    expect(await scrape()).toContain('euregionet_rate_limit_refusals_total{route="/api/v1/public/clusters"} 2');
  });

  it('reports the outbox and import backlogs with the age of the oldest', async () => {
    let body = await scrape();
    expect(body).toMatch(/^euregionet_outbox_backlog 0$/m);
    expect(body).toMatch(/^euregionet_outbox_oldest_age_seconds 0$/m);
    expect(body).toMatch(/^euregionet_import_jobs_backlog 0$/m);

    await t.database.db.execute(sql`
      INSERT INTO outbox_messages (kind, recipient, language, subject, body, status, created_at) VALUES
        ('test', 'a@example.eu', 'de', 's', 'b', 'pending', now() - interval '10 minutes'),
        ('test', 'b@example.eu', 'de', 's', 'b', 'pending', now() - interval '1 minute'),
        ('test', 'c@example.eu', 'de', 's', 'b', 'sent', now() - interval '2 hours')`);
    await t.database.db.execute(sql`
      INSERT INTO imports (entity, mode, dry_run, format, status, actor_type, actor_label, caller_key, created_at) VALUES
        ('organisations', 'atomic', false, 'csv', 'running', 'system', 'test', 'system', now() - interval '5 minutes'),
        ('organisations', 'atomic', false, 'csv', 'succeeded', 'system', 'test', 'system', now() - interval '3 hours')`);
    body = await scrape();
    expect(body).toMatch(/^euregionet_outbox_backlog 2$/m);
    const outboxAge = Number(/^euregionet_outbox_oldest_age_seconds (\S+)$/m.exec(body)![1]);
    expect(outboxAge).toBeGreaterThanOrEqual(600);
    expect(outboxAge).toBeLessThan(660);
    expect(body).toMatch(/^euregionet_import_jobs_backlog 1$/m);
    const importAge = Number(/^euregionet_import_jobs_oldest_age_seconds (\S+)$/m.exec(body)![1]);
    expect(importAge).toBeGreaterThanOrEqual(300);
    expect(importAge).toBeLessThan(360);
  });

  it('is not in the public OpenAPI document', async () => {
    const doc = json<{ paths: Record<string, unknown> }>(await t.app.inject({ method: 'GET', url: '/openapi.json' }));
    expect(Object.keys(doc.paths).length).toBeGreaterThan(10);
    expect(Object.keys(doc.paths).filter((p) => p.includes('metrics'))).toEqual([]);
  });
});

describe('without METRICS_TOKEN', () => {
  it('there is no /metrics endpoint', async () => {
    const t = await createTestApp();
    try {
      const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.statusCode).toBe(404);
    } finally {
      await t.close();
    }
  }, 120_000);
});
