import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Import } from '@euregionet/shared';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { request as httpRequest } from 'node:http';
import pg from 'pg';
import { buildApp } from '../../app.js';
import { fixedClock } from '../../clock.js';
import type { Config } from '../../config.js';
import { fromPool, queryRows, type Database } from '../../db/client.js';
import { createTestAppWithAdmin, json, ok, TEST_DATABASE, TEST_NOW, testConfig, type Principal, type TestApp } from '../../test/app.js';
import { serverUrl } from '../../test/template.js';
import { createImportService } from './imports.service.js';

// Several API processes on one database. The first app takes the uploads and runs no jobs (its
// worker is off); the others are further processes: on a server each has its own connections,
// on the embedded database (one connection, one process) they share the first's.
const JOBS: Config['imports'] = {
  ...testConfig().imports,
  bodyLimit: 3 * 1_048_576,
  jobThreshold: 2048,
  jobIntervalMs: 0,
  jobLeaseMs: 60_000,
};

let t: TestApp;
let admin: Principal;
const others: Database[] = [];

beforeAll(async () => {
  ({ t, admin } = await createTestAppWithAdmin({ imports: JOBS }));
});
afterAll(async () => {
  for (const database of others) await database.close();
  await t.close();
});

/** Another process's connections to the same database. */
function anotherDatabase(): Database {
  let database: Database;
  if (TEST_DATABASE === 'postgres') {
    const pool = new pg.Pool({ connectionString: serverUrl(t.testDatabase.name), max: 5 });
    // As the test database's own pool: a connection the file's final DROP DATABASE … WITH (FORCE)
    // terminates is no error of the test (an unhandled pool error failed a CI run).
    pool.on('error', () => undefined);
    database = fromPool(pool);
  } else database = { ...t.database, close: async () => undefined };
  others.push(database);
  return database;
}

/** Another API process on the same database, whose job worker looks for work every 20 ms; close it in the test. */
async function anotherProcess(): Promise<FastifyInstance> {
  const database = anotherDatabase();
  // Its own database handle, closed here in afterAll rather than by the app.
  const app = await buildApp({
    config: testConfig({ imports: { ...JOBS, jobIntervalMs: 20 } }),
    database: { ...database, close: async () => undefined },
    clock: fixedClock(TEST_NOW),
  });
  await app.ready();
  return app;
}

const HEADER = 'source,externalId,name,type,country,region,city,description.de';
const file = (source: string, rows: number, pad = 0) =>
  [
    HEADER,
    ...Array.from({ length: rows }, (_, i) => `${source},${i + 1},Firma ${source} ${i + 1} GmbH,sme,DE,DE403,Cottbus,${'x'.repeat(pad)}`),
  ]
    .join('\r\n')
    .concat('\r\n');

async function upload(source: string, rows: number, pad = 0): Promise<Import> {
  const res = await admin.inject({
    method: 'POST',
    url: '/api/v1/imports/entities/organisations?mode=atomic',
    headers: { 'content-type': 'text/csv' },
    payload: file(source, rows, pad),
  });
  const accepted = await ok<Import>(res, 202);
  expect(accepted.status).toBe('queued');
  return accepted;
}

const one = async <T>(query: ReturnType<typeof sql>) => (await queryRows<T>(t.database.db, query))[0]!;
const organisations = async (source: string) =>
  (await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM organisations WHERE source = ${source}`)).n;
const auditEntries = async (importId: string) =>
  (await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'import' AND entity_id = ${importId}`)).n;
