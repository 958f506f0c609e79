import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { startTopology, type Topology } from '../packages/api/src/topology/topology.ts';
import {
  BENCH_API_ENV,
  ensureDatabase,
  ensureDirectory,
  here,
  log,
  mixedWorkloadInput,
  root,
  runLoadGenerator,
  sleep,
  summary,
  signInBenchAdmin,
} from './support.ts';

/**
 * Throughput of the public list and of the mixed workload (bench/mixed-load.ts) with 1, 2 and 3
 * API processes behind the loopback proxy of `pnpm topology`, on PostgreSQL and Redis. Three
 * processes run throughout; the proxy sends traffic to the first 1, 2 or 3 of them (the others
 * idle), and the counts alternate round by round so that the machine's other load falls on all
 * alike. One process without the proxy is measured too: what the proxy itself costs. Nothing is
 * pinned: the point is how far more processes use more cores. See BENCHMARKS.md.
 */
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/euregionet_bench_topology';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const WRITTEN = 'Lastprobe %';
const LIST = [
  '/api/v1/public/clusters?lang=pl&limit=25',
  '/api/v1/public/clusters?lang=de&limit=25&country=PL',
  '/api/v1/public/clusters?lang=en&limit=25&sector=C',
  '/api/v1/public/clusters?lang=pl&limit=25&brand=true',
];

interface Result {
  requests: number;
  rps: number;
  p95: number;
  non2xx: number;
  errors: number;
  statuses?: Record<string, number>;
}

const run = (script: string, input: Record<string, unknown>) =>
  runLoadGenerator<Result>([join(here, 'node_modules/.bin/tsx'), join(here, script), JSON.stringify(input)]);

/** CPU seconds a process has used (user and system), as the kernel counts them; 0 once it is gone. */
function cpuSeconds(pid: number): number {
  try {
    // The fields after the command name, which may hold spaces: utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Where the CPU of a run went: the API processes, the proxy (this process), PostgreSQL's backends of the API. */
async function cpuSnapshot(pool: pg.Pool, apiPids: number[]) {
  const { rows } = await pool.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'euregionet-api'`,
  );
  const usage = process.cpuUsage();
  return {
    api: apiPids.reduce((sum, pid) => sum + cpuSeconds(pid), 0),
    proxy: (usage.user + usage.system) / 1e6,
    postgres: new Map(rows.map((r) => [r.pid, cpuSeconds(r.pid)])),
  };
}

function cpuSpent(before: Awaited<ReturnType<typeof cpuSnapshot>>, after: Awaited<ReturnType<typeof cpuSnapshot>>) {
  let postgres = 0;
  for (const [pid, seconds] of after.postgres) postgres += seconds - (before.postgres.get(pid) ?? 0);
  return { api: after.api - before.api, proxy: after.proxy - before.proxy, postgres };
}

/** Every public document built before measuring (as run.ts does), so that no round builds them. */
async function ensureDocuments(pool: pg.Pool) {
  const { rows } = await pool.query<{ missing: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM clusters c WHERE c.published AND c.deleted_at IS NULL AND NOT EXISTS (
       SELECT 1 FROM public_documents d WHERE d.kind = 'cluster' AND d.record_id = c.id AND d.item IS NOT NULL)) AS missing`,
  );
  if (!rows[0]!.missing) return;
  log('building the public documents…');
  const out = spawnSync('node', [join(root, 'packages/api/dist/modules/public/rebuild-public-cli.js')], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', DATABASE_URL, LOG_LEVEL: 'warn', DEMO_DATA: 'false' },
    encoding: 'utf8',
  });
  if (out.status !== 0) throw new Error(`rebuilding the public documents failed:\n${out.stdout}\n${out.stderr}`);
  await pool.query('VACUUM ANALYZE public_documents');
}

