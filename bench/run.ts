import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { languageOrder, LOCALES, PublicClusterListQuerySchema, type Locale } from '@euregionet/shared';
import { fromPool } from '../packages/api/src/db/client.ts';
import { SYSTEM_CONTEXT } from '../packages/api/src/modules/auth/actor.ts';
import { createApiKeyService } from '../packages/api/src/modules/api-keys/api-keys.service.ts';
import { createPublicService } from '../packages/api/src/modules/public/public.service.ts';
import { CLUSTERS, ORGANISATIONS } from './generate.ts';
import {
  DATABASE_URL,
  databaseSize,
  ensureDatabase,
  ensureDirectory,
  here,
  log,
  median,
  PINNED,
  pinBackends,
  pinned,
  recordStatements,
  root,
  sleep,
  start,
  startApi,
  summary,
  LIST,
  SEARCH,
} from './support.ts';

/**
 * The benchmark of the portals' API (issues 4 and 22): the public cluster list, a cluster's
 * detail and the search, on a directory of 10,000 clusters and 100,000 organisations in a real
 * PostgreSQL server, against the physical floor: a bare Fastify + pg server that answers each
 * URL with the bytes our API answered for it, read by one indexed query (floor-server.ts).
 * Search is also measured against the replay floor, a bare server running the search SQL on the
 * tables (minimal-server.ts): the search as it was before it answered from the documents, and
 * the reference its bytes are checked against. Servers (and their PostgreSQL backends) on core 0, the load generator on
 * core 1; the servers of a scenario alternate, round after round, and the medians are reported
 * with their min–max. See BENCHMARKS.md.
 */
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
/** How many clusters the detail scenario reads (each in every language). */
const DETAIL_CLUSTERS = 8;

type ServerName = 'ours' | 'floor' | 'replay';
/** BENCH_PORT: the first of the three ports the servers listen on (3917 by default). */
const PORT = Number(process.env.BENCH_PORT ?? 3917);
const PORTS: Record<ServerName, number> = { ours: PORT, floor: PORT + 1, replay: PORT + 2 };
const LABELS: Record<ServerName, string> = {
  ours: 'EuRegioNet public API',
  floor: 'floor: stored bytes, Fastify + pg',
  replay: "replay of the tables' search SQL, Fastify + pg",
};
/**
 * The Host every answer is fetched with before measuring: the floor's own. Our answers name the
 * host the portal called (logo and badge URLs), so these are exactly the bytes our API would send
 * to the requests the floor gets, and every server can be compared byte for byte.
 */
const FLOOR_HOST = `127.0.0.1:${PORTS.floor}`;

/**
 * The detail URLs: clusters spread over the range of member counts (the 1/16, 3/16 … 15/16
 * quantiles, so small and large profiles both count), each in every language.
 */
async function detailPaths(pool: pg.Pool) {
  const { rows } = await pool.query<{ slug: string; members: number }>(
    `SELECT c.slug, count(m.organisation_id)::int AS members
       FROM clusters c LEFT JOIN memberships m ON m.cluster_id = c.id
      WHERE c.published AND c.deleted_at IS NULL
      GROUP BY c.id ORDER BY members, c.slug`,
  );
  const chosen = Array.from({ length: DETAIL_CLUSTERS }, (_, k) => rows[Math.floor(((2 * k + 1) * rows.length) / (2 * DETAIL_CLUSTERS))]!);
  log(`detail: ${chosen.map((c) => `${c.slug} (${c.members} members)`).join(', ')}`);
  return chosen.flatMap((c, k) =>
    LOCALES.map((_, i) => `/api/v1/public/clusters/${encodeURIComponent(c.slug)}?lang=${LOCALES[(k + i) % LOCALES.length]}`),
  );
}

/** The statements of a search on the tables (the fallback of the API), recorded from the product's code. */
async function record(path: string) {
  const parsed = PublicClusterListQuerySchema.parse(Object.fromEntries(new URL(path, 'http://x').searchParams));
  const order = languageOrder((parsed.lang?.split(',') ?? []) as Locale[]);
  // Our API keeps verified keys in memory: a request costs no key query, so none is replayed.
  const statements = await recordStatements((pool) => createPublicService(fromPool(pool).db).list(parsed, order, 'http://127.0.0.1'));
  return { statements, order, limit: parsed.limit, relevance: (parsed.sort ?? (parsed.q ? 'relevance' : 'name')) === 'relevance' };
}

