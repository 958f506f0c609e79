import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { createTestApp, TEST_DATABASE, type TestApp } from '../test/app.js';
import { PGLITE_TEMPLATE } from '../test/template.js';
import { fromEmbeddedServer } from './client.js';
import { startEmbeddedServer } from './embedded.js';

// The embedded database's own behaviour; on a server there is nothing of it to test.
const onEmbedded = TEST_DATABASE === 'pglite' ? describe : describe.skip;

onEmbedded('the embedded database', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('leaves the API free to answer while a long query runs', async () => {
    const finished: string[] = [];
    // PGlite runs a statement without yielding: on the API's thread, nothing else (no timer, no
    // request) would run until the statement ends.
    const slow = t.database.pool.query('SELECT pg_sleep(3)').then(() => finished.push('query'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const live = await t.app.inject({ method: 'GET', url: '/health/live' });
    finished.push('live');
    await slow;
    expect(live.statusCode).toBe(200);
    expect(finished).toEqual(['live', 'query']);
  });

  it('answers with the same errors as a server (the wire protocol carries the SQLSTATE)', async () => {
    await expect(t.database.pool.query('SELECT 1/0')).rejects.toMatchObject({ code: '22012' });
    // The one connection is usable after an error.
    expect((await t.database.pool.query('SELECT 41 + 1 AS answer')).rows).toEqual([{ answer: 42 }]);
  });

  it('rolls back what a transaction did when it fails', async () => {
    await expect(
      t.database.db.transaction(async (tx) => {
        await tx.execute(sql`CREATE TABLE rolled_back (x int)`);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    const { rows } = await t.database.pool.query(`SELECT to_regclass('rolled_back') AS t`);
    expect(rows).toEqual([{ t: null }]);
  });
});

onEmbedded('the embedded database, reached by several clients', () => {
  it('serves one connection at a time, and rolls back what a client left open', async () => {
    const server = await startEmbeddedServer({ dump: new Uint8Array(readFileSync(PGLITE_TEMPLATE)).buffer });
    const client = () => new pg.Client({ host: server.host, port: server.port, user: 'postgres', database: 'postgres' });
    try {
      const first = client();
      await first.connect();
      await first.query('CREATE TABLE notes (word text)');
      await first.query('BEGIN');
      await first.query(`INSERT INTO notes VALUES ('never committed')`);

      // PGlite is one session: a second client mixed in would run inside the first one's transaction.
      const second = client();
      const order: string[] = [];
      const seen = second
        .connect()
        .then(() => second.query<{ n: number }>('SELECT count(*)::int AS n FROM notes'))
        .finally(() => order.push('second'));
      await first.query('SELECT 1');
      order.push('first');
      await first.end();

      expect((await seen).rows).toEqual([{ n: 0 }]);
      expect(order).toEqual(['first', 'second']);
      await second.end();
    } finally {
      await server.stop();
    }
  });
});

onEmbedded('a data folder', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'euregionet-data-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('keeps what was written after a close, and is opened by one process at a time', async () => {
    // A lock left by a process that has ended is taken over.
    const ended = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    await writeFile(join(dir, 'euregionet.pid'), `${ended}\n`);
    const first = fromEmbeddedServer(await startEmbeddedServer({ dataDir: dir }));
    try {
      await first.pool.query('CREATE TABLE kept (word text); INSERT INTO kept VALUES ($$stays$$)');
      await expect(startEmbeddedServer({ dataDir: dir })).rejects.toThrow(`DATA_DIR ${dir} is in use by this process`);
    } finally {
      await first.close();
    }
    expect(await readdir(dir)).not.toContain('euregionet.pid');

    // Another process that runs holds the folder.
    await writeFile(join(dir, 'euregionet.pid'), `${process.ppid}\n`);
    await expect(startEmbeddedServer({ dataDir: dir })).rejects.toThrow(`DATA_DIR ${dir} is in use by process ${process.ppid}`);
    await rm(join(dir, 'euregionet.pid'));

    const again = fromEmbeddedServer(await startEmbeddedServer({ dataDir: dir }));
    try {
      expect((await again.pool.query('SELECT word FROM kept')).rows).toEqual([{ word: 'stays' }]);
    } finally {
      await again.close();
    }
  }, 180_000);
});
