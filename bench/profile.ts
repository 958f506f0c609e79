import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { fromPool } from '../packages/api/src/db/client.ts';
import { SYSTEM_CONTEXT } from '../packages/api/src/modules/auth/actor.ts';
import { createApiKeyService } from '../packages/api/src/modules/api-keys/api-keys.service.ts';
import { BENCH_API_ENV, DATABASE_URL, LIST, log, root, SEARCH, sleep } from './support.ts';

/**
 * Where the built API spends its time answering portals: runs it with `node --cpu-prof` on the
 * bench database (loaded by `pnpm bench`), loads one scenario's URLs with autocannon, and prints
 * the functions with the most self time, grouped by package or file, and the query count per
 * request. `pnpm bench:profile list|detail|search [seconds]`; `BENCH_PORT` sets its port. See BENCHMARKS.md.
 */
const scenario = process.argv[2] ?? 'list';
const seconds = Number(process.argv[3] ?? 10);
/** BENCH_PORT: where the profiled API listens. */
const PORT = Number(process.env.BENCH_PORT ?? 3927);

const PATHS: Record<string, string[]> = {
  list: LIST,
  detail: [],
  search: SEARCH,
};

const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
if (scenario === 'detail') {
  const { rows } = await pool.query<{ slug: string }>(
    `SELECT slug FROM public_documents WHERE kind = 'cluster' AND lang = 'de' ORDER BY record_id LIMIT 8`,
  );
  PATHS.detail = rows.flatMap((r) => ['de', 'pl', 'en'].map((l) => `/api/v1/public/clusters/${r.slug}?lang=${l}`));
}
const { secret } = await createApiKeyService(fromPool(pool).db).create(SYSTEM_CONTEXT, {
  name: `profile ${new Date().toISOString()}`,
  partner: 'BIC',
  scopes: ['public:read'],
  rateLimitPerMinute: 100_000,
});

const dir = mkdtempSync(join(tmpdir(), 'euregionet-profile-'));
const spawnedAt = Date.now();
const api = spawn('node', ['--cpu-prof', `--cpu-prof-dir=${dir}`, join(root, 'packages/api/dist/server.js')], {
  env: {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(PORT),
    DATABASE_URL,
    ...BENCH_API_ENV,
  },
  stdio: 'inherit',
});
for (let i = 0; ; i++) {
  if (
    await fetch(`http://127.0.0.1:${PORT}/health/ready`).then(
      (r) => r.ok,
      () => false,
    )
  )
    break;
  if (i > 300) throw new Error('the API did not start');
  await sleep(200);
}

// Statements per request, from the database's own count (pg_stat_database.xact_commit counts
// each statement outside a transaction, as the public reads run).
const commits = async () =>
  Number((await pool.query<{ n: string }>(`SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()`)).rows[0]!.n);

const run = (duration: number) =>
  autocannon({
    url: `http://127.0.0.1:${PORT}`,
    connections: 16,
    duration,
    headers: { authorization: `Bearer ${secret}`, 'accept-encoding': 'identity' },
    requests: PATHS[scenario]!.map((path) => ({ method: 'GET', path })),
  });
await run(2);
// Samples before this (start-up, module loading, warm-up) are left out of the figures.
const measuredFrom = (Date.now() - spawnedAt) * 1000;
const before = await commits();
const result = await run(seconds);
const measuredTo = (Date.now() - spawnedAt) * 1000;
await sleep(600); // the statistics collector reports with a delay
const after = await commits();
log(
  `${scenario}: ${result.requests.total} answers (${result.non2xx} not 2xx), ${((after - before) / result.requests.total).toFixed(2)} statements per answer (approximate: other databases' work is not counted, this one's other sessions are)`,
);

api.kill('SIGTERM');
await new Promise((resolve) => api.once('exit', resolve));
await pool.end();

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))!;
const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
const self = new Map<number, number>();
let clock = 0;
profile.samples.forEach((id, i) => {
  clock += profile.timeDeltas[i] ?? 0;
  if (clock >= measuredFrom && clock <= measuredTo) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const total = [...self.values()].reduce((a, b) => a + b, 0);
const byFunction = new Map<string, number>();
const byOrigin = new Map<string, number>();
for (const node of profile.nodes) {
  const us = self.get(node.id) ?? 0;
  const { functionName, url, lineNumber } = node.callFrame;
  const origin =
    /node_modules\/\.pnpm\/([^/]+)/.exec(url)?.[1] ??
    (url.includes('/dist/') ? url.replace(/.*\/dist\//, 'api:') : url || functionName || '(native)');
  byOrigin.set(origin, (byOrigin.get(origin) ?? 0) + us);
  const name = `${functionName || '(anonymous)'} ${origin}:${lineNumber + 1}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + us);
}
const top = (m: Map<string, number>, n: number) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, us]) => `${((us / total) * 100).toFixed(1).padStart(5)} %  ${(us / result.requests.total / 1000).toFixed(4)} ms/answer  ${k}`)
    .join('\n');
process.stdout.write(
  `CPU profile of ${scenario}, ${(total / 1e6).toFixed(1)} s sampled while loaded (idle included)\n\nby origin:\n${top(byOrigin, 25)}\n\nby function:\n${top(byFunction, 40)}\n`,
);
