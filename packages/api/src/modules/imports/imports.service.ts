import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
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
import { createImportRepo, toImport, type ImportInsert, type Row } from './imports.repo.js';
import type { JobCaller } from './imports.table.js';
import { BodyMeter, csvSource, jsonSource } from './imports.sources.js';
import { IMPORTERS } from './importers/index.js';

export interface ImportRequest {
  entity: ImportEntity;
  format: 'csv' | 'json';
  query: Pick<ImportQuery, 'mode' | 'dryRun' | 'map'>;
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

/** What a job keeps of its caller: a user's session is not stored (nothing in an import uses it). */
function jobCallerOf(ctx: RequestContext): JobCaller {
  const { actor, ...request } = ctx;
  if (actor?.kind !== 'user') return { ...request, actor };
  const { sessionHash: _session, ...user } = actor;
  return { ...request, actor: user };
}

/**
 * The caller a job acts for, as they were when they uploaded it (their rights at that moment
 * decide, as they would have had the import run during the request).
 */
function contextOfJob(caller: JobCaller | null): RequestContext {
  if (!caller) throw new Error('an import job without its caller');
  const { actor, ...request } = caller;
  return { ...request, actor: actor?.kind === 'user' ? { ...actor, sessionHash: '' } : actor };
}

/** The body of a job is stored in chunks of about this size. */
const INPUT_CHUNK_BYTES = 1_048_576;

/** Stores a job's body in the database while it arrives, in chunks of `INPUT_CHUNK_BYTES` (the last one smaller). */
function inputWriter(append: (seq: number, data: Buffer) => Promise<void>): Writable {
  let seq = 0;
  let parts: Buffer[] = [];
  let size = 0;
  const store = async (all: boolean) => {
    if (size < INPUT_CHUNK_BYTES && !(all && size)) return;
    // Joined once per stored chunk, not once per piece that arrives.
    let pending: Buffer = Buffer.concat(parts, size);
    while (pending.length >= INPUT_CHUNK_BYTES || (all && pending.length)) {
      const data = pending.subarray(0, INPUT_CHUNK_BYTES);
      pending = pending.subarray(data.length);
      await append(seq++, data);
    }
    parts = pending.length ? [pending] : [];
    size = pending.length;
  };
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      parts.push(chunk);
      size += chunk.length;
      store(false).then(() => done(), done);
    },
    final(done) {
      store(true).then(() => done(), done);
    },
  });
}

/** The job is no longer this process's: its lease ran out and another process took it over. */
class LostClaim extends Error {
  constructor() {
    super('the import job was taken over by another process');
  }
}

/** A job claimed this often without ending ended every process that ran it: it is given up. */
const MAX_JOB_ATTEMPTS = 3;

