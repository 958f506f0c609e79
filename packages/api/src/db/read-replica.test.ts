import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type { ClusterPage, PublicClusterPage } from '@euregionet/shared';
import { loadConfig } from '../config.js';
import { createTestApp, ok, openTestDatabase, TEST_DATABASE, TEST_TODAY, type Principal, type TestApp } from '../test/app.js';
import { clusterBody, createTestRecords } from '../test/records.js';
import { serverUrl } from '../test/template.js';
import { createPublicDocuments } from '../modules/public/public-documents.js';
import { fromPool } from './client.js';

describe('DATABASE_READ_URL', () => {
  it('is read only beside DATABASE_URL: the embedded database has no replicas', () => {
    const primary = 'postgres://eurn@db.example:5432/euregionet';
    const replica = 'postgres://eurn@replica.example:5432/euregionet';
    expect(loadConfig({ DATABASE_URL: primary, DATABASE_READ_URL: replica }).database).toEqual({
      kind: 'postgres',
      url: primary,
      poolSize: 10,
      readUrl: replica,
    });
    expect(loadConfig({ DATABASE_URL: primary }).database).toEqual({ kind: 'postgres', url: primary, poolSize: 10 });
    expect(() => loadConfig({ DATABASE_READ_URL: replica })).toThrow(/DATABASE_READ_URL: a read replica needs a primary server/);
  });

  it('unset, the portals read where everything else does', () => {
    const pool = new pg.Pool({ connectionString: 'postgres://nobody@127.0.0.1:1/none' });
    const database = fromPool(pool);
    expect(database.readDb).toBe(database.db);
    expect(database.readPool).toBeUndefined();
    void pool.end();
  });
});

/**
 * The replica is stood in for by a second database with content of its own, so that every answer
 * says where it was read: what only the "replica" holds can only have come from there.
 */
const onServer = TEST_DATABASE === 'postgres' ? describe : describe.skip;

const METRICS_TOKEN = 'replica-metrics-token-0123456789';

onServer('with a read replica', () => {
  let replica: TestApp;
  let t: TestApp;
  let admin: Principal;
  let portal: Principal;
  let onReplica: { id: string; slug: string };
  let onPrimary: { id: string; slug: string };
  let primaryPool: pg.Pool;

  beforeAll(async () => {
    // The "replica": its own published cluster, its read model built as the primary's would be.
    replica = await createTestApp();
    onReplica = await (await createTestRecords(replica, 'Replikat')).cluster({ published: true });
    await createPublicDocuments(replica.database.db, () => TEST_TODAY).build();

    const primary = await openTestDatabase('postgres');
    primaryPool = primary.database.pool;
    const readPool = new pg.Pool({ connectionString: serverUrl(replica.testDatabase.name), max: 3 });
    const database = fromPool(primaryPool, readPool);
    t = await createTestApp(
      { metricsToken: METRICS_TOKEN },
      { testDatabase: { database, drop: () => primary.drop().finally(() => readPool.end().catch(() => undefined)) } },
    );
    onPrimary = await (await createTestRecords(t, 'Primaer')).cluster({ published: true });
    admin = await t.admin();
    portal = await t.apiKey(['public:read']);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await replica?.close();
  });

  const publicList = async (query = '') =>
    (await ok<PublicClusterPage>(await portal.inject({ method: 'GET', url: `/api/v1/public/clusters?limit=100${query}` }))).items.map(
      (c) => c.slug,
    );

  it('the portals’ list, search and detail come from the replica', async () => {
    expect(await publicList()).toEqual([onReplica.slug]);
    expect(await publicList('&q=Replikat')).toEqual([onReplica.slug]);
    expect(await publicList('&q=Primaer')).toEqual([]);
    const detail = await portal.inject({ method: 'GET', url: `/api/v1/public/clusters/${onReplica.slug}` });
    expect(detail.statusCode).toBe(200);
    expect((await portal.inject({ method: 'GET', url: `/api/v1/public/clusters/${onPrimary.slug}` })).statusCode).toBe(404);
    const facets = await ok<{ total: number }>(await portal.inject({ method: 'GET', url: '/api/v1/public/clusters/facets' }));
    expect(facets.total).toBe(1);
  });

  it('staff read the primary, and writes go there, not to the replica', async () => {
    const staffList = await ok<ClusterPage>(await admin.inject({ method: 'GET', url: '/api/v1/clusters?limit=100' }));
    expect(staffList.items.map((c) => c.slug)).toEqual([onPrimary.slug]);

    const created = await ok<{ id: string; slug: string }>(
      await admin.inject({ method: 'POST', url: '/api/v1/clusters', payload: { ...clusterBody('Neu'), published: true } }),
      201,
    );
    const count = async (pool: pg.Pool) =>
      (await pool.query('SELECT count(*)::int AS n FROM clusters WHERE id = $1', [created.id])).rows[0].n;
    expect(await count(primaryPool)).toBe(1);
    expect(await count(replica.database.pool)).toBe(0);
    // Read back by staff at once; the portals see it once the replica has it.
    expect((await admin.inject({ method: 'GET', url: `/api/v1/clusters/${created.id}` })).statusCode).toBe(200);
    expect(await publicList()).toEqual([onReplica.slug]);
  });

  it('its pool is in the metrics; its lag is absent while it is not a standby', async () => {
    await publicList();
    const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/^euregionet_db_read_pool_connections\{state="idle"\} [1-3]$/m);
    expect(res.body).toMatch(/^euregionet_db_read_pool_waiting 0$/m);
    // A database that is not in recovery has no replay position: no figure rather than a false 0.
    expect(res.body).toMatch(/^# HELP euregionet_db_replica_lag_seconds /m);
    expect(res.body).not.toMatch(/^euregionet_db_replica_lag_seconds\{/m);
  });
});