const inputChunks = async (importId: string) =>
  (await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM import_inputs WHERE import_id = ${importId}`)).n;
const job = (importId: string) =>
  one<{ status: string; attempts: number; claimed_by: string | null; caller: unknown }>(
    sql`SELECT status, attempts, claimed_by, caller FROM imports WHERE id = ${importId}`,
  );

async function finished(id: string): Promise<Import> {
  for (let i = 0; i < 400; i++) {
    const current = json<Import>(await admin.inject({ method: 'GET', url: `/api/v1/imports/${id}` }));
    if (current.finishedAt) return current;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`import ${id} did not finish`);
}

describe('an import job', () => {
  it('taken by one process is run by another, from the body stored in the database, which is deleted at the end', async () => {
    // About 1.8 MB: stored in two chunks, which must be read back in order.
    const accepted = await upload('elsewhere', 6000, 200);
    expect(await inputChunks(accepted.id)).toBe(2);
    await new Promise((r) => setTimeout(r, 200));
    // The process that took it runs no jobs: still queued.
    expect(await job(accepted.id)).toMatchObject({ status: 'queued', attempts: 0 });
    const backlog = () => createImportService(t.database.db, JOBS).backlog();
    expect(await backlog()).toMatchObject({ count: 1 });

    const other = await anotherProcess();
    const done = await finished(accepted.id).finally(() => other.close());
    expect(done).toMatchObject({ status: 'succeeded', counts: { total: 6000, created: 6000, updated: 0, rejected: 0 } });
    expect(await organisations('elsewhere')).toBe(6000);
    expect(await auditEntries(accepted.id)).toBe(1);
    expect(await inputChunks(accepted.id)).toBe(0);
    // Claimed once, released, and the caller's details not kept beyond the job.
    expect(await job(accepted.id)).toEqual({ status: 'succeeded', attempts: 1, claimed_by: null, caller: null });
    expect(await backlog()).toEqual({ count: 0, oldestAgeSeconds: null });
  });

  it('whose process died is taken over once its lease ran out, and its rows are written once', async () => {
    const accepted = await upload('taken-over', 300);
    const worker = createImportService(anotherDatabase().db, JOBS, { clock: fixedClock(TEST_NOW) });
    // Claimed by a process that is gone, whose lease runs out two minutes from now.
    await t.database.db.execute(sql`
      UPDATE imports SET status = 'running', claimed_by = 'gone:1', attempts = 1,
             lease_until = ${TEST_NOW}::timestamptz + interval '2 minutes' WHERE id = ${accepted.id}`);
    expect(await worker.runJobs()).toBe(0);
    expect(await job(accepted.id)).toMatchObject({ status: 'running', claimed_by: 'gone:1' });

    // Three minutes later its lease has run out.
    const later = createImportService(anotherDatabase().db, JOBS, { clock: fixedClock('2026-06-03T08:03:00Z') });
    expect(await later.runJobs()).toBe(1);
    expect(await finished(accepted.id)).toMatchObject({ status: 'succeeded', counts: { total: 300, created: 300 } });
    expect(await organisations('taken-over')).toBe(300);
    expect(await auditEntries(accepted.id)).toBe(1);
    expect(await job(accepted.id)).toMatchObject({ attempts: 2, claimed_by: null });
    expect(await inputChunks(accepted.id)).toBe(0);
  });

  it('that ended every process which ran it is given up as failed, its body deleted and its key freed', async () => {
    const accepted = await upload('given-up', 50);
    await t.database.db.execute(sql`
      UPDATE imports SET status = 'running', claimed_by = 'gone:3', attempts = 3, idempotency_key = 'night',
             lease_until = ${TEST_NOW}::timestamptz - interval '1 minute' WHERE id = ${accepted.id}`);
    const worker = createImportService(anotherDatabase().db, JOBS, { clock: fixedClock(TEST_NOW) });
    expect(await worker.runJobs()).toBe(0);
    expect(await finished(accepted.id)).toMatchObject({ status: 'failed' });
    expect(await organisations('given-up')).toBe(0);
    expect(await auditEntries(accepted.id)).toBe(0);
    expect(await inputChunks(accepted.id)).toBe(0);
    expect(await one<{ key: string | null }>(sql`SELECT idempotency_key AS key FROM imports WHERE id = ${accepted.id}`)).toEqual({
      key: null,
    });
  });
});

// A stalled process (held up past its lease) still running while another takes its job over:
// only a server lets two transactions write at once.
(TEST_DATABASE === 'postgres' ? describe : describe.skip)('a job whose process stalled past its lease', () => {
  it('is written once: the stalled run rolls back when it finds the job taken over', async () => {
    const accepted = await upload('stalled', 400);
    const first = createImportService(anotherDatabase().db, JOBS, { clock: fixedClock(TEST_NOW) });
    const second = createImportService(anotherDatabase().db, JOBS, { clock: fixedClock('2026-06-03T08:05:00Z') });
    const holder = new pg.Client({ connectionString: serverUrl(t.testDatabase.name) });
    await holder.connect();
    try {
      // Holds every write to organisations back, so that the runs wait in the middle of their transactions.
      await holder.query('BEGIN; LOCK TABLE organisations IN SHARE MODE');
      const waiting = async (n: number) => {
        for (let i = 0; i < 200; i++) {
          const { rows } = await holder.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND relation = 'organisations'::regclass`,
          );
          if (rows[0]!.n >= n) return;
          await new Promise((r) => setTimeout(r, 25));
        }
        throw new Error(`not ${n} writers waiting`);
      };
      const firstRun = first.runJobs();
      await waiting(1);
      // Five minutes later on the second process's clock, the first one's lease has run out.
      const secondRun = second.runJobs();
      await waiting(2);
      await holder.query('COMMIT');
      expect(await Promise.all([firstRun, secondRun])).toEqual([1, 1]);
    } finally {
      await holder.end();
    }
    expect(await finished(accepted.id)).toMatchObject({ status: 'succeeded', counts: { total: 400, created: 400, unchanged: 0 } });
    expect(await organisations('stalled')).toBe(400);
    expect(await auditEntries(accepted.id)).toBe(1);
    expect(await job(accepted.id)).toMatchObject({ attempts: 2, claimed_by: null });
  });
});

