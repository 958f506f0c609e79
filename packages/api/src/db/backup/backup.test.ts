import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { PGlite } from '@electric-sql/pglite';
import { buildApp } from '../../app.js';
import type { Config } from '../../config.js';
import { fromEmbeddedServer, type Database } from '../client.js';
import { startEmbeddedServer } from '../embedded.js';
import { folderStore } from '../../modules/files/file-store.js';
import {
  createServerDatabase,
  createTestApp,
  ok,
  openTestDatabase,
  TEST_DATABASE,
  testConfig,
  type Principal,
  type TestApp,
  type TestDatabase,
} from '../../test/app.js';
import { clusterBody, createTestRecords } from '../../test/records.js';
import { backupDatabase } from './backup.js';
import { openForCommand } from './cli.js';
import { BackupError } from './format.js';
import { restoreDatabase } from './restore.js';

const onServer = TEST_DATABASE === 'postgres' ? describe : describe.skip;
const onEmbedded = TEST_DATABASE === 'pglite' ? describe : describe.skip;
const journal = JSON.parse(await readFile(new URL('../../../drizzle/meta/_journal.json', import.meta.url), 'utf8')) as {
  entries: { idx: number; when: number; tag: string }[];
};

/** A new embedded database costs an initdb (seconds on a busy machine): made once, loaded from its dump. */
let emptyDump: Promise<Uint8Array> | undefined;
const emptyEmbedded = () =>
  (emptyDump ??= (async () => {
    const lite = await PGlite.create();
    const dump = new Uint8Array(await (await lite.dumpDataDir('gzip')).arrayBuffer());
    await lite.close();
    return dump;
  })());

/** A database with nothing in it: a new embedded one, or a new database on the server. */
async function openEmptyDatabase(kind: 'pglite' | 'postgres'): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const dump = (await emptyEmbedded()).slice().buffer;
    const database = fromEmbeddedServer(await startEmbeddedServer({ dump }));
    return { database, drop: () => database.close().catch(() => undefined) };
  }
  return createServerDatabase('template0');
}

const RESTORE_ENTRY = `entity = 'database' AND action = 'restore'`;

/**
 * Every table's rows as PostgreSQL prints a row (`ROW(...)::text`), sorted: a reading independent
 * of the backup's own (`to_jsonb`). The audit trail without the entries of restores, which a
 * restore adds.
 *
 * Computed columns (the search vectors) are included unless `computed` is false. A backup does not
 * carry them: the target computes them itself, and the embedded PostgreSQL's German stemmer is newer
 * than a server's of an older major version ("…oes" stems to "…os" on one and "…o" on the other), so
 * across kinds they are each database's own reading of the same stored text.
 */
async function contents(database: Database, { computed = true } = {}): Promise<Record<string, string[]>> {
  const client = await database.pool.connect();
  try {
    await client.query(`SET TimeZone = 'UTC'`);
    const { rows: tables } = await client.query<{ name: string; columns: string[] }>(
      `SELECT c.table_name AS name, array_agg(quote_ident(c.column_name) ORDER BY c.ordinal_position) AS columns
         FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND ($1 OR c.is_generated <> 'ALWAYS')
        GROUP BY c.table_name ORDER BY 1`,
      [computed],
    );
    const result: Record<string, string[]> = {};
    for (const { name, columns } of tables) {
      const where = name === 'audit_log' ? ` WHERE NOT (${RESTORE_ENTRY})` : '';
      const { rows } = await client.query<{ r: string }>(`SELECT ROW(${columns.join(', ')})::text AS r FROM public."${name}"${where}`);
      result[name] = rows.map((r) => r.r).sort();
    }
    await client.query('RESET TimeZone');
    return result;
  } finally {
    client.release();
  }
}

async function publicTables(database: Database): Promise<number> {
  const { rows } = await database.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'`,
  );
  return rows[0]!.n;
}

