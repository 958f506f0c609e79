import { and, eq, inArray, isNull, lt, notInArray, sql, type SQL } from 'drizzle-orm';
import { IMPORT_ERRORS_REPORTED, IMPORT_LIMITS, type Import, type ImportListQuery, type ImportSummary } from '@euregionet/shared';
import type { Db } from '../../db/client.js';
import { keysetPage, newestFirst } from '../../db/cursor.js';
import { importsTable } from './imports.table.js';

type Row = typeof importsTable.$inferSelect;
export type ImportInsert = typeof importsTable.$inferInsert;

export function toSummary(row: Row): ImportSummary {
  return {
    id: row.id,
    entity: row.entity,
    mode: row.mode,
    dryRun: row.dryRun,
    format: row.format,
    status: row.status,
    counts: { total: row.total, created: row.created, updated: row.updated, unchanged: row.unchanged, rejected: row.rejected },
    errorCount: row.errorCount,
    actor: { type: row.actorType, label: row.actorLabel },
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/** The import as answered: cut to the documented bounds, since a file's headers and cells may quote text of any length. */
export const toImport = (row: Row): Import => ({
  ...toSummary(row),
  errors: row.errors.slice(0, IMPORT_ERRORS_REPORTED).map((e) => ({
    ...e,
    field: e.field === null ? null : e.field.slice(0, IMPORT_LIMITS.field),
    message: e.message.slice(0, IMPORT_LIMITS.message),
  })),
  ignoredColumns: row.ignoredColumns.slice(0, IMPORT_LIMITS.ignoredColumns).map((c) => c.slice(0, IMPORT_LIMITS.columnName)),
});

/** Imports newest first: (createdAt, id). */

export function createImportRepo(db: Db) {
  return {
    async insert(values: ImportInsert): Promise<Row> {
      const [row] = await db.insert(importsTable).values(values).returning();
      return row!;
    },

    async update(id: string, values: Partial<ImportInsert>): Promise<Row> {
      const [row] = await db.update(importsTable).set(values).where(eq(importsTable.id, id)).returning();
      return row!;
    },

    /** The process running these imports is alive. */
    async beat(ids: string[]): Promise<void> {
      await db.update(importsTable).set({ heartbeatAt: new Date() }).where(inArray(importsTable.id, ids));
    },

    /**
     * Unfinished imports whose process stopped beating (a restart, a crash) end as failed and
     * free their idempotency key, so that the client's retry runs again.
     */
    async failInterrupted(staleSeconds: number, runningHere: string[]): Promise<number> {
      const t = importsTable;
      const rows = await db
        .update(t)
        .set({ status: 'failed', idempotencyKey: null, finishedAt: new Date() })
        .where(
          and(
            isNull(t.finishedAt),
            lt(t.heartbeatAt, sql`now() - make_interval(secs => ${staleSeconds})`),
            runningHere.length ? notInArray(t.id, runningHere) : undefined,
          ),
        )
        .returning({ id: t.id });
      return rows.length;
    },

    /** Imports queued or running (in any process), and how long ago the oldest was taken, in seconds. */
    async backlog(): Promise<{ count: number; oldestAgeSeconds: number | null }> {
      const [row] = await db
        .select({
          count: sql<number>`count(*)::int`,
          oldestAgeSeconds: sql<number | null>`extract(epoch from now() - min(${importsTable.createdAt}))::float8`,
        })
        .from(importsTable)
        .where(inArray(importsTable.status, ['queued', 'running']));
      return row!;
    },

    async get(id: string, callerKey?: string): Promise<Row | undefined> {
      const [row] = await db
        .select()
        .from(importsTable)
        .where(and(eq(importsTable.id, id), callerKey ? eq(importsTable.callerKey, callerKey) : undefined));
      return row;
    },

    async byIdempotencyKey(callerKey: string, key: string): Promise<Row | undefined> {
      const [row] = await db
        .select()
        .from(importsTable)
        .where(and(eq(importsTable.callerKey, callerKey), eq(importsTable.idempotencyKey, key)));
      return row;
    },

    /** Newest first; keyset pagination on (createdAt, id). */
    async list(query: ImportListQuery, callerKey?: string): Promise<{ items: ImportSummary[]; nextCursor: string | null }> {
      const t = importsTable;
      const where: SQL[] = [];
      if (callerKey) where.push(eq(t.callerKey, callerKey));
      if (query.entity) where.push(eq(t.entity, query.entity));
      if (query.status) where.push(eq(t.status, query.status));
      const order = newestFirst(t.createdAt, t.id, query.cursor);
      if (order.after) where.push(order.after);
      return keysetPage(
        query.limit,
        (rowLimit) =>
          db
            .select({ row: t, at: order.micros })
            .from(t)
            .where(and(...where))
            .orderBy(...order.orderBy)
            .limit(rowLimit),
        (last) => order.cursorOf(last.at, last.row.id),
        (r) => toSummary(r.row),
      );
    },
  };
}
