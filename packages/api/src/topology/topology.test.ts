import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ApiKeyCreated, Import } from '@euregionet/shared';
import { sql } from 'drizzle-orm';
import { queryRows } from '../db/client.js';
import { uuidArray } from '../db/sql.js';
import { openTestDatabase, TEST_DATABASE, type TestDatabase } from '../test/app.js';
import { startTestSmtp, type TestSmtp } from '../test/smtp.js';
import { waitFor as waitUntil } from '../test/wait.js';
import { serverUrl } from '../test/template.js';
import { startTopology, type Topology } from './topology.js';

/**
 * The production topology on loopback: three built API processes on one PostgreSQL database and
 * one Redis, behind the round-robin proxy that checks /health/ready. Needs a PostgreSQL server
 * (the api-postgres project), Redis (TEST_REDIS_URL; scripts/test.mjs sets it when one answers)
 * and the built API (pnpm build); without the first two the tests are skipped, and the run's
 * summary lists them as not run.
 */
const REDIS_URL = process.env.TEST_REDIS_URL ?? '';
const onTopology = TEST_DATABASE === 'postgres' && REDIS_URL ? describe : describe.skip;

const ADMIN = { email: 'topology@example.eu', password: 'Drei Prozesse an der Neiße' };
/** Three processes take longer than one to agree: a minute, looked at every 50 ms. */
const waitFor = (what: string, condition: () => boolean | Promise<boolean>) =>
  waitUntil(what, condition, { timeoutMs: 60_000, everyMs: 50 });

let topology: Topology;
let testDatabase: TestDatabase;
let smtp: TestSmtp;
/** Signed-in administrator's requests through the proxy (the session lives in PostgreSQL: any process accepts it). */
let call: (path: string, init?: { method?: string; body?: string | object; headers?: Record<string, string> }) => Promise<Response>;

const rows = <T>(query: ReturnType<typeof sql>) => queryRows<T>(testDatabase.database.db, query);

beforeAll(async () => {
  if (!(TEST_DATABASE === 'postgres' && REDIS_URL)) return;
  [testDatabase, smtp] = await Promise.all([openTestDatabase('postgres'), startTestSmtp()]);
  topology = await startTopology({
    processes: 3,
    healthIntervalMs: 100,
    env: {
      DATABASE_URL: serverUrl(testDatabase.name),
      DATABASE_POOL_SIZE: '4',
      REDIS_URL,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'warn',
      // Six health checks of the proxy: it has taken a stopping process out before it closes.
      SHUTDOWN_DRAIN_MS: '600',
      // The load here is the point: a signed-in user this busy would otherwise be throttled.
      RATE_LIMIT_PER_MINUTE: '100000',
      CONSULTING_INTAKE_PER_ADDRESS_PER_HOUR: '1000',
      // Every import is a job; short leases, so that a dead process's job is taken over soon.
      IMPORT_JOB_THRESHOLD_BYTES: '0',
      IMPORT_JOB_INTERVAL_MS: '100',
      IMPORT_JOB_LEASE_MS: '3000',
      SMTP_URL: smtp.url,
      OUTBOX_INTERVAL_MS: '100',
    },
  });
  const login = await fetch(`${topology.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  expect(login.status).toBe(200);
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  call = (path, init = {}) =>
    fetch(`${topology.url}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        cookie,
        'x-csrf-token': csrfToken,
        ...(typeof init.body === 'object' ? { 'content-type': 'application/json' } : {}),
        ...init.headers,
      },
      ...(init.body !== undefined ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) } : {}),
    });
}, 150_000);

afterAll(async () => {
  await topology?.close();
  await smtp?.close();
  await testDatabase?.drop();
}, 60_000);

