import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { fromPool } from '../packages/api/src/db/client.ts';
import { migrate } from '../packages/api/src/db/migrate.ts';
import { SYSTEM_CONTEXT } from '../packages/api/src/modules/auth/actor.ts';
import { createApiKeyService } from '../packages/api/src/modules/api-keys/api-keys.service.ts';
import { CLUSTERS, load, ORGANISATIONS, stream, type LoadTimes } from './generate.ts';

/** What every benchmark needs: the database, the directory in it, the built API as a process. */
export const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, '..');
export const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/euregionet_bench';
/** Servers on core 0, load generators on core 1, when the machine has two cores and taskset. */
export const PINNED = cpus().length >= 2 && spawnSync('taskset', ['--version']).status === 0;

export const log = (message: string) => process.stderr.write(`${message}\n`);
export const pinned = (command: string[], core: number) => (PINNED ? ['taskset', '-c', String(core), ...command] : command);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function ensureDatabase(databaseUrl = DATABASE_URL) {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (!rowCount) await admin.query(`CREATE DATABASE "${name.replaceAll('"', '')}"`);
  await admin.end();
}

/**
 * Migrates the bench database and loads the generated directory unless it is already there;
 * returns where the time of the load went, or undefined when nothing was loaded.
 */
export async function ensureDirectory(pool: pg.Pool): Promise<LoadTimes | undefined> {
  if (!existsSync(join(root, 'packages/api/dist/server.js'))) throw new Error('Build first: pnpm build');
  await migrate(fromPool(pool));
  const { rows: counts } = await pool.query<{ c: number; o: number }>(
    'SELECT (SELECT count(*)::int FROM clusters) AS c, (SELECT count(*)::int FROM organisations) AS o',
  );
  if (process.env.BENCH_REGENERATE === 'true' || counts[0]!.c !== CLUSTERS || counts[0]!.o !== ORGANISATIONS) {
    log(`generating ${CLUSTERS} clusters and ${ORGANISATIONS} organisations…`);
    const times = await load(pool, stream());
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    log(`generated in ${s(times.generate)}, inserted in ${s(times.insert)}, vacuumed in ${s(times.vacuum)}`);
    return times;
  }
  return undefined;
}

/** The database's size on disk in bytes (pg_database_size). */
export async function databaseSize(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ bytes: string }>('SELECT pg_database_size(current_database())::text AS bytes');
  return Number(rows[0]!.bytes);
}

export function start(name: string, command: string[], env: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(command[0]!, command.slice(1), { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const output: string[] = [];
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${output.join('')}`)), 60_000);
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}:\n${output.join('')}`)));
    child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output.push(line);
      if (ready.test(line)) {
        clearTimeout(timer);
        resolve(child);
      }
    });
  });
}

/** Runs a load generator (`command`, its input in the arguments) and resolves with the JSON line it prints last. */
export function runLoadGenerator<R>(command: string[]): Promise<R> {
  const [program, ...args] = command;
  return new Promise((resolve, reject) => {
    const child = spawn(program!, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!) as R) : reject(new Error(`load generator failed: ${err}`)),
    );
  });
}

export const BENCH_ADMIN = { email: 'bench@example.eu', password: 'Oderbruch Gorzów Frankfurt 2017' };

/** Signs the bench's administrator in at `baseUrl`: the session cookie and the CSRF token that staff requests carry. */
export async function signInBenchAdmin(baseUrl: string): Promise<{ cookie: string; csrf: string }> {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(BENCH_ADMIN),
  });
  if (!login.ok) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return { cookie, csrf: csrfToken };
}

/**
 * What the mixed workload (bench/mixed-load.ts) needs from the database: a portal key without a
 * rate limit in the way, and 200 published slugs and 200 cluster ids in a fixed random order.
 */
export async function mixedWorkloadInput(pool: pg.Pool, name: string) {
  const { secret } = await createApiKeyService(fromPool(pool).db).create(SYSTEM_CONTEXT, {
    name: `${name} ${new Date().toISOString()}`,
    partner: 'BIC',
    scopes: ['public:read'],
    rateLimitPerMinute: 100_000,
  });
  const { rows: published } = await pool.query<{ slug: string }>(
    `SELECT slug FROM clusters WHERE published AND deleted_at IS NULL ORDER BY md5(id::text) LIMIT 200`,
  );
  const { rows: any } = await pool.query<{ id: string }>(
    `SELECT id FROM clusters WHERE deleted_at IS NULL ORDER BY md5(id::text) LIMIT 200`,
  );
  return { key: secret, slugs: published.map((r) => r.slug), ids: any.map((r) => r.id) };
}

