import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  ColumnMapSchema,
  type Import,
  type ImportCounts,
  type ImportEntity,
  type ImportListQuery,
  type ImportQuery,
  type ImportStatus,
  localDay,
} from '@euregionet/shared';
import type { FastifyBaseLogger } from 'fastify';
import { systemClock, type Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import { AppError, notFound } from '../../errors.js';
import type { RequestContext } from '../auth/actor.js';
import { runImport, type RunResult } from './imports.engine.js';
import { createImportRepo, toImport } from './imports.repo.js';
import { BodyMeter, csvSource, jsonSource } from './imports.sources.js';
import { IMPORTERS } from './importers/index.js';

export interface ImportRequest {
  entity: ImportEntity;
  format: 'csv' | 'json';
  query: ImportQuery;
  idempotencyKey?: string;
  /** The declared size of the body: above the job threshold the import runs as a job. */
  contentLength?: number;
  body: Readable;
}

export interface ImportAnswer {
  status: 200 | 202;
  import: Import;
  /** The first result of a request with the same idempotency key. */
  replayed: boolean;
}

/** Imports are kept apart per caller: a key sees its own, staff see all. */
export function callerKeyOf(ctx: RequestContext): string {
  const actor = ctx.actor;
  if (actor === null) return 'system';
  return actor.kind === 'user' ? `user:${actor.id}` : `key:${actor.id}`;
}

const visibleTo = (ctx: RequestContext) => (ctx.actor?.kind === 'apiKey' ? callerKeyOf(ctx) : undefined);

function parseMap(map: string | undefined): Record<string, string> {
  if (!map) return {};
  let value: unknown;
  try {
    value = JSON.parse(map);
  } catch {
    value = undefined;
  }
  const parsed = ColumnMapSchema.safeParse(value);
  if (!parsed.success) {
    throw new AppError(400, 'VALIDATION_FAILED', 'map must be a JSON object of column names', {
      errors: [{ pointer: '/query/map', code: 'invalid_map', message: 'e.g. {"Firma":"name","Stadt":"city"}' }],
    });
  }
  return parsed.data;
}

function statusOf(result: RunResult, mode: ImportQuery['mode']): ImportStatus {
  if (result.malformed || result.errorCount === 0) return result.malformed ? 'rejected' : 'succeeded';
  const good = result.counts.created + result.counts.updated + result.counts.unchanged;
  return mode === 'partial' && good > 0 ? 'partial' : 'rejected';
}

async function drain(stream: Readable) {
  await pipeline(stream, new Writable({ write: (_chunk, _encoding, done) => done() }));
}

/**
 * Imports over HTTP: idempotency, the history, and jobs for large files around the engine.
 * A large body is first spooled to a temporary file (so the upload ends quickly), answered with
 * 202 and imported in the background; its progress is kept in memory while it runs.
 */
const HEARTBEAT_MS = 20_000;
const SWEEP_MS = 60_000;
/** Several missed beats: long enough for a busy database, short enough for the person waiting. */
const INTERRUPTED_AFTER_SECONDS = 120;

/** Runs `task` unless its previous run is still going; failures are left to the next run. */
function guarded(task: () => Promise<unknown>) {
  let busy = false;
  return () => {
    if (busy) return;
    busy = true;
    void task()
      .catch(() => undefined)
      .finally(() => (busy = false));
  };
}

export function createImportService(db: Db, limits: Config['imports'], options: { log?: FastifyBaseLogger; clock?: Clock } = {}) {
  const { log, clock = systemClock } = options;
  const repo = createImportRepo(db);
  const progress = new Map<string, ImportCounts>();
  const jobs = new Set<Promise<void>>();
  /** The imports this process is running, whose heartbeat it renews. */
  const runningHere = new Set<string>();

  async function execute(
    ctx: RequestContext,
    id: string,
    request: ImportRequest,
    map: Record<string, string>,
    body: AsyncIterable<Buffer>,
  ) {
    const importer = IMPORTERS[request.entity];
    const source = request.format === 'csv' ? csvSource(body, importer.columns, map) : jsonSource(body, importer.columns, map);
    progress.set(id, { total: 0, created: 0, updated: 0, unchanged: 0, rejected: 0 });
    try {
      const result = await runImport(db, ctx, importer, source.rows, {
        importId: id,
        dryRun: request.query.dryRun ?? false,
        mode: request.query.mode,
        today: localDay(clock.now()),
        onProgress: (counts) => progress.set(id, counts),
      });
      return { result, ignoredColumns: [...source.ignoredColumns] };
    } finally {
      progress.delete(id);
    }
  }

  async function finish(id: string, outcome: Awaited<ReturnType<typeof execute>>, mode: ImportQuery['mode'], bodyHash?: string) {
    const { result, ignoredColumns } = outcome;
    return repo.update(id, {
      status: statusOf(result, mode),
      ...result.counts,
      errorCount: result.errorCount,
      errors: result.errors,
      ignoredColumns,
      finishedAt: new Date(),
      ...(bodyHash ? { bodyHash } : {}),
    });
  }

  /** A failed import keeps its record, but frees its idempotency key so that a retry runs again. */
  const failed = (id: string) => repo.update(id, { status: 'failed', idempotencyKey: null, finishedAt: new Date() }).catch(() => undefined);

  function withProgress(row: Parameters<typeof toImport>[0]): Import {
    const current = progress.get(row.id);
    return current ? { ...toImport(row), counts: current } : toImport(row);
  }

  return {
    async start(ctx: RequestContext, request: ImportRequest): Promise<ImportAnswer> {
      const map = parseMap(request.query.map);
      const callerKey = callerKeyOf(ctx);
      const salt = JSON.stringify([request.entity, request.format, request.query.mode, request.query.dryRun ?? false, map]);
      const meter = new BodyMeter(limits.bodyLimit, salt);

      if (request.idempotencyKey) {
        const first = await repo.byIdempotencyKey(callerKey, request.idempotencyKey);
        if (first) {
          await drain(request.body.pipe(meter));
          if (first.bodyHash && first.bodyHash !== meter.digest()) {
            throw new AppError(
              422,
              'IDEMPOTENCY_KEY_REUSED',
              'This Idempotency-Key was used for another request; use a new key for a new import',
            );
          }
          return { status: first.finishedAt ? 200 : 202, import: withProgress(first), replayed: true };
        }
      }

      const asJob = (request.contentLength ?? 0) > limits.jobThreshold;
      const actor = ctx.actor;
      const row = await repo.insert({
        entity: request.entity,
        mode: request.query.mode,
        dryRun: request.query.dryRun ?? false,
        format: request.format,
        status: asJob ? 'queued' : 'running',
        actorType: actor === null ? 'system' : actor.kind === 'user' ? 'user' : 'api_key',
        actorId: actor?.id ?? null,
        actorLabel: actor === null ? 'system' : actor.kind === 'user' ? actor.email : actor.name,
        callerKey,
        idempotencyKey: request.idempotencyKey ?? null,
      });
      runningHere.add(row.id);

      if (!asJob) {
        try {
          request.body.on('error', (err) => meter.destroy(err));
          const outcome = await execute(ctx, row.id, request, map, request.body.pipe(meter));
          // A malformed file ends early: the rest still counts for the idempotency hash.
          if (!meter.readableEnded) await drain(meter);
          const done = await finish(row.id, outcome, request.query.mode, meter.digest());
          return { status: 200, import: toImport(done), replayed: false };
        } catch (err) {
          await failed(row.id);
          throw err;
        } finally {
          runningHere.delete(row.id);
        }
      }

      const file = join(tmpdir(), `euregionet-import-${row.id}`);
      try {
        await pipeline(request.body, meter, createWriteStream(file));
      } catch (err) {
        await rm(file, { force: true });
        await failed(row.id);
        runningHere.delete(row.id);
        throw err;
      }
      const queued = await repo.update(row.id, { bodyHash: meter.digest() });
      const job = (async () => {
        try {
          await repo.update(row.id, { status: 'running' });
          const outcome = await execute(ctx, row.id, request, map, createReadStream(file, { highWaterMark: 256 * 1024 }));
          await finish(row.id, outcome, request.query.mode);
        } catch (err) {
          log?.error({ err, importId: row.id }, 'import job failed');
          await failed(row.id);
        } finally {
          runningHere.delete(row.id);
          await rm(file, { force: true });
        }
      })();
      jobs.add(job);
      void job.finally(() => jobs.delete(job));
      return { status: 202, import: toImport(queued), replayed: false };
    },

    async get(ctx: RequestContext, id: string): Promise<Import> {
      const row = await repo.get(id, visibleTo(ctx));
      if (!row) throw notFound('IMPORT_NOT_FOUND', `No import with id ${id}`);
      return withProgress(row);
    },

    list(ctx: RequestContext, query: ImportListQuery) {
      return repo.list(query, visibleTo(ctx));
    },

    /** For the metrics: the imports not finished yet, and the age of the oldest. */
    backlog: () => repo.backlog(),

    /**
     * Keeps this process's imports alive in the history and ends those of processes that
     * stopped (at start, then every minute). Returns the function that stops watching.
     */
    async watch(): Promise<() => void> {
      const sweep = async () => {
        const interrupted = await repo.failInterrupted(INTERRUPTED_AFTER_SECONDS, [...runningHere]);
        if (interrupted) log?.warn({ interrupted }, 'imports interrupted by a stopped process marked failed');
      };
      await sweep().catch((err: unknown) => log?.warn({ err }, 'interrupted imports not checked'));
      // One statement at a time each: on the embedded database a beat waits for a running
      // import's transaction, and must not pile up behind it.
      const beat = guarded(() => (runningHere.size ? repo.beat([...runningHere]) : Promise.resolve()));
      const sweeper = guarded(sweep);
      const timers = [setInterval(beat, HEARTBEAT_MS), setInterval(sweeper, SWEEP_MS)];
      for (const timer of timers) timer.unref();
      return () => timers.forEach(clearInterval);
    },

    /** Waits for running jobs, e.g. before the server closes. */
    async settle(): Promise<void> {
      await Promise.allSettled([...jobs]);
    },
  };
}
export type ImportService = ReturnType<typeof createImportService>;
