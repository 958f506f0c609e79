import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { languageOrder, PublicClusterListQuerySchema, type Locale } from '@euregionet/shared';
import { fromPool } from '../packages/api/src/db/client.ts';
import { SYSTEM_CONTEXT } from '../packages/api/src/modules/auth/actor.ts';
import { createApiKeyService } from '../packages/api/src/modules/api-keys/api-keys.service.ts';
import { createPublicService } from '../packages/api/src/modules/public/public.service.ts';
import { CLUSTERS, ORGANISATIONS } from './generate.ts';
import {
  DATABASE_URL,
  ensureDatabase,
  ensureDirectory,
  here,
  log,
  median,
  PINNED,
  pinBackends,
  pinned,
  start,
  startApi,
  summary,
} from './support.ts';

/**
 * The benchmark of issue 4: the public list and search endpoints against a minimal Fastify + pg
 * handler that runs the same SQL, on a directory of 10,000 clusters and 100,000 organisations
 * in a real PostgreSQL server. Servers (and their PostgreSQL backends) on core 0, the load
 * generator on core 1; ours and the minimal one alternate, round after round, and the medians
 * are reported with their min–max. See BENCHMARKS.md.
 */
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const OURS_PORT = 3917;
const MINIMAL_PORT = 3918;

const SCENARIOS: Record<'list' | 'search', string[]> = {
  list: [
    '/api/v1/public/clusters?lang=pl&limit=25',
    '/api/v1/public/clusters?lang=de&limit=25&country=PL',
    '/api/v1/public/clusters?lang=en&limit=25&sector=C',
    '/api/v1/public/clusters?lang=pl&limit=25&brand=true',
  ],
  search: [
    '/api/v1/public/clusters?lang=en&limit=25&q=metal',
    '/api/v1/public/clusters?lang=de&limit=25&q=Wasserstoff',
    '/api/v1/public/clusters?lang=pl&limit=25&q=zielona%20gora',
    '/api/v1/public/clusters?lang=pl&limit=25&q=fotoniki',
    '/api/v1/public/clusters?lang=pl&limit=25&q=zywnosci%20slubice',
    '/api/v1/public/clusters?lang=en&limit=25&q=photnics',
    '/api/v1/public/clusters?lang=de&limit=25&q=Logistik%20Guben',
    '/api/v1/public/clusters?lang=en&limit=25&q=recycling&country=PL',
  ],
};

/** The statements our API runs for a request, recorded from the same code the server runs. */
async function record(secret: string, path: string) {
  const recording = new pg.Pool({ connectionString: DATABASE_URL, max: 1 });
  const statements: { text: string; values: unknown[] }[] = [];
  const query = recording.query.bind(recording) as (...args: unknown[]) => Promise<unknown>;
  (recording as unknown as { query: (...args: unknown[]) => Promise<unknown> }).query = (...args: unknown[]) => {
    const [first, second] = args as [string | { text: string; values?: unknown[] }, unknown[] | undefined];
    statements.push(
      typeof first === 'string' ? { text: first, values: second ?? [] } : { text: first.text, values: first.values ?? second ?? [] },
    );
    return query(...args);
  };
  const db = fromPool(recording).db;
  const params = Object.fromEntries(new URL(path, 'http://x').searchParams);
  const parsed = PublicClusterListQuerySchema.parse(params);
  const order = languageOrder((parsed.lang?.split(',') ?? []) as Locale[]);
  await createApiKeyService(db).authenticate(secret);
  await createPublicService(db).list(parsed, order, 'http://127.0.0.1');
  await recording.end();
  return { statements, order, limit: parsed.limit, relevance: (parsed.sort ?? (parsed.q ? 'relevance' : 'name')) === 'relevance' };
}

interface Run {
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  non2xx: number;
  errors: number;
}

