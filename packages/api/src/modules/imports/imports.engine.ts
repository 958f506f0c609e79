import {
  IMPORT_ERRORS_REPORTED,
  recordOfRow,
  UNSTORABLE_TEXT_CODE,
  UNSTORABLE_TEXT_MESSAGE,
  unstorableTextPaths,
  type ImportColumn,
  type ImportCounts,
  type ImportEntity,
  type ImportMode,
  type ImportRowError,
  type IsoDate,
} from '@euregionet/shared';
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../db/client.js';
import { AppError, fromDatabaseError } from '../../errors.js';
import type { RequestContext } from '../auth/actor.js';
import { recordAudit } from '../audit/audit.repo.js';
import type { SourceRow } from './imports.sources.js';

export type Outcome = 'created' | 'updated' | 'unchanged';
export interface RowFailure {
  field: string | null;
  code: string;
  message: string;
}

/**
 * What the engine needs to know of one importable entity. A new entity is one object like this,
 * registered in `importers/index.ts`.
 */
export interface Importer<Row = unknown> {
  entity: ImportEntity;
  /** The entity's name in the audit trail. */
  auditEntity: string;
  columns: readonly ImportColumn[];
  schema: z.ZodType<Row>;
  /** The natural key of a row: the same key twice in one file is an error. */
  key(row: Row): string;
  /**
   * Writes a batch inside the import's transaction and answers each row's outcome, or why the
   * row was refused. A database error (a unique constraint) may be thrown: the engine then
   * writes the batch's rows one by one to find the row at fault.
   */
  upsert(tx: Db, ctx: RequestContext, rows: Row[], at: ImportMoment): Promise<(Outcome | RowFailure)[]>;
  /** Which field a violated unique constraint points at. */
  constraintFields?: Record<string, string>;
}

export const BATCH_SIZE = 1000;

/** When the import runs, read once from the app's clock: every row of a file is written "today". */
export interface ImportMoment {
  today: IsoDate;
}

export interface RunOptions {
  importId: string;
  dryRun: boolean;
  mode: ImportMode;
  today: IsoDate;
  /** Called after every batch, e.g. for a job's progress. */
  onProgress?: (counts: ImportCounts) => void;
  /**
   * Runs inside the transaction that writes the rows, last: a job records its end there, so that
   * the rows and "done" commit together (or neither does); throwing rolls everything back.
   */
  beforeCommit?: (tx: Db, result: RunResult) => Promise<void>;
}

export interface RunResult {
  counts: ImportCounts;
  errors: ImportRowError[];
  errorCount: number;
  /** Whether the rows were written (not a dry run, not rejected). */
  written: boolean;
  /** The file itself could not be read to its end. */
  malformed: boolean;
}

const ROLLBACK = Symbol('rollback');

function issueCode(issue: z.core.$ZodIssue, record: Record<string, unknown>): string {
  const custom = (issue as { params?: { code?: string } }).params?.code;
  if (custom) return custom;
  let value: unknown = record;
  for (const part of issue.path) value = (value as Record<PropertyKey, unknown> | undefined)?.[part as string];
  return value === undefined && issue.code === 'invalid_type' ? 'required' : issue.code;
}

/**
 * The one import engine: rows from a stream, validated one by one, written in batches inside
 * one transaction. A dry run, and an atomic import with any bad row, roll the transaction back;
 * a partial import keeps the good rows. Memory holds one batch and the keys seen so far.
 */
