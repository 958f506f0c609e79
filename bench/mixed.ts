import { join } from 'node:path';
import pg from 'pg';
import {
  DATABASE_URL,
  ensureDatabase,
  ensureDirectory,
  here,
  log,
  mixedWorkloadInput,
  pinBackends,
  pinned,
  PINNED,
  rssMiB,
  runLoadGenerator,
  sleep,
  startApi,
  signInBenchAdmin,
} from './support.ts';

/**
 * The mixed workload of issue 10: portal list and search, public and staff detail reads, and
 * staff creating and correcting clusters, against the built API on the 10,000-cluster directory
 * for a fixed time (5 minutes by default). Reports throughput, latency percentiles, every
 * answer's status (anything but 2xx is an error) and the API's resident memory after the
 * warm-up, at its peak, and at the end. See BENCHMARKS.md.
 */
const PORT = 3919;
const DURATION = Number(process.env.BENCH_DURATION ?? 300);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const WARMUP = 15;
/** RSS may grow this much over the run (MiB): caches filling, not a leak. */
const MEMORY_BOUND = 64;
const WRITTEN = 'Lastprobe %';

interface Result {
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  statuses: Record<string, number>;
  non2xx: number;
  errors: number;
}

const generateLoad = (input: Record<string, unknown>) =>
  runLoadGenerator<Result>(pinned([join(here, 'node_modules/.bin/tsx'), join(here, 'mixed-load.ts'), JSON.stringify(input)], 1));

async function main() {
  await ensureDatabase();
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
  await ensureDirectory(pool);
  // Clusters written by an earlier run would change the directory the other benchmarks measure.
  await pool.query(`DELETE FROM clusters WHERE name->>'de' LIKE $1`, [WRITTEN]);

  const { key: secret, slugs, ids } = await mixedWorkloadInput(pool, 'bench mixed');

  const api = await startApi(PORT);
  try {
    const { cookie, csrf } = await signInBenchAdmin(`http://127.0.0.1:${PORT}`);
    const input = {
      url: `http://127.0.0.1:${PORT}`,
      connections: CONNECTIONS,
      key: secret,
      cookie,
      csrf,
      slugs,
      ids,
    };

    await pinBackends(pool, ['euregionet-api']);
    log(`warm-up ${WARMUP} s…`);
    const warm = await generateLoad({ ...input, duration: WARMUP });
    if (warm.non2xx || warm.errors) throw new Error(`warm-up: ${JSON.stringify(warm.statuses)}, ${warm.errors} errors`);
    await pinBackends(pool, ['euregionet-api']);
    await sleep(2000);
    const before = rssMiB(api.pid!);

    log(`mixed workload for ${DURATION} s at ${CONNECTIONS} connections…`);
    const samples: number[] = [];
    const sampler = setInterval(() => samples.push(rssMiB(api.pid!)), 5000);
    const result = await generateLoad({ ...input, duration: DURATION });
    clearInterval(sampler);
    await sleep(2000);
    const after = rssMiB(api.pid!);
    const peak = Math.max(before, after, ...samples);
    const { rows: written } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM clusters WHERE name->>'de' LIKE $1`, [
      WRITTEN,
    ]);

    const share = (statuses: Record<string, number>) =>
      Object.entries(statuses)
        .map(([status, n]) => `${status}: ${n}`)
        .join(', ');
    const lines = [
      `Mixed workload, ${CONNECTIONS} connections, ${DURATION} s after a ${WARMUP} s warm-up${PINNED ? '; API and its PostgreSQL backends on core 0, load generator on core 1' : ''}.`,
      '',
      `- requests: ${result.requests} (${result.rps.toFixed(0)} req/s); answers by status: ${share(result.statuses)}`,
      `- latency: p50 ${result.p50.toFixed(0)} ms, p95 ${result.p95.toFixed(0)} ms, p99 ${result.p99.toFixed(0)} ms, max ${result.max.toFixed(0)} ms`,
      `- errors (non-2xx, failed or timed-out requests): ${result.non2xx + result.errors}`,
      `- clusters created and corrected (warm-up included): ${written[0]!.n}`,
      `- API resident memory: ${before.toFixed(0)} MiB after the warm-up, peak ${peak.toFixed(0)} MiB, ${after.toFixed(0)} MiB at the end (growth ${(after - before).toFixed(0)} MiB; bound ${MEMORY_BOUND} MiB)`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    if (result.non2xx || result.errors) throw new Error('the mixed workload had errors');
    if (after - before > MEMORY_BOUND) throw new Error(`memory grew by ${(after - before).toFixed(0)} MiB`);
  } finally {
    api.kill('SIGTERM');
    await pool.query(`DELETE FROM clusters WHERE name->>'de' LIKE $1`, [WRITTEN]).catch(() => undefined);
    await pool.end();
  }
}

await main();
