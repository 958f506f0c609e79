import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable, PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Db } from './client.js';

/** A table whose rows carry an id, a version (their ETag) and the time of their last change. */
export type VersionedTable = PgTable & { id: PgColumn; version: PgColumn; updatedAt: PgColumn };

/**
 * Changes a row, counting the change as a new version, only if it is still at the version the
 * client read (`null`: at whatever version, for changes the client did not base on a read) and
 * meets `condition` (e.g. not deleted). The check and the write are one statement, so two
 * concurrent changes from the same version cannot both succeed. Answers whether a row changed.
 */
export async function updateVersioned<T extends VersionedTable>(
  db: Db,
  table: T,
  id: string,
  expectedVersion: number | null,
  values: PgUpdateSetSource<T>,
  condition?: SQL,
): Promise<boolean> {
  const rows = await db
    .update(table)
    .set({ ...values, version: sql`${table.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(table.id, id), expectedVersion === null ? undefined : eq(table.version, expectedVersion), condition))
    .returning({ id: table.id });
  return rows.length > 0;
}
