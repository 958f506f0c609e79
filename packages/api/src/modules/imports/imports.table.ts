import { sql } from 'drizzle-orm';
import { boolean, customType, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { ImportEntity, ImportMode, ImportRowError, ImportStatus } from '@euregionet/shared';
import type { RequestContext } from '../auth/actor.js';

/** Raw bytes; both drivers hand them back as a Buffer or a Uint8Array. */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/** Who asked for a job, as the process that runs it acts for them (a user's session is not kept). */
export type JobCaller = Omit<RequestContext, 'actor'> & {
  actor: DistributiveOmit<NonNullable<RequestContext['actor']>, 'sessionHash'> | null;
};
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * Every import: who, when, what, and its result. A request with an `Idempotency-Key` finds its
 * first result here (the key is unique per caller; the body's hash tells a retry from a misuse).
 */
export const importsTable = pgTable(
  'imports',
  {
    id: uuid().primaryKey().defaultRandom(),
    entity: text().$type<ImportEntity>().notNull(),
    mode: text().$type<ImportMode>().notNull(),
    dryRun: boolean().notNull(),
    format: text().$type<'csv' | 'json'>().notNull(),
    status: text().$type<ImportStatus>().notNull(),
    actorType: text().$type<'user' | 'api_key' | 'system'>().notNull(),
    actorId: text(),
    actorLabel: text().notNull(),
    /** Whose caller it was, as `user:<id>` or `key:<id>`: idempotency keys are unique per caller. */
    callerKey: text().notNull(),
    idempotencyKey: text(),
    bodyHash: text(),
    total: integer().notNull().default(0),
    created: integer().notNull().default(0),
    updated: integer().notNull().default(0),
    unchanged: integer().notNull().default(0),
    rejected: integer().notNull().default(0),
    errorCount: integer().notNull().default(0),
    errors: jsonb().$type<ImportRowError[]>().notNull().default([]),
    ignoredColumns: jsonb().$type<string[]>().notNull().default([]),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
    /** Renewed by the process running the import; an unfinished import whose beat stopped was interrupted. */
    heartbeatAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /**
     * A job: when its whole body was stored in `import_inputs`, from when any API process may
     * claim it. Null for an import run inside its request, and while a job's body is uploading.
     */
    queuedAt: timestamp({ withTimezone: true }),
    /** The process holding the job, until `leaseUntil` (app clock); it renews the lease while it works. */
    claimedBy: text(),
    leaseUntil: timestamp({ withTimezone: true }),
    /** How often a job was claimed: a job that brings down every process that takes it is given up. */
    attempts: integer().notNull().default(0),
    /** A job's column map and caller, for the process that runs it. */
    columnMap: jsonb().$type<Record<string, string>>(),
    caller: jsonb().$type<JobCaller>(),
  },
  (t) => [
    uniqueIndex('imports_idempotency_unique').on(t.callerKey, t.idempotencyKey),
    index('imports_created_idx').on(t.createdAt, t.id),
    index('imports_claimable_idx')
      .on(t.queuedAt)
      .where(sql`${t.finishedAt} IS NULL AND ${t.queuedAt} IS NOT NULL`),
  ],
);

/**
 * The body of an import job, in chunks of up to a mebibyte, where every API process can read it
 * (the files module's store is a local folder unless S3 is configured, so it is not shared by
 * default; the database always is). Deleted when the job ends.
 */
export const importInputsTable = pgTable(
  'import_inputs',
  {
    importId: uuid()
      .notNull()
      .references(() => importsTable.id, { onDelete: 'cascade' }),
    seq: integer().notNull(),
    data: bytea().notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.seq] })],
);
