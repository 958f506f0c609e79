import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fromEmbeddedServer } from '../packages/api/src/db/client.ts';
import { startEmbeddedServer } from '../packages/api/src/db/embedded.ts';
import { migrate } from '../packages/api/src/db/migrate.ts';
import { generate, load } from './generate.ts';
import { latencySummary } from './latencies.ts';
import { log, PINNED, signInBenchAdmin, sleep, startApi, summary } from './support.ts';

/**
 * The embedded database under a long read: the built API on PGlite with 20,000 organisations,
 * 4 exports of all of them at once, round after round, while /health/live is asked every 50 ms
 * (one request at a time, as a load balancer's probe does). The probe's latency is what a
 * frozen event loop shows first. See BENCHMARKS.md.
 *
 * BENCH_API_ENTRY runs another build of the API (an older one, to compare); BENCH_DATA_DIR keeps
 * the loaded folder between runs (creating it costs a minute).
 */
const DATA_DIR = process.env.BENCH_DATA_DIR ?? join(tmpdir(), 'euregionet-bench-embedded');
const ENTRY = process.env.BENCH_API_ENTRY ?? 'packages/api/dist/server.js';
const ORGANISATIONS = 20_000;
const CONCURRENT = 4;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PROBE_EVERY_MS = 50;
const PORT = Number(process.env.BENCH_PORT ?? 3931);
const TARGET_P99_MS = 100;
/** Seconds of probing with no export running: the floor this machine gives a trivial request. */
const QUIET_SECONDS = Number(process.env.BENCH_QUIET_SECONDS ?? 15);
/** Pinned to one core, the database's thread and the API's share it (production does not pin). */
const PIN = process.env.BENCH_PIN === 'true';

/** The first 20,000 organisations of the generated directory, with the clusters and memberships among them. */
function directory() {
  const all = generate();
  const organisations = all.organisations.slice(0, ORGANISATIONS);
  const clusters = all.clusters.slice(0, ORGANISATIONS / 10);
  const organisationIds = new Set(organisations.map((o) => o[0]));
  const clusterIds = new Set(clusters.map((c) => c[0]));
  const memberships = all.memberships.filter((m) => clusterIds.has(m[0]) && organisationIds.has(m[1]));
  return { organisations, clusters, memberships };
}

async function ensureDataDir() {
  const database = fromEmbeddedServer(await startEmbeddedServer({ dataDir: DATA_DIR }));
  try {
    await migrate(database);
    const { rows } = await database.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM organisations WHERE deleted_at IS NULL');
    if (rows[0]!.n !== ORGANISATIONS) {
      const started = Date.now();
      log(`loading ${ORGANISATIONS} organisations into ${DATA_DIR}…`);
      await load(database.pool, directory());
      log(`loaded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  } finally {
    await database.close();
  }
}

async function main() {
  await ensureDataDir();
  const api = await startApi(PORT, { dataDir: DATA_DIR, entry: ENTRY, pin: PIN });
  const base = `http://127.0.0.1:${PORT}`;
  try {
    const { cookie } = await signInBenchAdmin(base);

    const exportAll = async () => {
      const started = performance.now();
      const res = await fetch(`${base}/api/v1/exports/organisations?format=csv`, { headers: { cookie } });
      const body = await res.text();
      if (!res.ok) throw new Error(`export: ${res.status} ${body.slice(0, 200)}`);
      // A header line, then one line per organisation (no cell of the generated data holds a line break).
      const lines = body.split('\r\n').length - 2;
      if (lines !== ORGANISATIONS) throw new Error(`export: ${lines} rows instead of ${ORGANISATIONS}`);
      return performance.now() - started;
    };

    log('warm-up: one export…');
    await exportAll();

    let probing = true;
    /** Probes that got no answer: a connection the server closed while it was held up, say. */
    let failed = 0;
    const probe = async (into: number[]) => {
      while (probing) {
        const started = performance.now();
        try {
          const res = await fetch(`${base}/health/live`);
          await res.arrayBuffer();
          if (!res.ok) throw new Error(`/health/live: ${res.status}`);
          into.push(performance.now() - started);
        } catch {
          failed++;
        }
        await sleep(PROBE_EVERY_MS);
      }
    };

    log(`${QUIET_SECONDS} s of probes with no export running…`);
    const quietProbes: number[] = [];
    const quiet = probe(quietProbes);
    await sleep(QUIET_SECONDS * 1000);
    probing = false;
    await quiet;

    const probes: number[] = [];
    probing = true;
    const busy = probe(probes);

    const exports: number[] = [];
    const started = performance.now();
    for (let round = 1; round <= ROUNDS; round++) {
      log(`round ${round} of ${ROUNDS}: ${CONCURRENT} exports of ${ORGANISATIONS} organisations at once…`);
      exports.push(...(await Promise.all(Array.from({ length: CONCURRENT }, exportAll))));
    }
    const elapsed = (performance.now() - started) / 1000;
    probing = false;
    await busy;

    const live = latencySummary(probes);
    const floor = latencySummary(quietProbes);
    const lines = [
      `Embedded database (${ENTRY}), ${ROUNDS} rounds of ${CONCURRENT} concurrent CSV exports of ${ORGANISATIONS} organisations, ${elapsed.toFixed(0)} s${PIN && PINNED ? '; API on core 0' : '; API not pinned'}.`,
      '',
      `- /health/live with no export running (${quietProbes.length} answers): p50 ${floor.p50.toFixed(0)} ms, p95 ${floor.p95.toFixed(0)} ms, p99 ${floor.p99.toFixed(0)} ms, max ${floor.max.toFixed(0)} ms`,
      `- /health/live, asked every ${PROBE_EVERY_MS} ms meanwhile (${probes.length} answers, ${failed} failed): p50 ${live.p50.toFixed(0)} ms, p95 ${live.p95.toFixed(0)} ms, p99 ${live.p99.toFixed(0)} ms, max ${live.max.toFixed(0)} ms (target p99 < ${TARGET_P99_MS} ms: ${live.p99 < TARGET_P99_MS ? 'met' : 'missed'})`,
      `- one export among ${CONCURRENT} at once: ${summary(
        exports.map((ms) => ms / 1000),
        1,
      )} s (median, min–max of ${exports.length})`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    api.kill('SIGTERM');
    await new Promise((resolve) => api.once('exit', resolve));
  }
}

await main();
