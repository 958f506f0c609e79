import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { DEFAULT_MATCH_WEIGHTS, localDay, rankCandidates, type MatchParty, type PartyKind } from '@euregionet/shared';
import { fromPool } from '../packages/api/src/db/client.ts';
import { migrate } from '../packages/api/src/db/migrate.ts';
import { createPartyRepo } from '../packages/api/src/modules/matchmaking/parties.repo.ts';
import { createMatchmakingService } from '../packages/api/src/modules/matchmaking/matchmaking.service.ts';
import { CLUSTERS, load, mulberry32, ORGANISATIONS, SCALE, stream } from './generate.ts';
import { ensureDatabase, log } from './support.ts';

/**
 * The benchmark of issue 6: the candidate search on 100,000 organisations, 10,000 clusters and
 * 20,000 cooperation profiles in a real PostgreSQL server, for 200 random subjects, against the
 * straightforward way (every party read and scored in application code with the same shared
 * function). Both must give the same top 20. See BENCHMARKS.md.
 */
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/euregionet_bench_matchmaking';
/** Profiles grow with the directory (BENCH_SCALE, see generate.ts). */
const PROFILES = 20_000 * SCALE;
const SUBJECTS = Number(process.env.BENCH_SUBJECTS ?? 200);
/**
 * How many of the subjects the full scan checks (the first ones drawn). Scoring every party for
 * every subject takes ≈ 1.6 s a subject at 100,000 organisations and ten times that at a
 * million, so a run at BENCH_SCALE=10 checks a sample, spread evenly over the kinds of subject.
 */
const CHECKED = Number(process.env.BENCH_CHECKED_SUBJECTS ?? SUBJECTS);
const LIMIT = 20;

// A technical vocabulary of 2,000 words (stem + qualifier), so that offers and requests meet now and then.
const STEMS = [
  'laser',
  'sensor',
  'fraes',
  'guss',
  'beton',
  'holz',
  'spritz',
  'robot',
  'kabel',
  'pump',
  'filter',
  'batterie',
  'solar',
  'biogas',
  'wasser',
  'drohn',
  'optik',
  'chip',
  'glas',
  'papier',
  'textil',
  'leder',
  'keramik',
  'lack',
  'farb',
  'motor',
  'getriebe',
  'ventil',
  'ofen',
  'kuehl',
  'druck',
  'scan',
  'daten',
  'cloud',
  'app',
  'netz',
  'funk',
  'lager',
  'palett',
  'container',
];
const QUALIFIERS = [
  'bau',
  'technik',
  'service',
  'pruefung',
  'montage',
  'design',
  'recycling',
  'wartung',
  'handel',
  'logistik',
  'analyse',
  'forschung',
  'schulung',
  'beratung',
  'fertigung',
  'steuerung',
  'messung',
  'planung',
  'reinigung',
  'beschichtung',
  'zertifizierung',
  'simulation',
  'automatisierung',
  'integration',
  'modul',
  'system',
  'anlage',
  'komponente',
  'werkzeug',
  'material',
  'software',
  'sicherheit',
  'effizienz',
  'speicher',
  'transport',
  'verpackung',
  'kontrolle',
  'optimierung',
  'entwicklung',
  'prototyp',
  'serie',
  'reparatur',
  'miete',
  'export',
  'import',
  'lizenz',
  'patent',
  'test',
  'labor',
  'pilot',
];
const VOCABULARY = STEMS.flatMap((s) => QUALIFIERS.map((q) => `${s}${q}`));
const TOPIC_WORDS = [
  { de: 'Metall', pl: 'metal', sectors: ['24', '25'], ris3: ['BB-METAL', 'LB-INDUSTRY'] },
  { de: 'Energie', pl: 'energia', sectors: ['35'], ris3: ['BB-ENERGY', 'LB-GREEN'] },
  { de: 'Kunststoff', pl: 'tworzywa', sectors: ['22', '20'], ris3: ['BB-PLASTICS'] },
  { de: 'Logistik', pl: 'logistyka', sectors: ['49', '52'], ris3: ['BB-MOBILITY', 'LB-COOPERATION'] },
  { de: 'Photonik', pl: 'fotonika', sectors: ['26'], ris3: ['BB-PHOTONICS'] },
  { de: 'Gesundheit', pl: 'zdrowie', sectors: ['86', '21'], ris3: ['BB-HEALTH', 'LB-HEALTH'] },
  { de: 'Lebensmittel', pl: 'żywność', sectors: ['10', '11'], ris3: ['BB-FOOD'] },
  { de: 'Holz', pl: 'drewno', sectors: ['16', '31'], ris3: ['LB-INDUSTRY'] },
  { de: 'Software', pl: 'oprogramowanie', sectors: ['62', '63'], ris3: ['BB-ICT'] },
  { de: 'Recycling', pl: 'recykling', sectors: ['38'], ris3: ['LB-GREEN'] },
];
const PROFILE_TYPES = ['business', 'technology', 'research', 'project_partner'] as const;