interface Answer {
  status: number;
  body: string;
  contentType: string;
  etag: string | undefined;
  /** Status line and headers as sent, in bytes. */
  headerBytes: number;
}

/** One GET with the given Host header (fetch() may not set it), the body as sent. */
function get(port: number, path: string, secret: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path, headers: { host: FLOOR_HOST, authorization: `Bearer ${secret}`, 'accept-encoding': 'identity' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const raw = res.rawHeaders;
          let headerBytes = `HTTP/1.1 ${res.statusCode} ${res.statusMessage}\r\n\r\n`.length;
          for (let i = 0; i < raw.length; i += 2) headerBytes += Buffer.byteLength(`${raw[i]}: ${raw[i + 1]}\r\n`);
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            contentType: String(res.headers['content-type'] ?? ''),
            etag: res.headers.etag,
            headerBytes,
          });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Stores our API's answers in the floor's table: one row per URL, found by its primary key. */
async function storeFloor(pool: pg.Pool, paths: string[], secret: string) {
  await pool.query(
    `CREATE TABLE IF NOT EXISTS bench_floor (url text PRIMARY KEY, body text NOT NULL, content_type text NOT NULL, etag text)`,
  );
  await pool.query('TRUNCATE bench_floor');
  for (const path of paths) {
    const answer = await get(PORTS.ours, path, secret);
    if (answer.status !== 200) throw new Error(`our API answered ${answer.status} for ${path}: ${answer.body.slice(0, 300)}`);
    await pool.query('INSERT INTO bench_floor (url, body, content_type, etag) VALUES ($1, $2, $3, $4)', [
      path,
      answer.body,
      answer.contentType,
      answer.etag ?? null,
    ]);
  }
  await pool.query('VACUUM ANALYZE bench_floor');
}

/**
 * Builds every public document before anything is measured, with the product's own command
 * (`pnpm db:rebuild-public`), when any is missing, stale or waiting to be built: after loading the
 * directory, the first read would otherwise build all 8,462 × 3 documents inside the warm-up or a
 * round. Returns the seconds it took, or undefined when nothing was to do.
 */
async function ensureDocuments(pool: pg.Pool): Promise<number | undefined> {
  const { rows } = await pool.query<{ expected: number; ready: number }>(
    `SELECT (SELECT count(*)::int * 3 FROM clusters WHERE published AND deleted_at IS NULL) AS expected,
            (SELECT count(*)::int FROM public_documents d JOIN clusters c ON c.id = d.record_id
              WHERE d.kind = 'cluster' AND d.item IS NOT NULL AND c.published AND c.deleted_at IS NULL) AS ready`,
  );
  const { rows: all } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM public_documents WHERE kind = 'cluster'`);
  if (process.env.BENCH_REBUILD !== 'true' && rows[0]!.expected === rows[0]!.ready && all[0]!.n === rows[0]!.expected) return undefined;
  log(`building the public documents (${rows[0]!.ready} of ${rows[0]!.expected} ready)…`);
  const started = Date.now();
  const out = spawnSync('node', [join(root, 'packages/api/dist/modules/public/rebuild-public-cli.js')], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', DATABASE_URL, LOG_LEVEL: 'info', DEMO_DATA: 'false' },
    encoding: 'utf8',
  });
  if (out.status !== 0) throw new Error(`rebuilding the public documents failed:\n${out.stdout}\n${out.stderr}`);
  const seconds = (Date.now() - started) / 1000;
  log(`built in ${seconds.toFixed(1)} s`);
  await pool.query('VACUUM ANALYZE public_documents');
  return seconds;
}

/** Clock ticks per second of /proc/<pid>/stat's CPU times (USER_HZ; 100 on Linux). */
const TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** A process and its descendants (tsx runs the floors in a child node process). */
function tree(pid: number): number[] {
  const pids = [pid];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      for (const child of children ? children.split(' ') : []) pids.push(...tree(Number(child)));
    }
  } catch {
    // Ended meanwhile: counts nothing more.
  }
  return pids;
}

/** CPU seconds (user + system) each process used so far, as the kernel counts them. */
function cpuOf(pids: number[]): Map<number, number> {
  const used = new Map<number, number>();
  for (const pid of pids) {
    try {
      // The fields after the command's closing parenthesis; utime and stime are the 12th and 13th.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      used.set(pid, (Number(fields[11]) + Number(fields[12])) / TICKS);
    } catch {
      // Ended meanwhile.
    }
  }
  return used;
}

/** The PostgreSQL backends that serve the given applications. */
async function backendsOf(pool: pg.Pool, applications: string[]) {
  const { rows } = await pool.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = ANY($1)`,
    [applications],
  );
  return rows.map((r) => r.pid);
}

