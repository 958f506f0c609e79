import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { SQL } from 'drizzle-orm';
import type { Config } from '../config.js';
import { startEmbeddedServer, type EmbeddedServer } from './embedded.js';
import * as schema from './schema.js';

export type Schema = typeof schema;
/** The query builder, the same type on embedded and server PostgreSQL (and inside a transaction). */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

/**
 * Either database, reached the same way: node-postgres and drizzle's node-postgres driver. The
 * embedded one runs on a worker thread behind the wire protocol (see pglite-worker.ts).
 */
export interface Database {
  readonly kind: 'postgres' | 'pglite';
  readonly db: Db;
  /**
   * Where the portals' directory reads go: a read replica's pool when `DATABASE_READ_URL` is set,
   * else `db` itself. Only for reads that may lag behind the last write (see README, Operations):
   * writes, staff reads and anything read after a write of the same caller use `db`.
   */
  readonly readDb: Db;
  readonly pool: pg.Pool;
  /** The replica's pool, when there is one. */
  readonly readPool?: pg.Pool;
  /** Throws when the database cannot answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

interface Logger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export async function openDatabase(
  database: Config['database'],
  options: { statementTimeoutMs: number; logger: Logger },
): Promise<Database> {
  if (database.kind === 'postgres') {
    const serverPool = (url: string, name: string) => {
      const pool = new pg.Pool({
        connectionString: url,
        max: database.poolSize,
        // Fail fast while the server is away, so requests get a 503 instead of hanging.
        connectionTimeoutMillis: 3000,
        idleTimeoutMillis: 30_000,
        statement_timeout: options.statementTimeoutMs,
        idle_in_transaction_session_timeout: options.statementTimeoutMs * 2,
        application_name: name,
      });
      // A connection the server drops emits 'error': on the pool while idle, on the client while
      // checked out. Without a listener either one ends the process; the query that used the
      // connection fails on its own and the request gets a 503.
      pool.on('error', (err) => options.logger.warn({ err }, 'PostgreSQL connection lost'));
      pool.on('connect', (client) => client.on('error', (err) => options.logger.warn({ err }, 'PostgreSQL connection lost')));
      return pool;
    };
    // The replica's connections are named apart, so that pg_stat_activity tells them from the primary's.
    const readPool = database.readUrl ? serverPool(database.readUrl, 'euregionet-api-read') : undefined;
    return fromPool(serverPool(database.url, 'euregionet-api'), readPool);
  }
  const server = await startEmbeddedServer(
    { dataDir: database.dataDir },
    { onExit: (err) => options.logger.error({ err }, 'the embedded database stopped') },
  );
  return fromEmbeddedServer(server);
}

export function fromPool(pool: pg.Pool, readPool?: pg.Pool): Database {
  const db = drizzle({ client: pool, schema, casing: 'snake_case' }) as unknown as Db;
  return {
    kind: 'postgres',
    db,
    readDb: readPool ? (drizzle({ client: readPool, schema, casing: 'snake_case' }) as unknown as Db) : db,
    pool,
    ...(readPool ? { readPool } : {}),
    async ping() {
      await pool.query('SELECT 1');
    },
    async close() {
      await Promise.all([pool.end(), readPool?.end()]);
    },
  };
}

/**
 * The embedded database serves one connection (it is one PostgreSQL backend): the pool holds
 * it open and queues queries in this process. A statement cannot be interrupted there, so a
 * timeout would only mislead; queries wait for the one before them as long as it takes.
 */
export function fromEmbeddedServer(server: EmbeddedServer): Database {
  const pool = new pg.Pool({
    host: server.host,
    port: server.port,
    user: 'postgres',
    database: 'postgres',
    max: 1,
    idleTimeoutMillis: 0,
    application_name: 'euregionet-api',
  });
  pool.on('error', () => undefined);
  const database = fromPool(pool);
  return {
    ...database,
    kind: 'pglite',
    async close() {
      await pool.end();
      await server.stop();
    },
  };
}

/** Rows of a raw SQL statement; both drivers answer with `{ rows }`. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