/** Needs of 40 % of the organisations and 20,000 profiles (10 % of them expired, 20 % draft or closed), deterministic. */
async function seedMatchmaking(pool: pg.Pool, today: string) {
  const random = mulberry32(6);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const words = (n: number) => Array.from({ length: n }, () => pick(VOCABULARY));
  const { rows: orgs } = await pool.query<{ id: string }>('SELECT id FROM organisations ORDER BY id');
  const { rows: clusters } = await pool.query<{ id: string }>('SELECT id FROM clusters ORDER BY id');

  const needIds: string[] = [];
  const needs: string[] = [];
  for (const { id } of orgs) {
    if (random() < 0.4) {
      needIds.push(id);
      needs.push(JSON.stringify({ de: `Wir suchen ${words(2).join(' und ')}` }));
    }
  }
  for (let i = 0; i < needIds.length; i += 5000) {
    await pool.query(
      `UPDATE organisations o SET needs = t.needs::jsonb FROM unnest($1::uuid[], $2::text[]) AS t(id, needs) WHERE o.id = t.id`,
      [needIds.slice(i, i + 5000), needs.slice(i, i + 5000)],
    );
  }

  const day = (offset: number) => {
    const d = new Date(`${today}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() + offset);
    return d.toISOString().slice(0, 10);
  };
  const rows: unknown[][] = [];
  for (let i = 0; i < PROFILES; i++) {
    const topic = pick(TOPIC_WORDS);
    const byCluster = random() < 0.1;
    const owner = byCluster ? pick(clusters).id : pick(orgs).id;
    const keywords = words(2 + Math.floor(random() * 3));
    const r = random();
    rows.push([
      random() < 0.5 ? 'offer' : 'request',
      pick(PROFILE_TYPES),
      byCluster ? null : owner,
      byCluster ? owner : null,
      JSON.stringify({ de: `${topic.de}: ${keywords[0]}`, pl: `${topic.pl}: ${keywords[1]}` }),
      JSON.stringify({ en: `${keywords.join(', ')}` }),
      `{${[...new Set(keywords)].join(',')}}`,
      `{${topic.sectors.slice(0, 1 + Math.floor(random() * topic.sectors.length)).join(',')}}`,
      `{${random() < 0.5 ? topic.ris3.join(',') : ''}}`,
      random() < 0.3 ? `{${pick(['DE', 'PL'])}}` : '{}',
      r < 0.1 ? day(-1 - Math.floor(random() * 300)) : r < 0.6 ? day(1 + Math.floor(random() * 400)) : null,
      r < 0.1 ? 'published' : r < 0.2 ? 'draft' : r < 0.3 ? 'closed' : 'published',
      pick(['BIC', 'LOP', 'CIT', 'ESNB']),
    ]);
  }
  const insert = `INSERT INTO cooperation_profiles (kind, type, organisation_id, cluster_id, title, description, keywords, sectors, ris3_areas, target_countries, valid_until, status, partner)
    SELECT kind, type, org, cl, title::jsonb, description::jsonb, keywords::text[], sectors::text[], ris3::text[], targets::text[], valid_until, status, partner
      FROM unnest($1::text[], $2::text[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::date[], $12::text[], $13::text[])
        AS t(kind, type, org, cl, title, description, keywords, sectors, ris3, targets, valid_until, status, partner)`;
  for (let i = 0; i < rows.length; i += 2000) {
    const chunk = rows.slice(i, i + 2000);
    await pool.query(
      insert,
      chunk[0]!.map((_, c) => chunk.map((r) => r[c])),
    );
  }
  await pool.query('VACUUM ANALYZE organisations');
  await pool.query('VACUUM ANALYZE cooperation_profiles');
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
const ms = (n: number) => Math.round(n * 10) / 10;

async function main() {
  await ensureDatabase(DATABASE_URL);
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 4 });
  const database = fromPool(pool);
  await migrate(database);
  const today = localDay(new Date());

  const [{ n: orgCount }] = (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM organisations')).rows as [{ n: number }];
  const [{ n: profileCount }] = (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM cooperation_profiles')).rows as [
    { n: number },
  ];
  let seeded: { generate: number; insert: number; vacuum: number; matchmaking: number } | undefined;
  if (orgCount !== ORGANISATIONS || profileCount !== PROFILES || process.env.BENCH_RELOAD) {
    log(`seeding ${ORGANISATIONS} organisations, ${CLUSTERS} clusters and ${PROFILES} profiles …`);
    const started = performance.now();
    await pool.query('TRUNCATE cooperation_profiles, matches CASCADE');
    const times = await load(pool, stream());
    const matchmakingStarted = performance.now();
    await seedMatchmaking(pool, today);
    seeded = { ...times, matchmaking: performance.now() - matchmakingStarted };
    log(`seeded in ${Math.round((performance.now() - started) / 1000)} s: ${JSON.stringify(seeded)}`);
  }
  // BENCH_PREPARE=true seeds the database and measures nothing.
  if (process.env.BENCH_PREPARE === 'true') {
    process.stdout.write(`${JSON.stringify({ seeded })}\n`);
    await pool.end();
    return;
  }
  await pool.query(`UPDATE match_weights SET weights = $1::jsonb`, [JSON.stringify(DEFAULT_MATCH_WEIGHTS)]);
  // Fresh statistics and visibility maps (index-only scans), also after a migration on seeded data.
  for (const table of ['organisations', 'clusters', 'memberships', 'cooperation_profiles']) await pool.query(`VACUUM ANALYZE ${table}`);

  // 200 subjects: half organisations, 40 % active profiles, 10 % clusters, drawn with a fixed seed.
  const { rows: subjects } = await pool.query<{ kind: PartyKind; id: string }>(
    `(SELECT 'organisation' AS kind, id::text AS id FROM organisations WHERE deleted_at IS NULL ORDER BY md5(id::text || 'six') LIMIT ${SUBJECTS / 2})
     UNION ALL (SELECT 'profile', id::text FROM cooperation_profiles WHERE status = 'published' AND (valid_until IS NULL OR valid_until >= CURRENT_DATE) ORDER BY md5(id::text || 'six') LIMIT ${(SUBJECTS * 2) / 5})
     UNION ALL (SELECT 'cluster', id::text FROM clusters WHERE deleted_at IS NULL ORDER BY md5(id::text || 'six') LIMIT ${SUBJECTS / 10})`,
  );

  const service = createMatchmakingService(database.db);
  const query = (id: string) => service.candidates({ for: id, limit: LIMIT, excludeSameCluster: true });
  for (const s of subjects.slice(0, 10)) await query(s.id); // warm-up

  const latencies: number[] = [];
  const answers = new Map<string, string[]>();
  for (const s of subjects) {
    const started = performance.now();
    const list = await query(s.id);
    latencies.push(performance.now() - started);
    answers.set(
      s.id,
      list.items.map((c) => `${c.party.kind}:${c.party.id}:${c.score}`),
    );
  }
  latencies.sort((a, b) => a - b);

  // The baseline: every party read once, then every subject scored against all of them
  // (BENCH_CHECKED_SUBJECTS=0 leaves it out: at a million organisations it holds gigabytes).
  const loadStarted = performance.now();
  const all = CHECKED > 0 ? await createPartyRepo(database.db).allParties(today) : [];
  const loadMs = performance.now() - loadStarted;
  const parties: MatchParty[] = all.map((p) => p.party);
  const byId = new Map(all.map((p) => [p.party.id, p.party]));
  const scans: number[] = [];
  let same = 0;
  const differing: string[] = [];
  const step = Math.ceil(subjects.length / Math.max(1, Math.min(CHECKED, subjects.length)));
  const checked = CHECKED > 0 ? subjects.filter((_, i) => i % step === 0) : [];
  for (const s of checked) {
    const subject = byId.get(s.id)!;
    const started = performance.now();
    const ranked = rankCandidates(subject, parties, DEFAULT_MATCH_WEIGHTS, { excludeSameCluster: true }, LIMIT);
    scans.push(performance.now() - started);
    const expected = ranked.map((r) => `${r.party.kind}:${r.party.id}:${r.score.score}`);
    if (JSON.stringify(expected) === JSON.stringify(answers.get(s.id))) same++;
    else differing.push(s.id);
  }
  scans.sort((a, b) => a - b);

  const { rows: sizes } = await pool.query<{ orgs: number; clusters: number; profiles: number; active: number }>(
    `SELECT (SELECT count(*)::int FROM organisations) AS orgs, (SELECT count(*)::int FROM clusters) AS clusters,
            (SELECT count(*)::int FROM cooperation_profiles) AS profiles,
            (SELECT count(*)::int FROM cooperation_profiles WHERE status = 'published' AND (valid_until IS NULL OR valid_until >= CURRENT_DATE)) AS active`,
  );
  const { rows: bytes } = await pool.query<{ bytes: string }>('SELECT pg_database_size(current_database())::text AS bytes');
  const result = {
    data: { ...sizes[0], databaseBytes: Number(bytes[0]!.bytes) },
    subjects: subjects.length,
    candidateSearch: { p50: ms(quantile(latencies, 0.5)), p95: ms(quantile(latencies, 0.95)), p99: ms(quantile(latencies, 0.99)) },
    fullScan: checked.length
      ? {
          readAllMs: ms(loadMs),
          scorePerSubject: { p50: ms(quantile(scans, 0.5)), p95: ms(quantile(scans, 0.95)), p99: ms(quantile(scans, 0.99)) },
          perRequestP50: ms(loadMs + quantile(scans, 0.5)),
        }
      : null,
    speedUpAtP50: checked.length ? Math.round(((loadMs + quantile(scans, 0.5)) / quantile(latencies, 0.5)) * 10) / 10 : null,
    sameTop20: `${same} of ${checked.length}`,
    differing: differing.slice(0, 5),
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  await pool.end();
  if (same !== checked.length) process.exitCode = 1;
}

await main();