interface Run {
  requests: number;
  /** CPU milliseconds per answer of the server's process(es) and of its PostgreSQL backends. */
  cpuServerMs?: number;
  cpuDatabaseMs?: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  /** Mean bytes per response, headers and body. */
  bytes: number;
  non2xx: number;
  errors: number;
}

const SERVER_BACKENDS = ['euregionet-api', 'euregionet-bench-floor', 'euregionet-bench-minimal'];

/**
 * One load run on core 1. The servers' PostgreSQL backends are pinned to core 0 before it and
 * again a second into it: a pool opens connections as the load grows, and a backend left
 * unpinned would give its server a share of the second core.
 */
async function loadRun(pool: pg.Pool, server: ChildProcess, port: number, paths: string[], secret: string, duration: number): Promise<Run> {
  const args = JSON.stringify({
    url: `http://127.0.0.1:${port}`,
    paths,
    connections: CONNECTIONS,
    duration,
    headers: { authorization: `Bearer ${secret}`, 'accept-encoding': 'identity' },
  });
  await pinBackends(pool, SERVER_BACKENDS);
  // CPU used during the run, per answer: less noisy than throughput on a shared machine. A
  // backend that is opened during the run counts from zero.
  const processes = tree(server.pid!);
  const serverBefore = cpuOf(processes);
  const databaseBefore = cpuOf(await backendsOf(pool, SERVER_BACKENDS));
  const [command, ...rest] = pinned([join(here, 'node_modules/.bin/tsx'), join(here, 'load.ts'), args], 1);
  const child = spawn(command!, rest, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await sleep(1000);
  await pinBackends(pool, SERVER_BACKENDS);
  if ((await exited) !== 0) throw new Error(`load generator failed: ${stderr}`);
  const serverAfter = cpuOf(processes);
  const databaseAfter = cpuOf(await backendsOf(pool, SERVER_BACKENDS));
  const spent = (before: Map<number, number>, after: Map<number, number>) =>
    [...after].reduce((sum, [pid, seconds]) => sum + seconds - (before.get(pid) ?? 0), 0);
  const run = JSON.parse(stdout.trim().split('\n').at(-1)!) as Run;
  // Backends of every server in the list are counted: only this run's server is busy meanwhile.
  run.cpuServerMs = (spent(serverBefore, serverAfter) * 1000) / run.requests;
  run.cpuDatabaseMs = (spent(databaseBefore, databaseAfter) * 1000) / run.requests;
  return run;
}

async function main() {
  await ensureDatabase();
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
  const loaded = await ensureDirectory(pool);
  // BENCH_BUILD=false leaves the documents as they are: for the search and detail alone (a detail
  // builds its own document on its first read), when a full build would take too long.
  const rebuildSeconds = process.env.BENCH_BUILD === 'false' ? undefined : await ensureDocuments(pool);
  const bytes = await databaseSize(pool);
  log(`database size: ${(bytes / 2 ** 20).toFixed(0)} MiB`);
  // BENCH_PREPARE=true loads the directory and builds the documents, and measures nothing.
  if (process.env.BENCH_PREPARE === 'true') {
    process.stdout.write(`${JSON.stringify({ loaded, rebuildSeconds, databaseBytes: bytes })}\n`);
    await pool.end();
    return;
  }
  const { rows: sizes } = await pool.query<{ memberships: number; published: number }>(
    `SELECT (SELECT count(*)::int FROM memberships) AS memberships, (SELECT count(*)::int FROM clusters WHERE published AND deleted_at IS NULL) AS published`,
  );
  log(
    `directory: ${CLUSTERS} clusters (${sizes[0]!.published} published), ${ORGANISATIONS} organisations, ${sizes[0]!.memberships} memberships`,
  );

  const name = `bench ${new Date().toISOString()}`;
  const { secret } = await createApiKeyService(fromPool(pool).db).create(SYSTEM_CONTEXT, {
    name,
    partner: 'BIC',
    scopes: ['public:read'],
    rateLimitPerMinute: 100_000,
  });
  // Checked on every request like any key's limit, but never reached: kept answers come at several
  // thousand a second, more than the highest limit staff may set (100,000 a minute).
  await pool.query('UPDATE api_keys SET rate_limit_per_minute = 100000000 WHERE name = $1', [name]);

  const scenarios: { name: 'list' | 'detail' | 'search'; paths: string[]; servers: ServerName[] }[] = [
    { name: 'list', paths: LIST, servers: ['ours', 'floor'] },
    { name: 'detail', paths: await detailPaths(pool), servers: ['ours', 'floor'] },
    { name: 'search', paths: SEARCH, servers: ['ours', 'floor', 'replay'] },
  ];
  // BENCH_SCENARIOS=list,detail measures only those (and stores and checks only their URLs: a
  // list URL would build every waiting document).
  const only = process.env.BENCH_SCENARIOS?.split(',');
  const measured = only ? scenarios.filter((s) => only.includes(s.name)) : scenarios;
  const allPaths = measured.flatMap((s) => s.paths);

  const recordings: Record<string, Awaited<ReturnType<typeof record>>> = {};
  for (const path of SEARCH) recordings[path] = await record(path);
  const work = mkdtempSync(join(tmpdir(), 'euregionet-bench-'));
  const recordingFile = join(work, 'recordings.json');
  writeFileSync(recordingFile, JSON.stringify({ port: PORTS.replay, databaseUrl: DATABASE_URL, recordings }));

  const tsx = join(here, 'node_modules/.bin/tsx');
  const ours = await startApi(PORTS.ours);
  const children = [ours];
  try {
    await storeFloor(pool, allPaths, secret);
    children.push(
      await start(
        'floor server',
        pinned([tsx, join(here, 'floor-server.ts'), String(PORTS.floor), DATABASE_URL], 0),
        {},
        /floor listening/,
      ),
    );
    children.push(
      await start(
        'replay server',
        pinned([tsx, '--conditions=euregionet-source', join(here, 'minimal-server.ts'), recordingFile], 0),
        {},
        /minimal listening/,
      ),
    );

    // Same bytes, or the comparison means nothing: every server of a scenario, every URL.
    const wire: Record<string, Partial<Record<ServerName, { header: number; body: number }>>> = {};
    for (const { name, paths, servers } of measured) {
      wire[name] = {};
      for (const path of paths) {
        const answers = await Promise.all(servers.map((server) => get(PORTS[server], path, secret)));
        const [reference] = answers;
        answers.forEach((a, i) => {
          if (a.status !== 200 || a.body !== reference!.body || a.contentType !== reference!.contentType)
            throw new Error(
              `${servers[i]} answers ${path} differently:\n${reference!.status} ${reference!.contentType} ${reference!.body.slice(0, 300)}\n${a.status} ${a.contentType} ${a.body.slice(0, 300)}`,
            );
          const sums = (wire[name]![servers[i]!] ??= { header: 0, body: 0 });
          sums.header += a.headerBytes / paths.length;
          sums.body += Buffer.byteLength(a.body) / paths.length;
        });
        if (answers[1]!.etag !== reference!.etag) throw new Error(`the floor's ETag differs from ours for ${path}`);
      }
    }
    const byName: Record<ServerName, ChildProcess> = { ours: children[0]!, floor: children[1]!, replay: children[2]! };
    log(`all servers answer the same bytes for all ${allPaths.length} URLs; pinned to cores: ${PINNED}`);

    const results: Record<string, Partial<Record<ServerName, Run[]>>> = {};
    const loads: number[] = [];
    for (const { name, paths, servers } of measured) {
      results[name] = Object.fromEntries(servers.map((s) => [s, []]));
      for (const server of servers) await loadRun(pool, byName[server], PORTS[server], paths, secret, 3); // warm-up
      for (let round = 1; round <= ROUNDS; round++) {
        for (const server of servers) {
          loads.push(loadavg()[0]!);
          const run = await loadRun(pool, byName[server], PORTS[server], paths, secret, DURATION);
          loads.push(loadavg()[0]!);
          if (run.non2xx || run.errors) throw new Error(`${server} ${name}: ${run.non2xx} non-2xx, ${run.errors} errors`);
          results[name][server]!.push(run);
          log(
            `${name} round ${round} ${server}: ${run.rps.toFixed(0)} req/s, p50 ${run.p50} ms, p95 ${run.p95} ms, p99 ${run.p99} ms, CPU ms per answer: server ${run.cpuServerMs!.toFixed(3)}, database ${run.cpuDatabaseMs!.toFixed(3)}`,
          );
        }
      }
    }

    const rounds = (name: string, server: ServerName) => results[name]![server]!;
    const perRound = (name: string, a: ServerName, b: ServerName, of: (r: Run) => number) =>
      rounds(name, a).map((r, i) => of(r) / of(rounds(name, b)[i]!));
    /** CPU per answer, server and database together: its inverse is the throughput of a core kept busy. */
    const cpu = (r: Run) => r.cpuServerMs! + r.cpuDatabaseMs!;
    const verdict = (met: boolean) => (met ? '**met**' : '**not met**');
    /** The targets of issue 22, for the scenarios that were measured. */
    const targets: Record<string, () => string[]> = {
      list: () => {
        const ratio = perRound('list', 'ours', 'floor', (r) => r.rps);
        return [
          `- list: throughput ours / floor = ${summary(ratio, 2)} per round — target ≥ 0.8: ${verdict(median(ratio) >= 0.8)}; CPU per answer floor / ours = ${summary(perRound('list', 'floor', 'ours', cpu), 2)}`,
        ];
      },
      detail: () => {
        const ratio = perRound('detail', 'ours', 'floor', (r) => r.rps);
        return [
          `- detail: throughput ours / floor = ${summary(ratio, 2)} per round — target ≥ 0.6: ${verdict(median(ratio) >= 0.6)}; CPU per answer floor / ours = ${summary(perRound('detail', 'floor', 'ours', cpu), 2)}`,
        ];
      },
      search: () => {
        const p95 = perRound('search', 'ours', 'floor', (r) => r.p95);
        const floor = summary(
          perRound('search', 'ours', 'floor', (r) => r.rps),
          2,
        );
        const replay = summary(
          perRound('search', 'ours', 'replay', (r) => r.rps),
          2,
        );
        return [
          `- search: p95 ours / floor = ${summary(p95, 2)} per round — target ≤ 2: ${verdict(median(p95) <= 2)}`,
          `- search: throughput ours / floor = ${floor}, ours / replay = ${replay} per round`,
        ];
      },
    };

    const lines = [
      `Directory: ${CLUSTERS} clusters (${sizes[0]!.published} published), ${ORGANISATIONS} organisations, ${sizes[0]!.memberships} memberships${rebuildSeconds === undefined ? '' : `; public documents built in ${rebuildSeconds.toFixed(0)} s`}. ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${DURATION} s, medians (min–max)${PINNED ? ', servers and their PostgreSQL backends on core 0, load generator on core 1' : ''}. Load average (1 min) during the rounds: ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}.`,
      '',
      '| endpoint | server | req/s | p50 ms | p95 ms | p99 ms | CPU ms per answer: server + database | header + body bytes |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ];
    for (const { name, servers } of measured) {
      for (const server of servers) {
        const runs = rounds(name, server);
        const bytes = wire[name]![server]!;
        lines.push(
          `| ${name} | ${LABELS[server]} | ${summary(runs.map((r) => r.rps))} | ${summary(runs.map((r) => r.p50))} | ${summary(runs.map((r) => r.p95))} | ${summary(runs.map((r) => r.p99))} | ${summary(
            runs.map((r) => r.cpuServerMs!),
            3,
          )} + ${summary(
            runs.map((r) => r.cpuDatabaseMs!),
            3,
          )} | ${bytes.header.toFixed(0)} + ${bytes.body.toFixed(0)} |`,
        );
      }
    }
    lines.push('', ...measured.flatMap(({ name }) => targets[name]!()));
    process.stdout.write(`${lines.join('\n')}\n`);
    writeFileSync(
      join(here, 'results.json'),
      JSON.stringify(
        { at: new Date().toISOString(), connections: CONNECTIONS, loads, wire, loaded, rebuildSeconds, databaseBytes: bytes, results },
        null,
        2,
      ),
    );
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await pool.end();
  }
}

await main();
