import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { SQL } from 'drizzle-orm';
import type { Config } from '../config.js';
import * as schema from './schema.js';

export type Schema = typeof schema;
/** The query builder, the same type on embedded and server PostgreSQL (and inside a transaction). */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

interface DatabaseBase {
  readonly db: Db;
  /** Throws when the database cannot answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
export interface ServerDatabase extends DatabaseBase {
  readonly kind: 'postgres';
  readonly pool: pg.Pool;
}
export interface EmbeddedDatabase extends DatabaseBase {
  readonly kind: 'pglite';
  readonly client: PGlite;
}
export type Database = ServerDatabase | EmbeddedDatabase;

/** Extensions that the migrations create; PGlite must be given them when it opens. */
export const PGLITE_EXTENSIONS = { pg_trgm, unaccent };

interface Logger {
  warn(obj: object, msg: string): void;
}

export async function openDatabase(
  database: Config['database'],
  options: { statementTimeoutMs: number; logger: Logger },
): Promise<Database> {
  if (database.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: database.url,
      max: database.poolSize,
      // Fail fast while the server is away, so requests get a 503 instead of hanging.
      connectionTimeoutMillis: 3000,
      idleTimeoutMillis: 30_000,
      statement_timeout: options.statementTimeoutMs,
      idle_in_transaction_session_timeout: options.statementTimeoutMs * 2,
      application_name: 'euregionet-api',
    });
    // A connection the server drops emits 'error': on the pool while idle, on the client while
    // checked out. Without a listener either one ends the process; the query that used the
    // connection fails on its own and the request gets a 503.
    pool.on('error', (err) => options.logger.warn({ err }, 'PostgreSQL connection lost'));
    pool.on('connect', (client) => client.on('error', (err) => options.logger.warn({ err }, 'PostgreSQL connection lost')));
    return fromPool(pool);
  }
  if (database.dataDir !== 'memory://') await mkdir(database.dataDir, { recursive: true });
  const client = await PGlite.create(database.dataDir, { extensions: PGLITE_EXTENSIONS });
  // PGlite runs in-process on one thread: a timeout cannot interrupt a running statement, but
  // the setting keeps behaviour aligned with the server where it is honoured.
  await client.exec(`SET statement_timeout = ${Math.floor(options.statementTimeoutMs)}`);
  return fromPglite(client);
}

export function fromPool(pool: pg.Pool): ServerDatabase {
  const db = drizzlePg({ client: pool, schema, casing: 'snake_case' }) as unknown as Db;
  return {
    kind: 'postgres',
    db,
    pool,
    async ping() {
      await pool.query('SELECT 1');
    },
    close: () => pool.end(),
  };
}

export function fromPglite(client: PGlite): EmbeddedDatabase {
  const db = drizzlePglite({ client, schema, casing: 'snake_case' }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    client,
    async ping() {
      await client.query('SELECT 1');
    },
    close: () => client.close(),
  };
}

/** Rows of a raw SQL statement; both drivers answer with `{ rows }`. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