async function apiKey(scopes: string[], rateLimitPerMinute = 600): Promise<string> {
  const res = await call('/api/v1/api-keys', {
    method: 'POST',
    body: { name: `topology ${scopes.join(' ')}`, partner: 'BIC', scopes, rateLimitPerMinute },
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as ApiKeyCreated).secret;
}

const served = () => topology.instances.map((i) => i.served);

onTopology('three API processes behind the proxy', () => {
  it("admit a key's limit of 10 per minute in total, not 10 each", async () => {
    const secret = await apiKey(['public:read'], 10);
    const before = served();
    const statuses: number[] = [];
    for (let i = 0; i < 15; i++) {
      const res = await fetch(`${topology.url}/api/v1/public/clusters?limit=1`, { headers: { authorization: `Bearer ${secret}` } });
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    expect(statuses).toEqual([...Array<number>(10).fill(200), ...Array<number>(5).fill(429)]);
    // Round robin: all three processes answered some of them (five each, unless a health check
    // was late on a busy machine).
    const answered = served().map((n, i) => n - before[i]!);
    expect(answered.reduce((a, b) => a + b)).toBe(15);
    expect(answered.every((n) => n > 0)).toBe(true);
  });

  it('complete an import whose process is killed (SIGKILL) in the middle of it', async () => {
    const header = 'source,externalId,name,type,country,region,city,description.de';
    const lines = Array.from({ length: 5000 }, (_, i) => `topology,${i + 1},Firma ${i + 1} GmbH,sme,DE,DE403,Cottbus,${'x'.repeat(100)}`);
    const upload = await call('/api/v1/imports/entities/organisations?mode=atomic', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: [header, ...lines].join('\r\n') + '\r\n',
    });
    expect(upload.status).toBe(202);
    const { id } = (await upload.json()) as Import;

    // The process that claimed the job is the one killed, while it runs it.
    let holder = 0;
    await waitFor('a process has claimed the job', async () => {
      const [job] = await rows<{ claimed_by: string | null }>(sql`SELECT claimed_by FROM imports WHERE id = ${id}`);
      const pid = Number(job?.claimed_by?.split(':')[1]);
      holder = topology.instances.find((i) => i.pid === pid)?.number ?? 0;
      return holder > 0;
    });
    await topology.kill(holder);
    let done: Import | undefined;
    try {
      const [killedWhile] = await rows<{ status: string }>(sql`SELECT status FROM imports WHERE id = ${id}`);
      expect(killedWhile!.status).toBe('running');
      await waitFor('the import has finished', async () => {
        const res = await call(`/api/v1/imports/${id}`);
        done = (await res.json()) as Import;
        return Boolean(done.finishedAt);
      });
    } finally {
      // The next tests need all three.
      await topology.restart(holder);
    }
    expect(done).toMatchObject({ status: 'succeeded', counts: { total: 5000, created: 5000, updated: 0, rejected: 0 } });
    const [job] = await rows<{ attempts: number; organisations: number }>(
      sql`SELECT attempts, (SELECT count(*)::int FROM organisations WHERE source = 'topology') AS organisations FROM imports WHERE id = ${id}`,
    );
    // Taken over by another process after the lease (a second time, should a busy machine stall
    // a renewal), and written once.
    expect(job!.organisations).toBe(5000);
    expect(job!.attempts).toBeGreaterThanOrEqual(2);
  }, 120_000);

  it('send each outbox message once, with three workers taking them', async () => {
    const secret = await apiKey(['requests:create']);
    const recipients = Array.from({ length: 12 }, (_, i) => `anfrage.${i + 1}@example.de`);
    await Promise.all(
      recipients.map(async (email, i) => {
        const res = await fetch(`${topology.url}/api/v1/public/consulting-requests`, {
          method: 'POST',
          headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            requesterName: 'Hanna Becker',
            requesterEmail: email,
            country: 'DE',
            language: 'de',
            topic: 'internationalisation',
            message: `Wir möchten nach Polen exportieren (${i + 1}).`,
            consent: true,
            consentTextVersion: '2026-01',
          }),
        });
        expect(res.status).toBe(201);
      }),
    );
    const pending = async () =>
      (await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM outbox_messages WHERE status <> 'sent'`))[0]!.n;
    await waitFor('the outbox is empty', async () => (await pending()) === 0);
    const sent = await rows<{ id: string }>(sql`SELECT id FROM outbox_messages ORDER BY id`);
    // Every requester got their confirmation, and no message arrived twice.
    expect(sent.length).toBeGreaterThanOrEqual(recipients.length);
    for (const email of recipients) expect(smtp.received.some((m) => m.to.includes(email))).toBe(true);
    const received = smtp.received.map((m) => m.messageId).sort();
    expect(received).toEqual(sent.map((m) => `<${m.id}@outbox.euregionet>`));
  });

  it('restarted one at a time (SIGTERM) under steady load lose no acknowledged write and answer no 5xx', async () => {
    const acknowledged: string[] = [];
    const statuses = new Map<number, number>();
    const count = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);
    let running = true;
    let n = 0;
    const writer = async () => {
      while (running) {
        const res = await call('/api/v1/clusters', {
          method: 'POST',
          body: { kind: 'network', name: { de: `Rollend ${++n}` }, regions: ['DE403'], partner: 'BIC' },
        });
        count(res.status);
        if (res.status === 201) acknowledged.push(((await res.json()) as { id: string }).id);
        else await res.arrayBuffer();
      }
    };
    const reader = async () => {
      while (running) {
        const res = await call('/api/v1/clusters?limit=5');
        count(res.status);
        await res.arrayBuffer();
      }
    };
    const load = [writer(), writer(), writer(), reader()];
    try {
      await waitFor('the load is served', () => acknowledged.length >= 10);
      for (const number of [1, 2, 3]) {
        const before = acknowledged.length;
        expect(await topology.stop(number, 'SIGTERM')).toBe(0);
        await topology.restart(number);
        await waitFor(`writes go on after process ${number} came back`, () => acknowledged.length >= before + 5);
      }
    } finally {
      running = false;
      await Promise.all(load);
    }
    expect(Object.fromEntries(statuses)).toEqual({ 200: expect.any(Number), 201: acknowledged.length });
    const stored = await rows<{ id: string }>(sql`SELECT id FROM clusters WHERE id = ANY(${uuidArray(acknowledged)})`);
    expect(stored.length).toBe(acknowledged.length);
  }, 150_000);
});
