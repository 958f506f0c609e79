import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';
import { cursorCodec, key, microsOf } from '../../db/cursor.js';
import type { ChangeEvent, ChangeResource } from './sync.table.js';

/** A place in the change log: after the row (tx, seq). */
export interface LogPosition {
  tx: string;
  seq: number;
}

export interface ChangeRow extends LogPosition {
  resource: ChangeResource;
  slug: string;
  event: ChangeEvent;
  changedAt: string;
}

/**
 * Reads the change log in the order in which it can be read without gaps: by writing transaction,
 * then row. A transaction still running may hold rows numbered below rows already committed; a
 * reader that went by the row number alone would step over them for good. So only rows of
 * transactions older than the oldest one still running are returned: those can gain no more.
 */
export async function readChanges(db: Db, after: LogPosition | null, since: string | null, limit: number): Promise<ChangeRow[]> {
  const where: SQL[] = [sql`tx < pg_snapshot_xmin(pg_current_snapshot())`];
  if (after) where.push(sql`(tx, seq) > (${after.tx}::xid8, ${after.seq}::bigint)`);
  else if (since) where.push(sql`changed_at >= ${since}::timestamptz`);
  return queryRows<ChangeRow>(
    db,
    sql`SELECT tx::text AS tx, seq::float8 AS seq, resource, slug, event,
          to_char(changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "changedAt"
        FROM public_changes WHERE ${sql.join(where, sql` AND `)}
        ORDER BY tx, seq LIMIT ${limit}`,
  );
}

/** Drops the rows older than the horizon; answers how many. */
export async function purgeChanges(db: Db, horizon: Date): Promise<number> {
  const rows = await queryRows<{ seq: number }>(
    db,
    sql`DELETE FROM public_changes WHERE changed_at < ${horizon.toISOString()}::timestamptz RETURNING seq`,
  );
  return rows.length;
}

/** The update time of a public document as portals see it (its own, or a later change of what it shows). */
export const publicUpdatedAt = (resource: ChangeResource, slug: SQL | string, updatedAt: SQL | string): SQL =>
  sql`eur_public_updated_at(${resource}, ${typeof slug === 'string' ? sql.raw(slug) : slug}, ${typeof updatedAt === 'string' ? sql.raw(updatedAt) : updatedAt})`;

/** By the public update time (microseconds), then slug: no internal id in the cursor. */
const updatedCursor = cursorCodec(key.micros, key.text);

/**
 * The order of a public list read with `updatedSince` (clusters, funding calls, publications,
 * events): the documents whose public update time is at or after `since`, oldest change first,
 * then by slug, keyset-paged. One home for all the lists, so that a portal's mirror pages each
 * of them the same way. Select `sortValue` beside the row; `cursorOf` makes the next cursor of
 * the last row shown.
 */
export function byPublicUpdate(resource: ChangeResource, slug: SQL, updatedAt: SQL, since: string, cursor: string | undefined) {
  const at = publicUpdatedAt(resource, slug, updatedAt);
  const sortValue = microsOf(at);
  const where = [sql`${at} >= ${since}::timestamptz`];
  if (cursor) {
    const [micros, lastSlug] = updatedCursor.decode(cursor);
    where.push(sql`(${sortValue}, ${slug}) > (${micros}::bigint, ${lastSlug})`);
  }
  return {
    where: sql.join(where, sql` AND `),
    sortValue,
    orderBy: sql`${sortValue}, ${slug}`,
    // Raw queries give the bigint as text; the query builder maps it to a number.
    cursorOf: (last: { sortValue: number | string; slug: string }) => updatedCursor.encode([Number(last.sortValue), last.slug]),
  };
}
