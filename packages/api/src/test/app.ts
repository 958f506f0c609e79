import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { ApiKeyCreate, PartnerCode, Role } from '@euregionet/shared';
import pg from 'pg';
import { Writable } from 'node:stream';
import pino from 'pino';
import { buildApp, LOG_REDACT } from '../app.js';
import { fixedClock, type Clock } from '../clock.js';
import { loadConfig, type Config } from '../config.js';
import { LOG_SERIALIZERS } from '../logging.js';
import { fromEmbeddedServer, fromPool, type Database } from '../db/client.js';
import { startEmbeddedServer } from '../db/embedded.js';
import { loadDemoDirectory } from '../demo/load.js';
import { SYSTEM_CONTEXT } from '../modules/auth/actor.js';
import { createApiKeyService } from '../modules/api-keys/api-keys.service.js';
import { createSessions } from '../modules/auth/sessions.js';
import { csrfTokenOf } from '../modules/auth/tokens.js';
import { createUserService } from '../modules/users/users.service.js';
import { PGLITE_TEMPLATE, SERVER_TEMPLATE_DB, serverUrl, TEST_DB_PREFIX } from './template.js';

declare const __TEST_DATABASE__: 'pglite' | 'postgres';

/** Which database this test project runs on. */
export const TEST_DATABASE = __TEST_DATABASE__;

