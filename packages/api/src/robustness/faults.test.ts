import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { TEST_DATABASE } from '../test/app.js';
import { sleep, waitFor } from '../test/wait.js';
import { startPrivatePostgres, type PrivatePostgres } from './private-postgres.js';
import { signedInFetch, startApiProcess, type ApiProcess } from './process.js';

/**
 * Faults, against the built API process and a PostgreSQL server of the test's own: connections
 * killed and the server restarted under load, and SIGTERM under load. Runs with the server
 * suite (TEST_DATABASE_URL), since it needs PostgreSQL's binaries.
 */
const onServer = TEST_DATABASE === 'postgres' ? describe : describe.skip;

const ADMIN = { email: 'faults@example.eu', password: 'Stromausfall an der Oder' };

let database: PrivatePostgres;
beforeAll(async () => {
  if (TEST_DATABASE === 'postgres') database = await startPrivatePostgres();
});
afterAll(async () => {
  await database?.destroy();
});

async function start(): Promise<ApiProcess> {
  return startApiProcess({
    DATABASE_URL: database.url,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    DATABASE_POOL_SIZE: '5',
    // The load here is the point; a client this busy would otherwise be throttled.
    RATE_LIMIT_PER_MINUTE: '100000',
  });
}

onServer('when PostgreSQL fails under load', () => {
  it('the API stays up, answers 503 fast while it is away, recovers by itself, and loses no acknowledged write', async () => {
    const api = await start();
    try {
      const call = await signedInFetch(api.url, ADMIN.email, ADMIN.password);
      const acknowledged: string[] = [];
      const statuses = new Map<number, number>();
      let slowest503 = 0;
      let running = true;
      let n = 0;

      const worker = async () => {
        while (running) {
          const started = Date.now();
          const res = await call('/api/v1/clusters', {
            method: 'POST',
            body: { kind: 'network', name: { de: `Last ${++n}` }, regions: ['DE403'], partner: 'BIC' },
          }).catch(() => undefined);
          // A refused connection fails at once: yield to the timers, or this loop starves them.
          if (!res) {
            await sleep(20);
            continue;
          }
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status === 201) acknowledged.push(((await res.json()) as { id: string }).id);
          else if (res.status === 503) {
            slowest503 = Math.max(slowest503, Date.now() - started);
            expect(res.headers.get('content-type')).toContain('application/problem+json');
            await res.arrayBuffer();
          } else await res.arrayBuffer();
        }
      };
      const workers = Array.from({ length: 6 }, worker);

      await waitFor('the load is served', () => acknowledged.length >= 5);
      // Every connection of the API is killed, as by an administrator or a failover.
      const killer = new pg.Client({ connectionString: database.url });
      await killer.connect();
      await killer.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'euregionet-api'`);
      await killer.end();
      const afterKill = acknowledged.length;
      await waitFor('writes succeed again after the kill', () => acknowledged.length >= afterKill + 5);

      // The server goes down for a while, then comes back.
      await database.stop();
      const refusedBefore = statuses.get(503) ?? 0;
      await waitFor('the API answers 503 while the database is away', () => (statuses.get(503) ?? 0) >= refusedBefore + 5);
      const whileDown = await fetch(`${api.url}/health/ready`);
      expect(whileDown.status).toBe(503);
      expect((await fetch(`${api.url}/health/live`)).status).toBe(200);
      await database.start();

      // The API serves again without being restarted.
      await waitFor('the API is ready again', async () => (await fetch(`${api.url}/health/ready`)).status === 200, { timeoutMs: 10_000 });
      const afterRestart = acknowledged.length;
      await waitFor('writes succeed again after the restart', () => acknowledged.length >= afterRestart + 5);
      running = false;
      await Promise.all(workers);

      expect(api.child.exitCode).toBeNull();
      const unexpected = [...statuses.keys()].filter((s) => s !== 201 && s !== 503);
      expect({ unexpected, statuses: Object.fromEntries(statuses) }).toEqual({ unexpected: [], statuses: expect.anything() });
      expect(statuses.get(503)).toBeGreaterThan(0);
      // 503s are quick: a client is not left hanging while the database is away.
      expect(slowest503).toBeLessThan(4000);

      // Every write the API acknowledged is in the database (asked directly: reading them back
      // through the API would only measure its rate limit).
      expect(acknowledged.length).toBeGreaterThan(10);
      const reader = new pg.Client({ connectionString: database.url });
      await reader.connect();
      const { rows } = await reader.query<{ id: string }>('SELECT id FROM clusters WHERE id = ANY($1::uuid[])', [acknowledged]);
      await reader.end();
      const stored = new Set(rows.map((r) => r.id));
      expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    } catch (err) {
      throw new Error(`${String(err)}\n--- API log ---\n${api.log.slice(-30).join('\n')}`, { cause: err });
    } finally {
      api.child.kill('SIGKILL');
    }
  });
});

onServer('SIGTERM under load', () => {
  it('lets requests in flight finish, refuses new ones, and exits 0', async () => {
    const api = await start();
    // Hold the cluster table, so that the next requests are certainly in flight in the API.
    const blocker = new pg.Client({ connectionString: database.url });
    // Should the test fail while the lock is held, the server's teardown ends this connection:
    // an error event without a listener would take the whole test worker down with it.
    blocker.on('error', () => undefined);
    try {
      const call = await signedInFetch(api.url, ADMIN.email, ADMIN.password);
      await blocker.connect();
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE clusters IN ACCESS EXCLUSIVE MODE');
      const inFlight = Array.from({ length: 8 }, () => call('/api/v1/clusters?limit=5'));
      // The API logs each request it takes in: all eight are inside before the signal.
      // (The log names the path only: its query string is never logged.)
      const taken = () => api.log.filter((l) => l.includes('incoming request') && l.includes('/api/v1/clusters?')).length;
      await waitFor('the API has taken in all eight requests', () => taken() === 8);

      api.child.kill('SIGTERM');
      let late: number | string = 200;
      await waitFor('the API refuses new requests', async () => {
        late = await fetch(`${api.url}/health/live`).then(
          (r) => r.status,
          () => 'refused',
        );
        return late !== 200;
      });
      expect(['refused', 503]).toContain(late);

      await blocker.query('COMMIT');
      const answers = await Promise.all(inFlight.map((p) => p.then((r) => r.status)));
      expect(answers).toEqual(Array(8).fill(200));
      expect(await api.exited).toBe(0);
    } finally {
      await blocker.end().catch(() => undefined);
      if (api.child.exitCode === null) api.child.kill('SIGKILL');
    }
  });
});