/**
 * Imports over HTTP: idempotency, the history, and jobs for large files around the engine.
 *
 * A large body is stored in the database while it arrives (so the upload ends quickly and any
 * API process can read it), answered with 202, and run by whichever process claims it first
 * (`runJobs`, every process's worker loop). The claim is a lease on the app's clock that the
 * runner renews; a process that dies leaves a lease that runs out, and another process runs the
 * job again from the start. That is safe because an import writes all its rows in one
 * transaction, and the job's end is recorded in that same transaction, only while this process
 * still holds the claim: a run that lost its claim rolls back, so the rows are written once.
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

export function createImportService(
  db: Db,
  limits: Config['imports'],
  options: { log?: FastifyBaseLogger; clock?: Clock; onQueued?: () => void } = {},
) {
  const { log, clock = systemClock } = options;
  const repo = createImportRepo(db);
  const progress = new Map<string, ImportCounts>();
  /** The imports this process runs inside their request, or whose job body it is receiving. */
  const runningHere = new Set<string>();
  /** Who holds a claimed job: this service, in this process (several apps may share a process in tests). */
  const worker = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const leaseFromNow = () => new Date(clock.now().getTime() + limits.jobLeaseMs);
  let closing = false;

  async function execute(
    ctx: RequestContext,
    id: string,
    request: Omit<ImportRequest, 'body'>,
    map: Record<string, string>,
    body: AsyncIterable<Buffer>,
    beforeCommit?: (tx: Db, result: RunResult, ignoredColumns: string[]) => Promise<void>,
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
        ...(beforeCommit ? { beforeCommit: (tx, result) => beforeCommit(tx, result, [...source.ignoredColumns]) } : {}),
      });
      return { result, ignoredColumns: [...source.ignoredColumns] };
    } finally {
      progress.delete(id);
    }
  }

  function endOf(result: RunResult, ignoredColumns: string[], mode: ImportQuery['mode']): Partial<ImportInsert> {
    return {
      status: statusOf(result, mode),
      ...result.counts,
      errorCount: result.errorCount,
      errors: result.errors,
      ignoredColumns,
      finishedAt: new Date(),
    };
  }

  async function finish(id: string, outcome: Awaited<ReturnType<typeof execute>>, mode: ImportQuery['mode'], bodyHash: string) {
    return repo.update(id, { ...endOf(outcome.result, outcome.ignoredColumns, mode), bodyHash });
  }

  /** A failed import keeps its record, but frees its idempotency key so that a retry runs again. */
  const failed = (id: string) => repo.update(id, { status: 'failed', idempotencyKey: null, finishedAt: new Date() }).catch(() => undefined);

  /** The end of a job also forgets what only its run needed (the caller's details). */
  const jobEnd = { caller: null, columnMap: null } as const;

  /** Copies a job's body from the database to a file of this process, chunk by chunk. */
  async function download(id: string, file: string) {
    // Read before the import's transaction starts: on the embedded database (one connection)
    // a read beside that transaction would wait for it forever.
    await pipeline(async function* () {
      for (let seq = 0; ; seq++) {
        const data = await repo.readInput(id, seq);
        if (!data) return;
        yield Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      }
    }, createWriteStream(file));
  }

  /** Runs a job this worker has claimed, from the start, renewing its lease while it works. */
  async function runJob(job: Row) {
    const id = job.id;
    const file = join(tmpdir(), `euregionet-import-${id}-${randomUUID()}`);
    let input: ReadStream | undefined;
    let lost = false;
    // A third of the lease: two renewals may fail (a busy database) before another process may take it.
    const renew = guarded(async () => {
      if (await repo.renew(id, worker, leaseFromNow(), progress.get(id))) return;
      lost = true;
      input?.destroy(new LostClaim());
    });
    const timer = setInterval(renew, Math.max(500, Math.floor(limits.jobLeaseMs / 3)));
    timer.unref();
    try {
      await download(id, file);
      if (lost) throw new LostClaim();
      input = createReadStream(file, { highWaterMark: 256 * 1024 });
      const query = { mode: job.mode, dryRun: job.dryRun };
      const outcome = await execute(
        contextOfJob(job.caller),
        id,
        { entity: job.entity, format: job.format, query },
        job.columnMap ?? {},
        input,
        async (tx, result, ignored) => {
          // The rows, the audit entry and the job's end commit together, and only while this process holds the job.
          if (!(await repo.finishClaimed(tx, id, worker, { ...endOf(result, ignored, job.mode), ...jobEnd }))) throw new LostClaim();
        },
      );
      // Rolled back (a dry run, a rejected file): nothing was written, so only the end is recorded.
      if (!outcome.result.written)
        await repo.finishClaimed(db, id, worker, { ...endOf(outcome.result, outcome.ignoredColumns, job.mode), ...jobEnd });
    } catch (err) {
      if (err instanceof LostClaim || lost) {
        log?.warn({ importId: id }, 'import job taken over by another process (its lease ran out); this run wrote nothing');
        return;
      }
      log?.error({ err, importId: id }, 'import job failed');
      await repo
        .finishClaimed(db, id, worker, { status: 'failed', idempotencyKey: null, finishedAt: new Date(), ...jobEnd })
        .catch((e: unknown) => log?.warn({ err: e, importId: id }, 'failed import job not marked; its lease will run out'));
    } finally {
      clearInterval(timer);
      await rm(file, { force: true });
    }
  }

  function withProgress(row: Row): Import {
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
        ...(asJob ? { columnMap: map, caller: jobCallerOf(ctx) } : {}),
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

      try {
        await pipeline(
          request.body,
          meter,
          inputWriter((seq, data) => repo.appendInput(row.id, seq, data)),
        );
        // From here on any process may claim it; until here, the heartbeat shows the upload is alive.
        const queued = await repo.update(row.id, { bodyHash: meter.digest(), queuedAt: clock.now() });
        options.onQueued?.();
        return { status: 202, import: toImport(queued), replayed: false };
      } catch (err) {
        await repo.deleteInput(row.id).catch(() => undefined);
        await failed(row.id);
        throw err;
      } finally {
        runningHere.delete(row.id);
      }
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
     * One round of this process's job worker: claims the oldest job no live process holds and
     * runs it, until none is left (or the app closes). Answers how many it ran.
     */
    async runJobs(): Promise<number> {
      const givenUp = await repo.failExhausted(clock.now(), MAX_JOB_ATTEMPTS);
      if (givenUp.length) log?.error({ imports: givenUp }, `import jobs given up after ${MAX_JOB_ATTEMPTS} runs that never ended`);
      let ran = 0;
      while (!closing) {
        const job = await repo.claim(worker, clock.now(), leaseFromNow(), MAX_JOB_ATTEMPTS);
        if (!job) break;
        await runJob(job);
        ran++;
      }
      return ran;
    },

    /** Claims no further job; the one running ends first (the worker loop awaits its round). */
    stopClaiming() {
      closing = true;
    },

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
  };
}
export type ImportService = ReturnType<typeof createImportService>;