/** A seeded source: one record of most kinds, a file with its thumbnail, memberships, search words. */
async function seed(t: TestApp) {
  const records = createTestRecords(t, 'Backup');
  const f = await records;
  const cluster = await f.cluster({ published: true });
  const membership = await f.membership();
  const ids = {
    cluster: cluster.id,
    organisation: membership.organisationId,
    evaluation: await f.evaluation('submitted'),
    consultingRequest: await f.consultingRequest(),
    fundingCall: (await f.fundingCall()).id,
    event: (await f.eventRegistration()).eventId,
    profile: await f.profile(),
    match: await f.match(),
    file: await f.publishedFile(),
    award: await f.brandAward(),
    measure: await f.measure(),
  };
  await f.organisation({ deleted: true });
  // A German word with "oe", which PostgreSQL 15 and 18 stem differently (see `contents`): every
  // move between kinds meets a search vector that the target computes its own way.
  const stemmed = await t.app.inject({
    method: 'POST',
    url: '/api/v1/clusters',
    headers: (await t.admin()).headers,
    payload: { ...clusterBody('Backup'), name: { de: 'Backup-Netzwerk Schoene Moebel' } },
  });
  expect(stemmed.statusCode).toBe(201);
  return ids;
}

type Ids = Awaited<ReturnType<typeof seed>>;

/** What a client sees, byte for byte: status, ETag, type and body. */
async function answers(app: FastifyInstance, who: Principal, ids: Ids) {
  const urls = [
    '/api/v1/clusters',
    `/api/v1/clusters/${ids.cluster}`,
    '/api/v1/organisations?deleted=true',
    `/api/v1/organisations/${ids.organisation}`,
    '/api/v1/search?q=Backup',
    `/api/v1/evaluations/${ids.evaluation}`,
    `/api/v1/consulting-requests/${ids.consultingRequest}`,
    `/api/v1/funding-calls/${ids.fundingCall}`,
    `/api/v1/events/${ids.event}/registrations`,
    `/api/v1/profiles/${ids.profile}`,
    `/api/v1/files/${ids.file}`,
    `/api/v1/files/${ids.file}/thumbnail`,
    '/api/v1/users',
    '/api/v1/indicators',
    '/api/v1/internationalisation-measures',
    '/api/v1/exports/clusters?format=json',
    '/api/v1/audit-log?entity=cluster',
  ];
  const seen = [];
  for (const url of urls) {
    const res = await app.inject({ method: 'GET', url, headers: who.headers });
    seen.push({
      url,
      status: res.statusCode,
      etag: res.headers.etag,
      type: res.headers['content-type'],
      body: res.rawPayload.toString('base64'),
    });
  }
  return seen;
}

/** The API on a restored database, with the file store the restore wrote into. */
async function appOn(t: TestApp, database: Database, filesDir: string): Promise<FastifyInstance> {
  const config: Config = { ...t.config, files: { ...t.config.files, storage: { kind: 'folder', dir: filesDir } } };
  const app = await buildApp({ config, database, clock: t.clock });
  await app.ready();
  return app;
}

const scratch = await mkdtemp(join(tmpdir(), 'euregionet-backup-test-'));
const filesConfig = (dir: string): Partial<Config> => ({ files: { ...testConfig().files, storage: { kind: 'folder', dir } } });
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** Moves a seeded database of one kind into an empty one of another (or the same) kind. */
function moveTest(from: 'pglite' | 'postgres', to: 'pglite' | 'postgres') {
  return async () => {
    const sourceFiles = join(scratch, `${from}-${to}-source-files`);
    const targetFiles = join(scratch, `${from}-${to}-target-files`);
    const t = await createTestApp(filesConfig(sourceFiles), { testDatabase: await openTestDatabase(from) });
    const target = await openEmptyDatabase(to);
    try {
      const admin = await t.admin();
      const ids = await seed(t);
      const file = join(scratch, `${from}-${to}.jsonl.gz`);
      const { header, end } = await backupDatabase(t.database, { file, store: folderStore(sourceFiles) });
      expect(header.migration).toEqual({
        index: journal.entries.length - 1,
        tag: journal.entries.at(-1)!.tag,
        when: journal.entries.at(-1)!.when,
      });
      expect(end.files).toBe(2); // the PNG and its thumbnail
      expect(end.missingFiles).toEqual([]);

      const restored = await restoreDatabase(target.database, { file, store: folderStore(targetFiles) });
      expect(restored.end).toEqual(end);
      const computed = from === to;
      expect(await contents(target.database, { computed })).toEqual(await contents(t.database, { computed }));
      // Nothing left out: a table the comparison would miss would also be missing in the target.
      expect(Object.keys(await contents(target.database)).length).toBe(header.tables.length);

      const app = await appOn(t, target.database, targetFiles);
      try {
        expect(await answers(app, admin, ids)).toEqual(await answers(t.app, admin, ids));
      } finally {
        await app.close();
      }
    } finally {
      await target.drop();
      await t.close();
    }
  };
}

