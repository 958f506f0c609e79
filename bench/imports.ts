import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { csvCell, IMPORT_COLUMNS, type Import } from '@euregionet/shared';
import { fromPool } from '../packages/api/src/db/client.ts';
import { migrate } from '../packages/api/src/db/migrate.ts';
import { SYSTEM_CONTEXT } from '../packages/api/src/modules/auth/actor.ts';
import { createApiKeyService } from '../packages/api/src/modules/api-keys/api-keys.service.ts';
import { log, median, root, rssMiB, startApi, summary } from './support.ts';

/**
 * The benchmark of issue 8: 100,000 organisations imported from one CSV file over HTTP into a
 * real PostgreSQL server, then the same file again (every row unchanged), against PostgreSQL's
 * own COPY of the same rows into a scratch table of the same shape (columns, generated columns,
 * indexes, the word-list trigger) as the floor. The API's resident memory is sampled from /proc while it imports.
 * Rounds alternate: fresh import, re-import, COPY. See BENCHMARKS.md.
 */
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/euregionet_bench_imports';
const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PORT = Number(process.env.BENCH_PORT ?? 3929);

/** A fixed pseudo-random sequence (mulberry32): the same file on every run. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DE = ['DE403', 'DE405', 'DE409', 'DE40C', 'DE40G', 'DE402', 'DE40I'];
const PL = ['PL431', 'PL432'];
const CITIES = {
  DE: ['Frankfurt (Oder)', 'Cottbus', 'Eberswalde', 'Forst (Lausitz)', 'Guben', 'Schwedt/Oder'],
  PL: ['Gorzów Wielkopolski', 'Zielona Góra', 'Słubice', 'Gubin', 'Kostrzyn nad Odrą'],
};
const SECTORS = ['C', '25', '28', 'J', '62', 'M', '72', 'D', '35', 'H', '49'];
const WORDS = [
  'Laserschneiden',
  'Schweißen',
  'Logistik',
  'Solar',
  'Wasserstoff',
  'Software',
  'Beratung',
  'Holz',
  'Kunststoff',
  'Lebensmittel',
];

interface Row {
  source: string;
  externalId: string;
  name: string;
  type: 'sme';
  country: 'DE' | 'PL';
  region: string;
  city: string;
  employees: number;
  foundedYear: number;
  sectors: string[];
  description: { de: string; pl: string };
  languages: string[];
  published: boolean;
}

function generate(): Row[] {
  const next = random(8);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  return Array.from({ length: ROWS }, (_, i) => {
    const country = next() < 0.5 ? 'DE' : 'PL';
    const sectors = [...new Set([pick(SECTORS), pick(SECTORS)])];
    return {
      source: 'bench-crm',
      externalId: `K-${String(i + 1).padStart(6, '0')}`,
      name: `${pick(WORDS)} ${country === 'DE' ? 'GmbH' : 'Sp. z o.o.'} ${i + 1}`,
      type: 'sme',
      country,
      region: pick(country === 'DE' ? DE : PL),
      city: pick(CITIES[country]),
      employees: Math.floor(next() * 240),
      foundedYear: 1950 + Math.floor(next() * 70),
      sectors,
      description: { de: `${pick(WORDS)}, ${pick(WORDS)} und ${pick(WORDS)}; seit vielen Jahren`, pl: `${pick(WORDS)} i ${pick(WORDS)}` },
      languages: country === 'DE' ? ['de', 'en'] : ['pl', 'de'],
      published: next() < 0.3,
    };
  });
}

/** The import file, as the API's own export would write it. */
function importCsv(rows: Row[]): string {
  const columns = IMPORT_COLUMNS.organisations;
  const valueAt = (r: Row, path: string) => path.split('.').reduce<unknown>((v, p) => (v as Record<string, unknown> | undefined)?.[p], r);
  return (
    [columns.map((c) => c.name).join(','), ...rows.map((r) => columns.map((c) => csvCell(valueAt(r, c.name))).join(','))].join('\r\n') +
    '\r\n'
  );
}

const COPY_COLUMNS =
  'source, external_id, name, type, country, region, city, employees, founded_year, sectors, description, languages, published';
/** The same rows in COPY's CSV format (arrays and jsonb as PostgreSQL reads them). */
function copyCsv(rows: Row[]): string {
  const q = (v: string) => `"${v.replaceAll('"', '""')}"`;
  return rows
    .map((r) =>
      [
        r.source,
        r.externalId,
        q(r.name),
        r.type,
        r.country,
        r.region,
        q(r.city),
        r.employees,
        r.foundedYear,
        q(`{${r.sectors.join(',')}}`),
        q(JSON.stringify(r.description)),
        q(`{${r.languages.join(',')}}`),
        r.published,
      ].join(','),
    )
    .join('\n');
}

async function recreateDatabase() {
  const url = new URL(DATABASE_URL);
  const name = url.pathname.slice(1).replaceAll('"', '');
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
}

interface Measured {
  seconds: number;
  result: Import;
  peakGrowthMb: number;
}