export async function runImport<Row>(
  db: Db,
  ctx: RequestContext,
  importer: Importer<Row>,
  rows: AsyncIterable<SourceRow>,
  options: RunOptions,
): Promise<RunResult> {
  const counts: ImportCounts = { total: 0, created: 0, updated: 0, unchanged: 0, rejected: 0 };
  const errors: ImportRowError[] = [];
  let errorCount = 0;
  let malformed = false;
  const seen = new Map<string, number>();
  const at: ImportMoment = { today: options.today };

  const fail = (row: number, failures: RowFailure[]) => {
    counts.rejected++;
    for (const f of failures) {
      errorCount++;
      if (errors.length < IMPORT_ERRORS_REPORTED) errors.push({ row, ...f });
    }
  };

  const failureOf = (err: unknown): RowFailure | undefined => {
    const known = err instanceof AppError ? err : fromDatabaseError(err);
    if (!known || known.status >= 500) return undefined;
    let constraint: string | undefined;
    for (let e: unknown = err; e && typeof e === 'object' && !constraint; e = (e as { cause?: unknown }).cause) {
      constraint = (e as { constraint?: string }).constraint;
    }
    const pointer = known.extra.errors?.[0]?.pointer;
    const field =
      (constraint && importer.constraintFields?.[constraint]) ?? (pointer ? pointer.replace(/^\/body\//, '').replaceAll('/', '.') : null);
    return { field, code: known.code, message: known.message };
  };

  async function write(tx: Db, batch: { row: number; value: Row }[]) {
    if (!batch.length) return;
    let outcomes: (Outcome | RowFailure)[];
    try {
      outcomes = await tx.transaction((sp) =>
        importer.upsert(
          sp as unknown as Db,
          ctx,
          batch.map((b) => b.value),
          at,
        ),
      );
    } catch (err) {
      if (!failureOf(err)) throw err;
      outcomes = [];
      for (const item of batch) {
        try {
          outcomes.push((await tx.transaction((sp) => importer.upsert(sp as unknown as Db, ctx, [item.value], at)))[0]!);
        } catch (rowErr) {
          const failure = failureOf(rowErr);
          if (!failure) throw rowErr;
          outcomes.push(failure);
        }
      }
    }
    outcomes.forEach((o, i) => {
      if (typeof o === 'string') counts[o]++;
      else fail(batch[i]!.row, [o]);
    });
  }

  try {
    await db.transaction(async (tx) => {
      // The transaction waits on the client's upload between batches.
      await tx.execute(sql`SET LOCAL idle_in_transaction_session_timeout = '300s'`);
      let batch: { row: number; value: Row }[] = [];
      let writing: Promise<void> = Promise.resolve();
      for await (const source of rows) {
        counts.total++;
        if (source.error) {
          fail(source.row, [source.error]);
          if (source.fatal) malformed = true;
          continue;
        }
        // The same rule as for every request: a text the database cannot store is the row's error, not a failed batch.
        const unstorable = unstorableTextPaths(source.cells ?? {});
        if (unstorable.length) {
          fail(
            source.row,
            unstorable.map((path) => ({ field: String(path[0] ?? ''), code: UNSTORABLE_TEXT_CODE, message: UNSTORABLE_TEXT_MESSAGE })),
          );
          continue;
        }
        const record = recordOfRow(importer.columns, source.cells ?? {});
        const parsed = importer.schema.safeParse(record);
        if (!parsed.success) {
          fail(
            source.row,
            parsed.error.issues.map((issue) => ({
              field: issue.path.length ? issue.path.join('.') : null,
              code: issueCode(issue, record),
              message: issue.message,
            })),
          );
          continue;
        }
        const key = importer.key(parsed.data);
        const first = seen.get(key);
        if (first !== undefined) {
          fail(source.row, [{ field: 'externalId', code: 'duplicate_key', message: `The same record as row ${first}` }]);
          continue;
        }
        seen.set(key, source.row);
        batch.push({ row: source.row, value: parsed.data });
        if (batch.length >= BATCH_SIZE) {
          // The database writes this batch while the next one is read and validated; one
          // batch is in flight at a time, on the transaction's one connection.
          await writing;
          options.onProgress?.({ ...counts });
          writing = write(tx, batch);
          writing.catch(() => undefined);
          batch = [];
        }
      }
      await writing;
      await write(tx, batch);
      options.onProgress?.({ ...counts });
      if (options.dryRun || malformed || (options.mode === 'atomic' && errorCount > 0)) throw ROLLBACK;
      await recordAudit(tx, ctx, {
        action: 'import',
        entity: importer.auditEntity,
        entityId: options.importId,
        changes: { counts: { after: counts }, mode: { after: options.mode } },
      });
      await options.beforeCommit?.(tx, { counts, errors, errorCount, written: true, malformed });
    });
    return { counts, errors, errorCount, written: true, malformed };
  } catch (err) {
    if (err !== ROLLBACK) throw err;
    return { counts, errors, errorCount, written: false, malformed };
  }
}