describe('backup and restore', () => {
  it(
    `round trip on the same kind of database (${TEST_DATABASE}): every row, every file, the same API answers`,
    moveTest(TEST_DATABASE, TEST_DATABASE),
    180_000,
  );

  describe('on a restored database', () => {
    let t: TestApp;
    let target: TestDatabase;
    let file: string;
    beforeAll(async () => {
      t = await createTestApp(filesConfig(join(scratch, 'audit-files')));
      await t.admin();
      await (await createTestRecords(t, 'Audit')).cluster();
      file = join(scratch, 'audit.jsonl.gz');
      await backupDatabase(t.database, { file });
      target = await openTestDatabase();
      await restoreDatabase(target.database, { file, replace: true });
    }, 120_000);
    afterAll(async () => {
      await target?.drop();
      await t?.close();
    });

    it('the audit trail stays append-only: an UPDATE or DELETE of an entry fails', async () => {
      await expect(target.database.pool.query(`UPDATE audit_log SET action = 'update'`)).rejects.toThrow('audit_log is append-only');
      await expect(target.database.pool.query(`DELETE FROM audit_log`)).rejects.toThrow('audit_log is append-only');
    });

    it('the restore itself is in the audit trail', async () => {
      const { rows } = await target.database.pool.query<{ actor_type: string; changes: { backup: { after: Record<string, string> } } }>(
        `SELECT actor_type, changes FROM audit_log WHERE ${RESTORE_ENTRY}`,
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]!.actor_type).toBe('system');
      expect(rows[0]!.changes.backup.after).toMatchObject({ file: 'audit.jsonl.gz', migration: journal.entries.at(-1)!.tag });
    });

    it('new rows continue the restored sequences', async () => {
      const before = await target.database.pool.query<{ id: string }>('SELECT max(id)::text AS id FROM audit_log');
      await target.database.pool.query(
        `INSERT INTO audit_log (actor_type, actor_label, action, entity, changes) VALUES ('system', 'system', 'create', 'test', '{}')`,
      );
      const after = await target.database.pool.query<{ id: string }>('SELECT max(id)::text AS id FROM audit_log');
      expect(BigInt(after.rows[0]!.id)).toBe(BigInt(before.rows[0]!.id) + 1n);
    });

    it('the search words of the restored directory are the original ones (no trigger added or lost any)', async () => {
      const words = async (database: Database) =>
        (await database.pool.query<{ word: string }>('SELECT word FROM search_words ORDER BY word COLLATE "C"')).rows.map((r) => r.word);
      expect(await words(target.database)).toEqual(await words(t.database));
      expect(await words(target.database)).toContain('audit');
    });
  });

  describe('refusals', () => {
    let t: TestApp;
    let file: string;
    beforeAll(async () => {
      t = await createTestApp(filesConfig(join(scratch, 'refusal-files')));
      await (await createTestRecords(t, 'Refusal')).cluster();
      file = join(scratch, 'refusals.jsonl.gz');
      await backupDatabase(t.database, { file });
    }, 60_000);
    afterAll(async () => {
      await t?.close();
    });

    const refusal = async (promise: Promise<unknown>) => {
      const err = await promise.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(BackupError);
      return err as BackupError;
    };

    it('a target that is not empty, unless told to replace it', async () => {
      const before = await contents(t.database);
      const err = await refusal(restoreDatabase(t.database, { file }));
      expect(err.code).toBe('BACKUP_TARGET_NOT_EMPTY');
      expect(err.message).toContain('--replace');
      expect(await contents(t.database)).toEqual(before);
    });

    it('a backup of a newer schema than this version knows, before touching the target', async () => {
      const [header, ...rest] = gunzipSync(await readFile(file))
        .toString('utf8')
        .split('\n');
      const future = { ...JSON.parse(header!), migration: { index: 999, tag: '0999_future', when: journal.entries.at(-1)!.when + 1 } };
      const newer = join(scratch, 'newer.jsonl.gz');
      await writeFile(newer, gzipSync([JSON.stringify(future), ...rest].join('\n')));
      const target = await openEmptyDatabase(TEST_DATABASE);
      try {
        const err = await refusal(restoreDatabase(target.database, { file: newer }));
        expect(err.code).toBe('BACKUP_SCHEMA_NEWER');
        expect(err.message).toContain('0999_future');
        expect(await publicTables(target.database)).toBe(0);
      } finally {
        await target.drop();
      }
    }, 60_000);

    it('a truncated file, a file whose last line is missing, and a file that is no backup', async () => {
      const whole = await readFile(file);
      const cut = join(scratch, 'cut.jsonl.gz');
      await writeFile(cut, whole.subarray(0, Math.floor(whole.length / 2)));
      const lines = gunzipSync(whole).toString('utf8').trimEnd().split('\n');
      const noEnd = join(scratch, 'no-end.jsonl.gz');
      await writeFile(noEnd, gzipSync(lines.slice(0, -1).join('\n') + '\n'));
      const fewerRows = join(scratch, 'fewer-rows.jsonl.gz');
      const clusterRow = lines.findIndex((l) => l.startsWith('{"type":"table","name":"clusters"')) + 1;
      await writeFile(fewerRows, gzipSync(lines.filter((_, i) => i !== clusterRow).join('\n') + '\n'));
      const other = join(scratch, 'other.gz');
      await writeFile(other, gzipSync('id,name\n1,x\n'));

      const target = await openEmptyDatabase(TEST_DATABASE);
      try {
        expect((await refusal(restoreDatabase(target.database, { file: cut }))).code).toBe('BACKUP_TRUNCATED');
        expect((await refusal(restoreDatabase(target.database, { file: noEnd }))).code).toBe('BACKUP_TRUNCATED');
        expect((await refusal(restoreDatabase(target.database, { file: fewerRows }))).code).toBe('BACKUP_TRUNCATED');
        expect((await refusal(restoreDatabase(target.database, { file: other }))).code).toBe('BACKUP_NOT_A_BACKUP');
        expect(await publicTables(target.database)).toBe(0);
      } finally {
        await target.drop();
      }
    }, 60_000);
  });

  it('a backup of an older schema is restored at that schema, then the newer migrations run on its rows', async () => {
    // A database at the second-to-last migration, made with a journal cut there.
    const older = await openEmptyDatabase(TEST_DATABASE);
    const target = await openEmptyDatabase(TEST_DATABASE);
    try {
      const { migrate, MIGRATIONS_FOLDER } = await import('../migrate.js');
      const { cp } = await import('node:fs/promises');
      const folder = join(scratch, 'older-migrations');
      await cp(MIGRATIONS_FOLDER, folder, { recursive: true });
      const cutJournal = { ...journal, entries: journal.entries.slice(0, -1) };
      await writeFile(join(folder, 'meta', '_journal.json'), JSON.stringify(cutJournal));
      await migrate(older.database, folder);
      const file = join(scratch, 'older.jsonl.gz');
      const { header } = await backupDatabase(older.database, { file });
      expect(header.migration.tag).toBe(journal.entries.at(-2)!.tag);

      const restored = await restoreDatabase(target.database, { file });
      expect(restored.migratedTo).toBe(journal.entries.at(-1)!.tag);
      const { rows } = await target.database.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations');
      expect(rows[0]!.n).toBe(journal.entries.length);
    } finally {
      await older.drop();
      await target.drop();
    }
  }, 120_000);
});