function loadRun(port: number, paths: string[], secret: string, duration: number): Run {
  const args = JSON.stringify({
    url: `http://127.0.0.1:${port}`,
    paths,
    connections: CONNECTIONS,
    duration,
    headers: { authorization: `Bearer ${secret}`, 'accept-encoding': 'identity' },
  });
  const [command, ...rest] = pinned([join(here, 'node_modules/.bin/tsx'), join(here, 'load.ts'), args], 1);
  const out = spawnSync(command!, rest, { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`load generator failed: ${out.stderr}`);
  return JSON.parse(out.stdout.trim().split('\n').at(-1)!) as Run;
}

async function main() {
  await ensureDatabase();
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
  await ensureDirectory(pool);
  const { rows: sizes } = await pool.query<{ memberships: number; published: number; words: number }>(
    `SELECT (SELECT count(*)::int FROM memberships) AS memberships, (SELECT count(*)::int FROM clusters WHERE published AND deleted_at IS NULL) AS published,
            (SELECT count(*)::int FROM search_words) AS words`,
  );
  log(
    `directory: ${CLUSTERS} clusters (${sizes[0]!.published} published), ${ORGANISATIONS} organisations, ${sizes[0]!.memberships} memberships`,
  );

  const { secret } = await createApiKeyService(fromPool(pool).db).create(SYSTEM_CONTEXT, {
    name: `bench ${new Date().toISOString()}`,
    partner: 'BIC',
    scopes: ['public:read'],
    rateLimitPerMinute: 100_000,
  });

  const recordings: Record<string, Awaited<ReturnType<typeof record>>> = {};
  for (const path of [...SCENARIOS.list, ...SCENARIOS.search]) recordings[path] = await record(secret, path);
  const work = mkdtempSync(join(tmpdir(), 'euregionet-bench-'));
  const recordingFile = join(work, 'recordings.json');
  writeFileSync(recordingFile, JSON.stringify({ port: MINIMAL_PORT, databaseUrl: DATABASE_URL, recordings }));

  const ours = await startApi(OURS_PORT);
  const minimal = await start(
    'minimal server',
    pinned([join(here, 'node_modules/.bin/tsx'), '--conditions=euregionet-source', join(here, 'minimal-server.ts'), recordingFile], 0),
    {},
    /minimal listening/,
  );

  try {
    // Same answers, or the comparison means nothing.
    for (const path of Object.keys(recordings)) {
      const [a, b] = await Promise.all(
        [OURS_PORT, MINIMAL_PORT].map((port) =>
          fetch(`http://127.0.0.1:${port}${path}`, { headers: { authorization: `Bearer ${secret}` } }).then(async (r) => ({
            status: r.status,
            body: (await r.text()).replaceAll(`:${port}/`, ':PORT/'),
          })),
        ),
      );
      if (a!.status !== 200 || a!.body !== b!.body)
        throw new Error(`answers differ for ${path}:\n${a!.status} ${a!.body.slice(0, 300)}\n${b!.status} ${b!.body.slice(0, 300)}`);
    }
    log(`both servers answer the same JSON for all ${Object.keys(recordings).length} URLs; pinned to cores: ${PINNED}`);

    const results: Record<string, Record<'ours' | 'minimal', Run[]>> = {};
    for (const [scenario, paths] of Object.entries(SCENARIOS)) {
      results[scenario] = { ours: [], minimal: [] };
      for (const port of [OURS_PORT, MINIMAL_PORT]) loadRun(port, paths, secret, 3); // warm-up
      for (let round = 1; round <= ROUNDS; round++) {
        for (const [name, port] of [
          ['ours', OURS_PORT],
          ['minimal', MINIMAL_PORT],
        ] as const) {
          await pinBackends(pool, ['euregionet-api', 'euregionet-bench-minimal']);
          const run = loadRun(port, paths, secret, DURATION);
          if (run.non2xx || run.errors) throw new Error(`${name} ${scenario}: ${run.non2xx} non-2xx, ${run.errors} errors`);
          results[scenario][name].push(run);
          log(`${scenario} round ${round} ${name}: ${run.rps.toFixed(0)} req/s, p50 ${run.p50} ms, p95 ${run.p95} ms, p99 ${run.p99} ms`);
        }
      }
    }

    const lines = [
      `Directory: ${CLUSTERS} clusters (${sizes[0]!.published} published), ${ORGANISATIONS} organisations, ${sizes[0]!.memberships} memberships. ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${DURATION} s, medians (min–max)${PINNED ? ', servers and their PostgreSQL backends on core 0, load generator on core 1' : ''}.`,
      '',
      '| endpoint | server | req/s | p50 ms | p95 ms | p99 ms |',
      '| --- | --- | --- | --- | --- | --- |',
    ];
    for (const [scenario, byServer] of Object.entries(results)) {
      for (const name of ['ours', 'minimal'] as const) {
        const runs = byServer[name];
        lines.push(
          `| ${scenario} | ${name === 'ours' ? 'EuRegioNet public API' : 'minimal Fastify + pg'} | ${summary(runs.map((r) => r.rps))} | ${summary(runs.map((r) => r.p50))} | ${summary(runs.map((r) => r.p95))} | ${summary(runs.map((r) => r.p99))} |`,
        );
      }
    }
    lines.push('');
    for (const [scenario, byServer] of Object.entries(results)) {
      const ratios = byServer.ours.map((r, i) => r.rps / byServer.minimal[i]!.rps);
      lines.push(`- ${scenario}: throughput ours / minimal = ${summary(ratios, 2)} (per round)`);
    }
    lines.push(`- search p95 (ours) = ${median(results.search!.ours.map((r) => r.p95)).toFixed(0)} ms at ${CONNECTIONS} connections`);
    process.stdout.write(`${lines.join('\n')}\n`);
    writeFileSync(join(here, 'results.json'), JSON.stringify({ at: new Date().toISOString(), connections: CONNECTIONS, results }, null, 2));
  } finally {
    ours.kill('SIGTERM');
    minimal.kill('SIGTERM');
    await pool.end();
  }
}

await main();
