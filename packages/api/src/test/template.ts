import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

// Shared by the global setup (which may import packages only, not project files through
// moduleNameMapper) and the per-file helpers: plain constants, no imports of project code.
const here = dirname(fileURLToPath(import.meta.url));
export const MIGRATIONS = join(here, '..', '..', 'drizzle');
export const CACHE_DIR = join(here, '..', '..', 'node_modules', '.cache', 'euregionet-test');
export const PGLITE_TEMPLATE = join(CACHE_DIR, 'pglite-template.tar.gz');
// Databases on the shared server are named after this checkout, so that test runs of two
// checkouts on one machine never drop each other's databases.
const checkout = createHash('sha256').update(here).digest('hex').slice(0, 8);
export const TEST_DB_PREFIX = `eurn_t${checkout}_`;
/** The migrated database that every test file's database on the server is copied from. */
export const SERVER_TEMPLATE_DB = `${TEST_DB_PREFIX}template`;

export function ensureCacheDir() {
  mkdirSync(CACHE_DIR, { recursive: true });
}

export function serverUrl(database?: string): string {
  const url = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
  if (database) url.pathname = `/${database}`;
  return url.toString();
}

/** Drops every database of this checkout's test runs on the server (those of a run, or leftovers of an interrupted one). */
export async function dropTestDatabases(admin: pg.Client) {
  const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE '${TEST_DB_PREFIX}%'`);
  for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
}