onEmbedded('the embedded database in use', () => {
  it('a command refuses a DATA_DIR that the API holds, and says what to do', async () => {
    const dataDir = join(scratch, 'held');
    const api = await startEmbeddedServer({ dataDir });
    try {
      const config = { ...testConfig(), database: { kind: 'pglite' as const, dataDir } };
      const err = await openForCommand(config, (await import('pino')).default({ level: 'silent' })).then(
        () => undefined,
        (e: unknown) => e as BackupError,
      );
      expect(err?.code).toBe('DATA_DIR_IN_USE');
      expect(err?.message).toContain('stop the API first');
      expect((await stat(join(dataDir, 'euregionet.pid'))).isFile()).toBe(true);
    } finally {
      await api.stop();
    }
  }, 60_000);
});

onServer('moving between the embedded database and a server', () => {
  // 5 to 10 s on a quiet machine; the generous limit is for a CI machine running browsers alongside.
  it('embedded → server: every row, every file, the same API answers', moveTest('pglite', 'postgres'), 300_000);
  it('server → embedded: every row, every file, the same API answers', moveTest('postgres', 'pglite'), 300_000);
});

onServer('a backup while the API serves', () => {
  it('holds every write acknowledged before it started, and the API keeps taking writes meanwhile', async () => {
    const t = await createTestApp(filesConfig(join(scratch, 'busy-files')));
    const target = await openEmptyDatabase('postgres');
    try {
      const coordinator = await t.staff('coordinator', 'BIC');
      const acknowledged: string[] = [];
      let writing = true;
      const writer = async () => {
        while (writing) {
          const created = await ok<{ id: string }>(
            await coordinator.inject({ method: 'POST', url: '/api/v1/clusters', payload: clusterBody(`Busy ${acknowledged.length}`) }),
            201,
          );
          acknowledged.push(created.id);
        }
      };
      const writers = [writer(), writer()];
      while (acknowledged.length < 20) await new Promise((r) => setTimeout(r, 10));
      const beforeBackup = [...acknowledged];
      const file = join(scratch, 'busy.jsonl.gz');
      await backupDatabase(t.database, { file });
      const duringOrBefore = acknowledged.length;
      writing = false;
      await Promise.all(writers);

      await restoreDatabase(target.database, { file });
      const { rows } = await target.database.pool.query<{ id: string }>('SELECT id FROM clusters');
      const restored = new Set(rows.map((r) => r.id));
      expect(beforeBackup.filter((id) => !restored.has(id))).toEqual([]);
      // Writes went on while the backup ran; none of those after it finished can be in it.
      expect(duringOrBefore).toBeGreaterThan(beforeBackup.length);
      expect(restored.size).toBeLessThanOrEqual(duringOrBefore);
    } finally {
      await target.drop();
      await t.close();
    }
  }, 180_000);
});

