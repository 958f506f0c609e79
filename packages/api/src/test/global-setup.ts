import { writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
// jest loads the global setup without moduleNameMapper: name the TypeScript file itself.
import { dropTestDatabases, ensureCacheDir, MIGRATIONS, PGLITE_TEMPLATE, SERVER_TEMPLATE_DB, serverUrl } from './template.ts';

/**
 * Migrates once per run: an embedded database dumped to a file that each test file loads, and,
 * with TEST_DATABASE_URL, a template database on the server that each test file copies.
 */
export default async function globalSetup() {
  ensureCacheDir();
  const lite = await PGlite.create({ extensions: { pg_trgm, unaccent } });
  await migratePglite(drizzlePglite({ client: lite }), { migrationsFolder: MIGRATIONS });
  const dump = await lite.dumpDataDir('gzip');
  writeFileSync(PGLITE_TEMPLATE, Buffer.from(await dump.arrayBuffer()));
  await lite.close();

  if (!process.env.TEST_DATABASE_URL) return;
  const admin = new pg.Client({ connectionString: serverUrl() });
  await admin.connect();
  try {
    // Leftovers of an interrupted run.
    await dropTestDatabases(admin);
    await admin.query(`CREATE DATABASE ${SERVER_TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  const pool = new pg.Pool({ connectionString: serverUrl(SERVER_TEMPLATE_DB), max: 1 });
  try {
    await migratePg(drizzlePg({ client: pool }), { migrationsFolder: MIGRATIONS });
  } finally {
    await pool.end();
  }
}
