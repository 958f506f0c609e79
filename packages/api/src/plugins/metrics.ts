import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { AppError } from '../errors.js';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Metrics;
  }
}

export interface Metrics {
  /** This app's metrics (one registry per app, so that tests can build several apps). */
  readonly registry: Registry;
  /** A rate-limit counter that could not reach Redis and was counted in this process instead. */
  readonly rateLimitStoreFallbacks: Counter;
}

/** What a queue of work reports: how many are waiting, and for how long the oldest has been. */
export interface Backlog {
  count: number;
  oldestAgeSeconds: number | null;
}

/** A request that matched no route is counted under this label, never under its raw URL. */
const UNMATCHED = 'unmatched';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

function sameToken(given: string, expected: string): boolean {
  // Compared as digests: equal lengths for timingSafeEqual, and no early exit on the first wrong character.
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Prometheus metrics of this process: requests by route pattern and status, their latency, the
 * database pool, rate-limit refusals, and the backlogs that modules register. `GET /metrics`
 * serves them to a scraper that sends `Authorization: Bearer <METRICS_TOKEN>`; without a token
 * configured the endpoint does not exist. It is internal: outside /api and the OpenAPI document.
 */
export const metricsPlugin = fp<{ token: string | undefined }>(
  async (app, { token }) => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });

    const labelNames = ['method', 'route', 'status_code'] as const;
    const requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests answered', labelNames, registers: [registry] });
    const latency = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time from the request to the end of its answer',
      labelNames,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    });
    const refusals = new Counter({
      name: 'euregionet_rate_limit_refusals_total',
      help: 'Requests refused with 429 Too Many Requests (request limits, intake limits and login throttles)',
      labelNames: ['route'],
      registers: [registry],
    });
    const rateLimitStoreFallbacks = new Counter({
      name: 'euregionet_rate_limit_store_fallbacks_total',
      help: 'Rate-limit counts taken in this process because Redis could not be reached',
      registers: [registry],
    });

    const pool = app.database.pool;
    new Gauge({
      name: 'euregionet_db_pool_connections',
      help: 'Database connections of this process, by state',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        this.set({ state: 'in_use' }, pool.totalCount - pool.idleCount);
        this.set({ state: 'idle' }, pool.idleCount);
      },
    });
    new Gauge({
      name: 'euregionet_db_pool_waiting',
      help: 'Queries of this process waiting for a free database connection',
      registers: [registry],
      collect() {
        this.set(pool.waitingCount);
      },
    });
    new Gauge({
      name: 'euregionet_db_pool_max',
      help: 'The most database connections this process opens',
      registers: [registry],
      collect() {
        this.set(pool.options.max ?? 10);
      },
    });

    // With a read replica (DATABASE_READ_URL): its pool, and how far it lags behind the primary.
    const readPool = app.database.readPool;
    if (readPool) {
      new Gauge({
        name: 'euregionet_db_read_pool_connections',
        help: 'Connections of this process to the read replica, by state',
        labelNames: ['state'],
        registers: [registry],
        collect() {
          this.set({ state: 'in_use' }, readPool.totalCount - readPool.idleCount);
          this.set({ state: 'idle' }, readPool.idleCount);
        },
      });
      new Gauge({
        name: 'euregionet_db_read_pool_waiting',
        help: 'Queries of this process waiting for a free connection to the read replica',
        registers: [registry],
        collect() {
          this.set(readPool.waitingCount);
        },
      });
      new Gauge({
        name: 'euregionet_db_replica_lag_seconds',
        help: 'Seconds the read replica is behind the primary (0 when it has replayed all it received; absent when it is not a standby or does not answer)',
        // A label, so that prom-client shows no series (rather than a false 0) until there is a figure.
        labelNames: ['pool'],
        registers: [registry],
        async collect() {
          this.reset();
          // Since the last replayed transaction, unless the replica has replayed everything it received.
          const lag = await readPool
            .query<{ lag: number | null }>(
              `SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
                      ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8 END AS lag`,
            )
            .then((r) => r.rows[0]?.lag ?? null)
            .catch(() => null);
          if (lag !== null) this.set({ pool: 'read' }, lag);
        },
      });
    }

    app.decorate<Metrics>('metrics', { registry, rateLimitStoreFallbacks });

    app.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions.url ?? UNMATCHED;
      const labels = { method: request.method, route, status_code: String(reply.statusCode) };
      requests.inc(labels);
      latency.observe(labels, reply.elapsedTime / 1000);
      if (reply.statusCode === 429) refusals.inc({ route });
      done();
    });

    if (!token) {
      app.log.info('METRICS_TOKEN is not set: no /metrics endpoint');
      return;
    }
    app.get('/metrics', {
      // No tags: internal, kept out of the public OpenAPI document.
      schema: { hide: true },
      handler: async (request, reply) => {
        const match = /^Bearer (\S{1,500})$/.exec(request.headers.authorization ?? '');
        if (!match || !sameToken(match[1]!, token)) {
          throw new AppError(401, 'UNAUTHENTICATED', 'Send the metrics token as Authorization: Bearer', {
            headers: { 'www-authenticate': 'Bearer' },
          });
        }
        void reply.header('content-type', registry.contentType).header('cache-control', 'no-store');
        return registry.metrics();
      },
    });
  },
  { name: 'metrics', dependencies: ['database'] },
);

/**
 * A queue of work as two gauges, read from the database at each scrape:
 * `euregionet_<name>_backlog` and `euregionet_<name>_oldest_age_seconds` (0 when empty). Every
 * process reports the same shared figures; take `max` across instances, not `sum`.
 */
export function registerBacklog(app: FastifyInstance, name: string, what: string, read: () => Promise<Backlog>) {
  if (!app.hasDecorator('metrics')) return;
  const registers = [app.metrics.registry];
  let latest: Promise<Backlog | undefined> | undefined;
  // One query per scrape for both gauges; a database that does not answer leaves them out.
  const current = () =>
    (latest ??= read()
      .catch((err: unknown) => {
        app.log.warn({ err }, `metrics: the ${name} backlog could not be read`);
        return undefined;
      })
      .finally(() => setImmediate(() => (latest = undefined))));
  new Gauge({
    name: `euregionet_${name}_backlog`,
    help: what,
    registers,
    async collect() {
      const backlog = await current();
      if (backlog) this.set(backlog.count);
      else this.reset();
    },
  });
  new Gauge({
    name: `euregionet_${name}_oldest_age_seconds`,
    help: `Seconds since the oldest of these was queued: ${what.toLowerCase()}`,
    registers,
    async collect() {
      const backlog = await current();
      if (backlog) this.set(backlog.oldestAgeSeconds ?? 0);
      else this.reset();
    },
  });
}