describe('scheduled backups (BACKUP_DIR)', () => {
  const scheduled = (dir: string, firstAfterMs = 0): Partial<Config> => ({
    ...filesConfig(join(scratch, 'scheduled-files')),
    backup: { dir, everyMs: 3_600_000, keep: 2, firstAfterMs },
  });

  it('writes one when the latest is older than the interval, keeps the newest two, and /health/ready tells its age', async () => {
    const dir = join(scratch, 'scheduled');
    await mkdir(dir, { recursive: true });
    // Backups of the three days before TEST_NOW (2026-06-03T08:00:00Z), and a file that is none.
    for (const day of ['31', '01', '02']) {
      await writeFile(join(dir, `euregionet-2026${day === '31' ? '05' : '06'}${day}T080000Z.jsonl.gz`), 'old');
    }
    await writeFile(join(dir, 'notes.txt'), 'kept');
    const t = await createTestApp(scheduled(dir));
    try {
      const expected = 'euregionet-20260603T080000Z.jsonl.gz';
      for (let i = 0; i < 600 && !(await readdir(dir)).includes(expected); i++) await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 200));
      expect((await readdir(dir)).sort()).toEqual(['euregionet-20260602T080000Z.jsonl.gz', expected, 'notes.txt']);
      expect(gunzipSync(await readFile(join(dir, expected))).toString('utf8')).toContain('"type":"end"');
      const ready = await ok<{ details: { latestBackupAt: string; latestBackupAgeSeconds: number } }>(
        await t.app.inject({ method: 'GET', url: '/health/ready' }),
      );
      expect(ready.details.latestBackupAt).toBe('2026-06-03T08:00:00.000Z');
      expect(ready.details.latestBackupAgeSeconds).toBe(0);
    } finally {
      await t.close();
    }
  }, 120_000);

  it('writes none while the latest is recent enough, and says how old it is, in /health/ready and the metrics', async () => {
    const dir = join(scratch, 'scheduled-recent');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'euregionet-20260603T075000Z.jsonl.gz'), 'recent');
    const metricsToken = 'scrape-token-of-the-backup-test';
    const t = await createTestApp({ ...scheduled(dir), metricsToken });
    try {
      await new Promise((r) => setTimeout(r, 1000));
      expect(await readdir(dir)).toEqual(['euregionet-20260603T075000Z.jsonl.gz']);
      const ready = await ok<{ details: { latestBackupAt: string; latestBackupAgeSeconds: number } }>(
        await t.app.inject({ method: 'GET', url: '/health/ready' }),
      );
      expect(ready.details).toEqual({ latestBackupAt: '2026-06-03T07:50:00.000Z', latestBackupAgeSeconds: 600 });
      const metrics = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${metricsToken}` } });
      expect(metrics.body).toMatch(/^euregionet_backup_latest_age_seconds 600$/m);
    } finally {
      await t.close();
    }
  }, 60_000);
});
