import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { ImportEntity, ImportMode, ImportRowError, ImportStatus } from '@euregionet/shared';

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
  },
  (t) => [uniqueIndex('imports_idempotency_unique').on(t.callerKey, t.idempotencyKey), index('imports_created_idx').on(t.createdAt, t.id)],
);