/** The settings of every benchmarked API process: quiet, no demo data, the bench's administrator, no rate limit in the way. */
export const BENCH_API_ENV = {
  DATABASE_POOL_SIZE: '10',
  DEMO_DATA: 'false',
  LOG_LEVEL: 'warn',
  ADMIN_DIST: '/nonexistent',
  ADMIN_EMAIL: BENCH_ADMIN.email,
  ADMIN_PASSWORD: BENCH_ADMIN.password,
  RATE_LIMIT_PER_MINUTE: '1000000',
};

/**
 * The built API, in production mode (pinned to core 0 unless told not to); resolves once it
 * answers /health/ready. With `dataDir` it runs on the embedded database in that folder; `entry`
 * names another build to start.
 */
export async function startApi(
  port: number,
  { databaseUrl = DATABASE_URL, pin = true, dataDir = undefined as string | undefined, entry = 'packages/api/dist/server.js' } = {},
): Promise<ChildProcess> {
  const taken = await fetch(`http://127.0.0.1:${port}/health/live`).then(
    () => true,
    () => false,
  );
  if (taken) throw new Error(`port ${port} is in use by another server`);
  const command = ['node', entry];
  const api = await start(
    'the API',
    pin ? pinned(command, 0) : command,
    {
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      ...(dataDir ? { DATABASE_URL: '', DATA_DIR: dataDir } : { DATABASE_URL: databaseUrl }),
      ...BENCH_API_ENV,
    },
    /./,
  );
  // The API logs nothing at warn when it starts: wait until it answers.
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return api;
    await sleep(200);
  }
  api.kill('SIGKILL');
  throw new Error('the API did not become ready');
}

/** Resident memory of a process in MiB, as the kernel counts it. */
export function rssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

/** Pins the PostgreSQL backends that serve the given applications to the servers' core. */
export async function pinBackends(pool: pg.Pool, applications: string[]) {
  if (!PINNED) return;
  const { rows } = await pool.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = ANY($1)`,
    [applications],
  );
  for (const { pid } of rows) spawnSync('taskset', ['-p', '-c', '0', String(pid)], { stdio: 'ignore' });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
export { median };
/** Median with the range, as the tables in BENCHMARKS.md print it. */
export const summary = (values: number[], digits = 0) =>
  `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;

/** The URLs of the public list and search scenarios (run.ts, profile.ts, explain-search.ts). */
export const LIST = [
  '/api/v1/public/clusters?lang=pl&limit=25',
  '/api/v1/public/clusters?lang=de&limit=25&country=PL',
  '/api/v1/public/clusters?lang=en&limit=25&sector=C',
  '/api/v1/public/clusters?lang=pl&limit=25&brand=true',
];
export const SEARCH = [
  '/api/v1/public/clusters?lang=en&limit=25&q=metal',
  '/api/v1/public/clusters?lang=de&limit=25&q=Wasserstoff',
  '/api/v1/public/clusters?lang=pl&limit=25&q=zielona%20gora',
  '/api/v1/public/clusters?lang=pl&limit=25&q=fotoniki',
  '/api/v1/public/clusters?lang=pl&limit=25&q=zywnosci%20slubice',
  '/api/v1/public/clusters?lang=en&limit=25&q=photnics',
  '/api/v1/public/clusters?lang=de&limit=25&q=Logistik%20Guben',
  '/api/v1/public/clusters?lang=en&limit=25&q=recycling&country=PL',
];

/** The statements the given code runs, recorded from a pool of one connection. */
export async function recordStatements(run: (pool: pg.Pool) => Promise<unknown>) {
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 1 });
  const statements: { text: string; values: unknown[] }[] = [];
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
  (pool as unknown as { query: (...args: unknown[]) => Promise<unknown> }).query = (...args: unknown[]) => {
    const [first, second] = args as [string | { text: string; values?: unknown[] }, unknown[] | undefined];
    statements.push(
      typeof first === 'string' ? { text: first, values: second ?? [] } : { text: first.text, values: first.values ?? second ?? [] },
    );
    return query(...args);
  };
  try {
    await run(pool);
  } finally {
    await pool.end();
  }
  return statements;
}
