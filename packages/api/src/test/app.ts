import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../app.js';
import { loadConfig, type Config } from '../config.js';
import { fromPglite, fromPool, PGLITE_EXTENSIONS, type Database } from '../db/client.js';
import { PGLITE_TEMPLATE, SERVER_TEMPLATE_DB, serverUrl, TEST_DB_PREFIX } from './template.js';

declare const __TEST_DATABASE__: 'pglite' | 'postgres';

/** Which database this test project runs on. */
export const TEST_DATABASE = __TEST_DATABASE__;

export interface TestDatabase {
  database: Database;
  /** The server database's name, when on a server. */
  name?: string;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: the embedded one loaded from the dump that the
 * global setup made, or a copy of the template database on the server.
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  if (TEST_DATABASE === 'pglite') {
    const loadDataDir = new Blob([readFileSync(PGLITE_TEMPLATE)]);
    const client = await PGlite.create({ loadDataDir, extensions: PGLITE_EXTENSIONS });
    const database = fromPglite(client);
    return { database, drop: () => database.close().catch(() => undefined) };
  }
  const name = `${TEST_DB_PREFIX}${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: serverUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${SERVER_TEMPLATE_DB}`);
  await admin.end();
  const pool = new pg.Pool({ connectionString: serverUrl(name), max: 5, connectionTimeoutMillis: 2000, statement_timeout: 5000 });
  pool.on('error', () => undefined);
  const database = fromPool(pool);
  return {
    database,
    name,
    async drop() {
      await database.close().catch(() => undefined);
      const cleanup = new pg.Client({ connectionString: serverUrl() });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO_DATA: 'false', ADMIN_DIST: '/nonexistent' }),
    ...overrides,
  };
}

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  testDatabase: TestDatabase;
  close(): Promise<void>;
}

/** The real app on a fresh database; call `close()` in afterAll. */
export async function createTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const testDatabase = await openTestDatabase();
  const app = await buildApp({ config: testConfig(overrides), database: testDatabase.database });
  await app.ready();
  return {
    app,
    database: testDatabase.database,
    testDatabase,
    async close() {
      await app.close();
      await testDatabase.drop();
    },
  };
}

/** The JSON body of an injected response, typed by the caller. */
export function json<T = Record<string, unknown>>(response: { body: string }): T {
  return JSON.parse(response.body) as T;
}