/** Posts the file, follows the job to its end, and samples the server's memory meanwhile. */
async function importOnce(server: ChildProcess, secret: string, file: Buffer): Promise<Measured> {
  const baseline = rssMiB(server.pid!) * 1024;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(server.pid!) * 1024)), 25);
  const started = performance.now();
  try {
    const res = await fetch(`http://127.0.0.1:${PORT}/api/v1/imports/entities/organisations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'text/csv' },
      body: file,
    });
    let result = (await res.json()) as Import;
    if (res.status !== 200 && res.status !== 202) throw new Error(`import answered ${res.status}: ${JSON.stringify(result)}`);
    while (!result.finishedAt) {
      await new Promise((r) => setTimeout(r, 100));
      result = (await (
        await fetch(`http://127.0.0.1:${PORT}/api/v1/imports/${result.id}`, { headers: { authorization: `Bearer ${secret}` } })
      ).json()) as Import;
    }
    return { seconds: (performance.now() - started) / 1000, result, peakGrowthMb: (peak - baseline) / 1024 };
  } finally {
    clearInterval(sampler);
  }
}

function copyOnce(copyFile: string): number {
  const started = performance.now();
  const out = spawnSync(
    'psql',
    [
      DATABASE_URL,
      '-v',
      'ON_ERROR_STOP=1',
      '-c',
      'TRUNCATE organisations_copy',
      '-c',
      `\\copy organisations_copy (${COPY_COLUMNS}) FROM '${copyFile}' WITH (FORMAT csv)`,
    ],
    { encoding: 'utf8' },
  );
  if (out.status !== 0) throw new Error(`COPY failed: ${out.stderr}`);
  return (performance.now() - started) / 1000;
}

async function main() {
  if (!existsSync(join(root, 'packages/api/dist/server.js'))) throw new Error('Build first: pnpm build');
  log(`database ${DATABASE_URL}: recreated and migrated`);
  await recreateDatabase();
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
  await migrate(fromPool(pool));
  // The same shape: columns, generated columns, indexes, and the statement trigger that keeps the
  // search word list (COPY into organisations itself would fire it too).
  await pool.query('CREATE TABLE organisations_copy (LIKE organisations INCLUDING ALL)');
  await pool.query(
    'CREATE TRIGGER organisations_copy_words AFTER INSERT ON organisations_copy REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION eur_collect_organisation_words()',
  );

  const rows = generate();
  const work = mkdtempSync(join(tmpdir(), 'euregionet-bench-imports-'));
  const csv = Buffer.from(importCsv(rows), 'utf8');
  const copyFile = join(work, 'copy.csv');
  writeFileSync(copyFile, copyCsv(rows));
  log(
    `${ROWS} rows: import file ${(csv.length / 1_048_576).toFixed(1)} MiB, COPY file ${(statSync(copyFile).size / 1_048_576).toFixed(1)} MiB`,
  );

  const { secret } = await createApiKeyService(fromPool(pool).db).create(SYSTEM_CONTEXT, {
    name: `bench imports ${new Date().toISOString()}`,
    partner: 'BIC',
    scopes: ['import:write'],
    rateLimitPerMinute: 100_000,
  });
  const server = await startApi(PORT, { databaseUrl: DATABASE_URL, pin: false });
  const fresh: Measured[] = [];
  const again: Measured[] = [];
  const copy: number[] = [];
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      await pool.query(`DELETE FROM organisations WHERE source = 'bench-crm'`);
      await pool.query('VACUUM ANALYZE organisations');
      const first = await importOnce(server, secret, csv);
      if (first.result.counts.created !== ROWS) throw new Error(`fresh import: ${JSON.stringify(first.result.counts)}`);
      fresh.push(first);
      const second = await importOnce(server, secret, csv);
      if (second.result.counts.unchanged !== ROWS) throw new Error(`re-import: ${JSON.stringify(second.result.counts)}`);
      again.push(second);
      copy.push(copyOnce(copyFile));
      log(
        `round ${round}: fresh ${first.seconds.toFixed(1)} s (+${first.peakGrowthMb.toFixed(0)} MB), unchanged ${second.seconds.toFixed(1)} s (+${second.peakGrowthMb.toFixed(0)} MB), COPY ${copy.at(-1)!.toFixed(1)} s`,
      );
    }
  } finally {
    server.kill('SIGTERM');
    await pool.end();
    rmSync(work, { recursive: true, force: true });
  }
  const rps = (seconds: number[]) => seconds.map((s) => ROWS / s);
  const freshRps = rps(fresh.map((m) => m.seconds));
  const againRps = rps(again.map((m) => m.seconds));
  const copyRps = rps(copy);
  const lines = [
    `rows: ${ROWS}, rounds: ${ROUNDS}, file ${(csv.length / 1_048_576).toFixed(1)} MiB`,
    `fresh import over HTTP:     ${summary(freshRps)} rows/s`,
    `re-import, all unchanged:   ${summary(againRps)} rows/s`,
    `COPY into a scratch table:  ${summary(copyRps)} rows/s`,
    `fresh / COPY:               ${(median(freshRps) / median(copyRps)).toFixed(2)}×`,
    `re-import / fresh:          ${(median(againRps) / median(freshRps)).toFixed(2)}×`,
    `API peak memory growth:     ${summary([...fresh, ...again].map((m) => m.peakGrowthMb))} MB`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((err) => {
  log(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
