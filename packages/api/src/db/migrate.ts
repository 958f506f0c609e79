import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { Database } from './client.js';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url));

/** Identifies our migration lock among the server's advisory locks. */
const MIGRATION_LOCK = 47_112_017;

/**
 * Applies the committed SQL migrations. On a server several API processes may start at once:
 * a session advisory lock lets one migrate while the others wait, then find nothing to do. The
 * embedded database goes the same way (its one connection makes the lock a formality). A restore
 * passes a folder whose journal ends at the backup's migration (see backup/restore.ts).
 */
export async function migrate(database: Database, migrationsFolder = MIGRATIONS_FOLDER): Promise<void> {
  const client = await database.pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migratePg(drizzle({ client }), { migrationsFolder });
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}