export interface TestDatabase {
  database: Database;
  /** The server database's name, when on a server. */
  name?: string;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: the embedded one loaded from the dump that the
 * global setup made, or a copy of the template database on the server.
 */
export async function openTestDatabase(kind: 'pglite' | 'postgres' = TEST_DATABASE): Promise<TestDatabase> {
  if (kind === 'pglite') {
    // The production path: the embedded database on its own thread, behind the wire protocol.
    const dump = new Uint8Array(readFileSync(PGLITE_TEMPLATE)).buffer;
    const database = fromEmbeddedServer(await startEmbeddedServer({ dump }));
    return { database, drop: () => database.close().catch(() => undefined) };
  }
  return createServerDatabase(SERVER_TEMPLATE_DB, { connectionTimeoutMillis: 2000, statement_timeout: 5000 });
}

/** A new database on the test server, a copy of `template`; `drop` ends its connections and removes it. */
export async function createServerDatabase(template: string, poolConfig: pg.PoolConfig = {}): Promise<TestDatabase> {
  const name = `${TEST_DB_PREFIX}${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: serverUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  await admin.end();
  const pool = new pg.Pool({ connectionString: serverUrl(name), max: 5, ...poolConfig });
  pool.on('error', () => undefined);
  const database = fromPool(pool);
  return {
    database,
    name,
    async drop() {
      await database.close().catch(() => undefined);
      const cleanup = new pg.Client({ connectionString: serverUrl() });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DEMO_DATA: 'false',
    ADMIN_DIST: '/nonexistent',
    // Tests run the deadline rounds themselves, at the times they choose.
    CONSULTING_DEADLINE_INTERVAL_MS: '0',
    DIGEST_INTERVAL_MS: '0',
  });
  return {
    ...config,
    // Uploaded files go to the system's temporary folder, not the working directory (keys are random UUIDs).
    files: { ...config.files, storage: { kind: 'folder', dir: join(tmpdir(), 'euregionet-test-files') } },
    ...overrides,
  };
}

/** Someone who calls the API: the headers that authenticate them. */
export interface Principal {
  id: string;
  headers: Record<string, string>;
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
}

/**
 * The instant every test app stands at unless a test gives another: Wednesday 3 June 2026, 10:00
 * in the programme area, the day before Corpus Christi (a holiday in Poland, not in Brandenburg).
 * Whatever a test expects of "today" holds on any day the suite runs, and across midnight.
 */
export const TEST_NOW = '2026-06-03T08:00:00Z';
export const TEST_TODAY = '2026-06-03';

export interface TestApp {
  app: FastifyInstance;
  /** The app's clock (fixed at `TEST_NOW` unless the test gave another). */
  clock: Clock;
  database: Database;
  testDatabase: TestDatabase;
  config: Config;
  /** A signed-in administrator, created on first use. */
  admin(): Promise<Principal>;
  /** A new signed-in staff member (with a session cookie and its CSRF token). */
  staff(role: Role, partner?: PartnerCode, email?: string): Promise<Principal & { email: string; password: string }>;
  apiKey(scopes: ApiKeyCreate['scopes'], options?: Partial<ApiKeyCreate>): Promise<Principal>;
  anonymous: Principal;
  close(): Promise<void>;
}

export const TEST_PASSWORD = 'correct horse battery staple';
let counter = 0;

/** The real app on a fresh database; call `close()` in afterAll. */
export async function createTestApp(
  overrides: Partial<Config> = {},
  // `testDatabase`: another kind than the project's (moving between the two).
  options: { logTo?: Writable; clock?: Clock; testDatabase?: TestDatabase } = {},
): Promise<TestApp> {
  const testDatabase = options.testDatabase ?? (await openTestDatabase());
  const config = testConfig(overrides);
  // With a stream, every log line at every level is captured, with the production redaction.
  const logger = options.logTo ? pino({ level: 'trace', redact: LOG_REDACT, serializers: LOG_SERIALIZERS }, options.logTo) : undefined;
  const clock = options.clock ?? fixedClock(TEST_NOW);
  const app = await buildApp({ config, database: testDatabase.database, clock, ...(logger ? { logger } : {}) });
  await app.ready();
  const db = testDatabase.database.db;

  const principal = (id: string, headers: Record<string, string>): Principal => ({
    id,
    headers,
    inject: (options) => app.inject({ ...options, headers: { ...headers, ...(options.headers as Record<string, string> | undefined) } }),
  });

  async function staff(role: Role, partner: PartnerCode = 'BIC', email = `${role}.${partner.toLowerCase()}.${++counter}@example.eu`) {
    const user = await createUserService(db, config.session).create(SYSTEM_CONTEXT, {
      email,
      name: `${role} ${partner} ${counter}`,
      partner,
      role,
      password: TEST_PASSWORD,
    });
    const { token } = await createSessions(db, config.session).create(user.id, { ip: '127.0.0.1', userAgent: 'jest' });
    return {
      ...principal(user.id, { cookie: `eurn_session=${token}`, 'x-csrf-token': csrfTokenOf(token) }),
      email,
      password: TEST_PASSWORD,
    };
  }

  let admin: Promise<Principal> | undefined;
  return {
    app,
    clock,
    database: testDatabase.database,
    testDatabase,
    config,
    admin: () => (admin ??= staff('admin')),
    staff,
    async apiKey(scopes, options = {}) {
      const { key, secret } = await createApiKeyService(db).create(SYSTEM_CONTEXT, {
        name: `key ${++counter}`,
        partner: 'BIC',
        ...options,
        scopes,
      });
      return principal(key.id, { authorization: `Bearer ${secret}` });
    },
    anonymous: principal('anonymous', {}),
    async close() {
      await app.close();
      await testDatabase.drop();
    },
  };
}

/** The JSON body of an injected response, typed by the caller. */
export function json<T = Record<string, unknown>>(response: { body: string }): T {
  return JSON.parse(response.body) as T;
}

/** The JSON body of a response that must have the given status; anything else fails with the body. */
export async function ok<T>(res: { statusCode: number; body: string }, status = 200): Promise<T> {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
  return json<T>(res);
}

/** A record written through the API: `payload` POSTed to `url` as `who`, which must answer 201 (else the test fails with the body). */
export async function created<T = { id: string }>(who: Principal, url: string, payload: object): Promise<T> {
  return ok<T>(await who.inject({ method: 'POST', url, payload: payload as Record<string, unknown> }), 201);
}

/** The calendar day `n` days after the test apps' today (`TEST_TODAY`), counted here, not by the product. */
export function inDays(n: number): string {
  const d = new Date(`${TEST_TODAY}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The usual start of a test file: a test app on a fresh database and its signed-in administrator. */
export async function createTestAppWithAdmin(
  overrides: Partial<Config> = {},
  options: Parameters<typeof createTestApp>[1] = {},
): Promise<{ t: TestApp; admin: Principal }> {
  const t = await createTestApp(overrides, options);
  return { t, admin: await t.admin() };
}

/**
 * The start of a file that calls as a portal: `createTestAppWithAdmin(overrides)` and an API key
 * with `scopes`, limited as the app is (`overrides.rateLimitPerMinute`) unless `keyOptions` say otherwise.
 */
export async function createTestAppWithPortal(
  scopes: ApiKeyCreate['scopes'],
  overrides: Partial<Config> = {},
  keyOptions: Partial<ApiKeyCreate> = {},
): Promise<{ t: TestApp; admin: Principal; portal: Principal }> {
  const { t, admin } = await createTestAppWithAdmin(overrides);
  const limit = overrides.rateLimitPerMinute === undefined ? {} : { rateLimitPerMinute: overrides.rateLimitPerMinute };
  return { t, admin, portal: await t.apiKey(scopes, { ...limit, ...keyOptions }) };
}

/**
 * A started test app with the demo directory (clusters, organisations, memberships) loaded, for
 * files that list, search and filter a directory of realistic size; give its `beforeAll` the
 * `DEMO_LOAD_TIMEOUT` of `demo/load.js`.
 */
export async function withDemoDirectory<T extends { t: TestApp }>(start: Promise<T>): Promise<T> {
  const started = await start;
  await loadDemoDirectory(started.t.database.db);
  return started;
}

/** The JSON body of a GET of `url` as `who`, which must answer 200 (else the test fails with the body). */
export async function read<T>(who: Principal, url: string): Promise<T> {
  return ok<T>(await who.inject({ method: 'GET', url }));
}

/** A log stream for `createTestApp(…, { logTo })` that keeps every line it is given in `lines`. */
export function logInto(lines: string[]): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
}
