import { and, eq, inArray, isNotNull, isNull, lt, notInArray, sql, type SQL } from 'drizzle-orm';
import { IMPORT_ERRORS_REPORTED, IMPORT_LIMITS, type Import, type ImportListQuery, type ImportSummary } from '@euregionet/shared';
import { queryRows, type Db } from '../../db/client.js';
import { keysetPage, newestFirst } from '../../db/cursor.js';
import { importInputsTable, importsTable } from './imports.table.js';

export type Row = typeof importsTable.$inferSelect;
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
  /** Bodies of jobs that ended: normally deleted with the end, this catches any left behind. */
  const deleteFinishedInputs = async () => {
    await db
      .delete(importInputsTable)
      .where(
        inArray(
          importInputsTable.importId,
          db.select({ id: importsTable.id }).from(importsTable).where(isNotNull(importsTable.finishedAt)),
        ),
      );
  };

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
            // A stored job is not lost with its process: another one claims it (see `claim`).
            isNull(t.queuedAt),
            lt(t.heartbeatAt, sql`now() - make_interval(secs => ${staleSeconds})`),
            runningHere.length ? notInArray(t.id, runningHere) : undefined,
          ),
        )
        .returning({ id: t.id });
      // With the body of a job whose upload was cut off, and any other left behind.
      await deleteFinishedInputs();
      return rows.length;
    },

    /** One chunk of a job's body, stored in order from 0. */
    async appendInput(importId: string, seq: number, data: Uint8Array): Promise<void> {
      await db.insert(importInputsTable).values({ importId, seq, data });
    },

    /** The chunk `seq` of a job's body, or undefined after the last. */
    async readInput(importId: string, seq: number): Promise<Uint8Array | undefined> {
      const [row] = await db
        .select({ data: importInputsTable.data })
        .from(importInputsTable)
        .where(and(eq(importInputsTable.importId, importId), eq(importInputsTable.seq, seq)));
      return row?.data;
    },

    async deleteInput(importId: string): Promise<void> {
      await db.delete(importInputsTable).where(eq(importInputsTable.importId, importId));
    },

    /**
     * Takes the oldest job that no live process holds: never claimed, or its lease ran out (the
     * process holding it died or stalled), and not given up. `FOR UPDATE SKIP LOCKED`, as the
     * outbox takes its messages: two processes claiming at once take different jobs.
     */
    async claim(worker: string, now: Date, leaseUntil: Date, maxAttempts: number): Promise<Row | undefined> {
      const at = now.toISOString();
      const [claimed] = await queryRows<{ id: string }>(
        db,
        sql`UPDATE imports SET claimed_by = ${worker}, lease_until = ${leaseUntil.toISOString()}::timestamptz,
              status = 'running', attempts = attempts + 1
            WHERE id = (
              SELECT id FROM imports
              WHERE finished_at IS NULL AND queued_at IS NOT NULL AND attempts < ${maxAttempts}
                AND (lease_until IS NULL OR lease_until < ${at}::timestamptz)
              ORDER BY queued_at
              LIMIT 1
              FOR UPDATE SKIP LOCKED)
            RETURNING id`,
      );
      if (!claimed) return undefined;
      const [row] = await db.select().from(importsTable).where(eq(importsTable.id, claimed.id));
      return row;
    },

    /**
     * Jobs claimed `maxAttempts` times whose last lease ran out: each run ended its process (or
     * stalled), so a further one would too. They end as failed and free their idempotency key.
     */
    async failExhausted(now: Date, maxAttempts: number): Promise<string[]> {
      const t = importsTable;
      const rows = await db
        .update(t)
        .set({ status: 'failed', idempotencyKey: null, finishedAt: new Date(), claimedBy: null, leaseUntil: null })
        .where(and(isNull(t.finishedAt), isNotNull(t.queuedAt), sql`${t.attempts} >= ${maxAttempts}`, lt(t.leaseUntil, now)))
        .returning({ id: t.id });
      if (rows.length) await deleteFinishedInputs();
      return rows.map((r) => r.id);
    },

    /**
     * Extends the lease of a job this worker holds, with its progress for whoever polls another
     * process. False when the job is no longer this worker's (its lease ran out and another took it).
     */
    async renew(id: string, worker: string, leaseUntil: Date, counts?: Partial<Row>): Promise<boolean> {
      const t = importsTable;
      const rows = await db
        .update(t)
        .set({ leaseUntil, ...counts })
        .where(and(eq(t.id, id), eq(t.claimedBy, worker), isNull(t.finishedAt)))
        .returning({ id: t.id });
      return rows.length > 0;
    },

    /**
     * Ends a job this worker still holds and deletes its body, on `tx` (the transaction that
     * wrote its rows, when it wrote any). False when another worker holds it now.
     */
    async finishClaimed(tx: Db, id: string, worker: string, values: Partial<ImportInsert>): Promise<boolean> {
      const t = importsTable;
      const rows = await tx
        .update(t)
        .set({ ...values, claimedBy: null, leaseUntil: null })
        .where(and(eq(t.id, id), eq(t.claimedBy, worker), isNull(t.finishedAt)))
        .returning({ id: t.id });
      if (!rows.length) return false;
      await tx.delete(importInputsTable).where(eq(importInputsTable.importId, id));
      return true;
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