async function main() {
  await ensureDatabase(DATABASE_URL);
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
  // Before the count check: clusters an interrupted run wrote would make it load the directory again.
  await pool.query(`DELETE FROM clusters WHERE name->>'de' LIKE $1`, [WRITTEN]).catch(() => undefined);
  await ensureDirectory(pool);
  await ensureDocuments(pool);
  const { key: secret, slugs, ids } = await mixedWorkloadInput(pool, 'bench topology');

  log('starting three API processes and the proxy…');
  let topology: Topology | undefined;
  // Interrupted: the processes go with the benchmark.
  process.once('SIGINT', () => void topology?.close().finally(() => process.exit(130)));
  try {
    topology = await startTopology({
      processes: 3,
      env: {
        DATABASE_URL,
        REDIS_URL,
        ...BENCH_API_ENV,
      },
    });
    const { cookie, csrf } = await signInBenchAdmin(topology.url);

    /** `direct`: the first process itself, without the proxy. */
    const configs = ['1 direct', '1', '2', '3'] as const;
    const use = (config: (typeof configs)[number]) => {
      const n = config === '1 direct' ? 1 : Number(config);
      topology!.instances.forEach((instance, i) => (instance.excluded = i >= n));
      return config === '1 direct' ? topology!.instances[0]!.url : topology!.url;
    };
    const list = (url: string, duration: number) =>
      run('load.ts', {
        url,
        paths: LIST,
        connections: CONNECTIONS,
        duration,
        headers: { authorization: `Bearer ${secret}`, 'accept-encoding': 'identity' },
      });
    const mixed = (url: string, duration: number) =>
      run('mixed-load.ts', {
        url,
        connections: CONNECTIONS,
        duration,
        key: secret,
        cookie,
        csrf,
        slugs,
        ids,
      });

    log('warm-up…');
    for (const config of configs) {
      await list(use(config), 3);
      await mixed(use(config), 3);
    }
    const results = new Map<string, { list: Result[]; mixed: Result[] }>(configs.map((c) => [c, { list: [], mixed: [] }]));
    const loads: number[] = [];
    type Spent = ReturnType<typeof cpuSpent> & { requests: number };
    const cpu = new Map<string, { list: Spent[]; mixed: Spent[] }>(configs.map((c) => [c, { list: [], mixed: [] }]));
    for (let round = 1; round <= ROUNDS; round++) {
      // Each round in another order, so that no count always runs first or last.
      const order = configs.map((_, i) => configs[(i + round - 1) % configs.length]!);
      for (const config of order) {
        const url = use(config);
        loads.push(loadavg()[0]!);
        const pids = topology.instances.map((i) => i.pid!);
        const s0 = await cpuSnapshot(pool, pids);
        const l = await list(url, DURATION);
        const s1 = await cpuSnapshot(pool, pids);
        const m = await mixed(url, DURATION);
        const s2 = await cpuSnapshot(pool, pids);
        cpu.get(config)!.list.push({ ...cpuSpent(s0, s1), requests: l.requests });
        cpu.get(config)!.mixed.push({ ...cpuSpent(s1, s2), requests: m.requests });
        if (l.non2xx || l.errors || m.non2xx || m.errors) {
          throw new Error(`${config}: errors (list ${l.non2xx}+${l.errors}, mixed ${JSON.stringify(m.statuses)}+${m.errors})`);
        }
        results.get(config)!.list.push(l);
        results.get(config)!.mixed.push(m);
        log(`round ${round}, ${config}: list ${l.rps.toFixed(0)} req/s, mixed ${m.rps.toFixed(0)} req/s`);
        await sleep(1000);
      }
    }

    const lines = [
      `${cpus().length} cores, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${DURATION} s per workload and count, nothing pinned; load average 1 min during the run ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}.`,
      '',
      '| processes | list req/s | list p95 ms | mixed req/s | mixed p95 ms |',
      '| --- | --- | --- | --- | --- |',
      ...configs.map((config) => {
        const r = results.get(config)!;
        return `| ${config === '1 direct' ? '1, no proxy' : config} | ${summary(r.list.map((x) => x.rps))} | ${summary(r.list.map((x) => x.p95))} | ${summary(r.mixed.map((x) => x.rps))} | ${summary(r.mixed.map((x) => x.p95))} |`;
      }),
      '',
      'CPU per request (ms; summed over the rounds) in the API processes / the proxy / PostgreSQL, and CPU used per second of the run:',
      '',
      '| processes | list: API / proxy / PostgreSQL | list: cores busy | mixed: API / proxy / PostgreSQL | mixed: cores busy |',
      '| --- | --- | --- | --- | --- |',
      ...configs.map((config) => {
        const cells = (['list', 'mixed'] as const).map((w) => {
          const runs = cpu.get(config)![w];
          const total = (k: 'api' | 'proxy' | 'postgres') => runs.reduce((sum, r) => sum + r[k], 0);
          const requests = runs.reduce((sum, r) => sum + r.requests, 0);
          const per = (k: 'api' | 'proxy' | 'postgres') => ((total(k) * 1000) / requests).toFixed(2);
          const busy = (total('api') + total('proxy') + total('postgres')) / (runs.length * DURATION);
          return `${per('api')} / ${per('proxy')} / ${per('postgres')} | ${busy.toFixed(2)}`;
        });
        return `| ${config === '1 direct' ? '1, no proxy' : config} | ${cells.join(' | ')} |`;
      }),
      '',
      `Requests each process answered: ${topology.instances.map((i) => `${i.number}: ${i.served}`).join(', ')}.`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await topology?.close();
    await pool.query(`DELETE FROM clusters WHERE name->>'de' LIKE $1`, [WRITTEN]).catch(() => undefined);
    await pool.end();
  }
}

await main();