describe('a job that ends without writing', () => {
  it('(its upload above the limit) keeps none of the part already stored', async () => {
    const body = Buffer.from(file('too-large', 14_000, 200));
    const pieces = Array.from({ length: Math.ceil(body.length / 65_536) }, (_, i) => body.subarray(i * 65_536, (i + 1) * 65_536));
    // Sent as a client sends it, in pieces over a connection: the first mebibytes are stored before the limit is reached.
    const address = new URL(await t.app.listen({ port: 0, host: '127.0.0.1' }));
    const res = await new Promise<{ statusCode: number }>((resolve, reject) => {
      const request = httpRequest(
        {
          host: address.hostname,
          port: address.port,
          method: 'POST',
          path: '/api/v1/imports/entities/organisations',
          agent: false,
          headers: { ...admin.headers, 'content-type': 'text/csv', 'content-length': String(body.length) },
        },
        (response) => {
          resolve({ statusCode: response.statusCode ?? 0 });
          // The rest of the body is not wanted: end the connection, so that the app can close.
          request.destroy();
        },
      );
      request.on('error', (err) => (request.destroyed ? undefined : reject(err)));
      void (async () => {
        for (const piece of pieces) if (!request.write(piece)) await new Promise((r) => request.once('drain', r));
        request.end();
      })().catch(() => undefined);
    });
    expect(res.statusCode).toBe(413);
    const [last] = await queryRows<{ id: string; status: string }>(
      t.database.db,
      sql`SELECT id, status FROM imports ORDER BY created_at DESC LIMIT 1`,
    );
    expect(last!.status).toBe('failed');
    expect(await inputChunks(last!.id)).toBe(0);
  });

  it('(a rejected file) records its result and deletes its body', async () => {
    const body = file('rejected', 60).replace('rejected,7,Firma rejected 7 GmbH,sme,DE', 'rejected,7,Firma rejected 7 GmbH,sme,XX');
    const res = await admin.inject({
      method: 'POST',
      url: '/api/v1/imports/entities/organisations?mode=atomic',
      headers: { 'content-type': 'text/csv' },
      payload: body,
    });
    const accepted = await ok<Import>(res, 202);
    const worker = createImportService(anotherDatabase().db, JOBS, { clock: fixedClock(TEST_NOW) });
    expect(await worker.runJobs()).toBe(1);
    const done = await finished(accepted.id);
    expect(done).toMatchObject({ status: 'rejected', counts: { total: 60, rejected: 1 } });
    expect(done.errors).toEqual([expect.objectContaining({ row: 7, field: 'country' })]);
    expect(await organisations('rejected')).toBe(0);
    expect(await inputChunks(accepted.id)).toBe(0);
  });
});

describe('import jobs with two processes looking for work', () => {
  it('are each run by one of them, once', async () => {
    const accepted: Import[] = [];
    for (let n = 1; n <= 6; n++) accepted.push(await upload(`pair-${n}`, 80));
    const pair = await Promise.all([anotherProcess(), anotherProcess()]);
    try {
      for (const a of accepted) await finished(a.id);
    } finally {
      await Promise.all(pair.map((app) => app.close()));
    }
    for (const [i, a] of accepted.entries()) {
      expect(await finished(a.id)).toMatchObject({ status: 'succeeded', counts: { total: 80, created: 80 } });
      expect(await organisations(`pair-${i + 1}`)).toBe(80);
      expect(await auditEntries(a.id)).toBe(1);
      expect(await job(a.id)).toMatchObject({ attempts: 1, claimed_by: null });
    }
  });

  it('claimed at the same moment by four workers are each run once', async () => {
    const accepted: Import[] = [];
    for (let n = 1; n <= 8; n++) accepted.push(await upload(`race-${n}`, 40));
    const workers = Array.from({ length: 4 }, () => createImportService(anotherDatabase().db, JOBS, { clock: fixedClock(TEST_NOW) }));
    const ran = await Promise.all(workers.map((w) => w.runJobs()));
    expect(ran.reduce((a, b) => a + b, 0)).toBe(8);
    for (const [i, a] of accepted.entries()) {
      expect(await finished(a.id)).toMatchObject({ status: 'succeeded', counts: { total: 40, created: 40 } });
      expect(await organisations(`race-${i + 1}`)).toBe(40);
      expect(await auditEntries(a.id)).toBe(1);
      expect(await job(a.id)).toMatchObject({ attempts: 1, claimed_by: null });
    }
  });
});
