import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { sql } from 'drizzle-orm';
import { DEFAULT_MATCH_WEIGHTS, type CandidateList, type MatchWeights, type MatchWeightsRecord, type PartyKind } from '@euregionet/shared';
import { queryRows, type Db } from '../../db/client.js';
import { createTestAppWithAdmin, json, TEST_TODAY, type Principal, type TestApp } from '../../test/app.js';
import { fullScan, type CandidateScanQuery } from '../../test/full-scan.js';
import { createPartyRepo } from './parties.repo.js';

/**
 * The candidate search against a full scan on a directory large enough for every shortcut of the
 * search to matter: a cluster of 5,600 organisations that all share a sector and words (more
 * candidates than one read of bounds holds, all of them left out for its own members), 800 other
 * organisations, 100 clusters and 1,500 profiles (some expired, drafts or closed, some targeting
 * one country). The full scan (`test/full-scan.ts`) is written from the documented rules, with the one
 * scoring function: what the search answers must be exactly its first 20.
 */

jest.setTimeout(600_000);

const GIANT_MEMBERS = 5600;
const ORGANISATIONS = 6400;
const CLUSTERS = 100;
const PROFILES = 1500;
const GIANT_SUBJECTS = 4;

let t: TestApp;
let admin: Principal;

const WORDS = [
  'laser', 'blech', 'schweissen', 'stahl', 'aluminium', 'guss', 'fraesen', 'drehen', 'lackierung', 'montage',
  'robotik', 'sensorik', 'software', 'cloud', 'daten', 'logistik', 'lager', 'transport', 'energie', 'solar',
  'wind', 'wasserstoff', 'batterie', 'recycling', 'kunststoff', 'spritzguss', 'verpackung', 'holz', 'moebel', 'textil',
  'lebensmittel', 'bio', 'medizin', 'diagnostik', 'reha', 'tourismus', 'hotel', 'bau', 'beton', 'fenster',
]; // prettier-ignore
const DIVISIONS = ['10', '20', '22', '24', '25', '26', '28', '29', '35', '49', '52', '62', '63', '86'];
const RIS3 = ['BB-METAL', 'BB-ENERGY', 'BB-PLASTICS', 'BB-ICT', 'BB-HEALTH', 'LB-INDUSTRY', 'LB-GREEN', 'LB-HEALTH'];
const pgArray = (values: readonly string[]) => sql.raw(`(ARRAY[${values.map((v) => `'${v}'`).join(',')}]::text[])`);

/**
 * The directory, generated in the database in a few statements. `h(i, salt, n)` is a fixed
 * pseudo-random number below n, so that every run builds the same directory.
 */
async function generateDirectory() {
  await t.database.db.transaction(async (db) => {
    // Building the directory takes longer than the statement limit of the test database.
    await db.execute(sql`SET LOCAL statement_timeout = 0`);
    await fill(db);
  });
  await t.database.db.execute(sql`ANALYZE`);
}

async function fill(db: Db) {
  const h = (i: string, salt: string, n: number) => sql.raw(`((hashtext(${i}::text || '${salt}')::bigint + 2147483648) % ${n})::int`);
  const w = (i: string, salt: string) => sql`(${pgArray(WORDS)})[1 + ${h(i, salt, WORDS.length)}]`;
  const d = (i: string, salt: string) => sql`(${pgArray(DIVISIONS)})[1 + ${h(i, salt, DIVISIONS.length)}]`;
  // None to three RIS3 areas: a bound counts a shared area in full, the score only its share,
  // so that bounds and scores come in different orders and later batches matter.
  const area = (i: string, salt: string) => sql`(${pgArray(RIS3)})[1 + ${h(i, salt, RIS3.length)}]`;
  const areas = (i: string) =>
    sql`(CASE ${h(i, 'r', 4)} WHEN 0 THEN '{}'::text[] WHEN 1 THEN ARRAY[${area(i, 'a1')}]
          WHEN 2 THEN ARRAY(SELECT DISTINCT x FROM unnest(ARRAY[${area(i, 'a1')}, ${area(i, 'a2')}]) AS x)
          ELSE ARRAY(SELECT DISTINCT x FROM unnest(ARRAY[${area(i, 'a1')}, ${area(i, 'a2')}, ${area(i, 'a3')}]) AS x) END)`;
  const types = pgArray(['sme', 'sme', 'large', 'research', 'chamber', 'public']);
  const languages = sql`(ARRAY[ARRAY['de','en'], ARRAY['pl','en'], ARRAY['de','pl'], ARRAY['de','de'], ARRAY['pl','pl'], ARRAY['en','en']])`;

  // The giant cluster's members: metal working in Brandenburg, mostly German-speaking.
  await db.execute(sql`INSERT INTO organisations (name, type, country, sectors, languages, competences, needs, published)
    SELECT 'Org ' || i, ${types}[1 + ${h('i', 't', 6)}],
           CASE WHEN ${h('i', 'c', 5)} = 0 THEN 'PL' ELSE 'DE' END,
           ARRAY['25', ${d('i', 's')}],
           CASE WHEN ${h('i', 'l', 3)} = 0 THEN ARRAY['de','en'] ELSE ARRAY['de'] END,
           jsonb_build_object('de', 'laser blech ' || ${w('i', 'a')} || ' ' || ${w('i', 'b')}),
           CASE WHEN ${h('i', 'n', 2)} = 0 THEN jsonb_build_object('en', 'stahl ' || ${w('i', 'e')}) ELSE '{}'::jsonb END,
           true
      FROM generate_series(1, ${GIANT_MEMBERS}::int) AS i`);
  // Everyone else: any sector, words, country and languages.
  await db.execute(sql`INSERT INTO organisations (name, type, country, sectors, languages, competences, needs, published)
    SELECT 'Org ' || i, ${types}[1 + ${h('i', 't', 6)}],
           CASE WHEN ${h('i', 'c', 2)} = 0 THEN 'PL' ELSE 'DE' END,
           CASE WHEN ${h('i', 'z', 3)} = 0 THEN ARRAY[${d('i', 's')}, ${d('i', 'r')}] ELSE ARRAY[${d('i', 's')}] END,
           (SELECT array_agg(DISTINCT l) FROM unnest(${languages}[1 + ${h('i', 'l', 6)}:1 + ${h('i', 'l', 6)}]) AS l),
           jsonb_build_object('en', ${w('i', 'a')} || ' ' || ${w('i', 'b')} || ' ' || ${w('i', 'f')}),
           CASE WHEN ${h('i', 'n', 5)} < 3 THEN jsonb_build_object('pl', ${w('i', 'e')} || ' ' || ${w('i', 'g')}) ELSE '{}'::jsonb END,
           true
      FROM generate_series(${GIANT_MEMBERS + 1}::int, ${ORGANISATIONS}::int) AS i`);

  await db.execute(sql`INSERT INTO clusters (slug, kind, status, name, description, regions, countries, sectors, ris3_areas, partner, published)
    VALUES ('giant', 'cluster', 'established', '{"de": "Metallverbund Brandenburg"}', '{"de": "laser blech schweissen"}',
            ARRAY['DE403'], ARRAY['DE'], ARRAY['25'], ARRAY['BB-METAL'], 'BIC', true)`);
  await db.execute(sql`INSERT INTO clusters (slug, kind, status, name, description, regions, countries, sectors, ris3_areas, partner, published)
    SELECT 'cluster-' || j, 'network', 'established',
           jsonb_build_object(CASE WHEN ${h('j', 'k', 2)} = 0 THEN 'de' ELSE 'pl' END, 'Cluster ' || j),
           jsonb_build_object('en', ${w('j', 'a')} || ' ' || ${w('j', 'b')}),
           CASE ${h('j', 'c', 3)} WHEN 0 THEN ARRAY['DE403'] WHEN 1 THEN ARRAY['PL431'] ELSE ARRAY['DE403', 'PL431'] END,
           CASE ${h('j', 'c', 3)} WHEN 0 THEN ARRAY['DE'] WHEN 1 THEN ARRAY['PL'] ELSE ARRAY['DE', 'PL'] END,
           ARRAY[${d('j', 's')}],
           ${areas('j')},
           'LOP', true
      FROM generate_series(1, ${CLUSTERS}::int) AS j`);

  const orgs = sql.raw(`(SELECT id, substr(name, 5)::int AS n FROM organisations WHERE name LIKE 'Org %')`);
  await db.execute(sql`INSERT INTO memberships (cluster_id, organisation_id, role)
    SELECT (SELECT id FROM clusters WHERE slug = 'giant'), o.id, 'member' FROM ${orgs} o WHERE o.n <= ${GIANT_MEMBERS}::int`);
  // Some of the giant's members and most of the others are in one of the small clusters too.
  await db.execute(sql`INSERT INTO memberships (cluster_id, organisation_id, role)
    SELECT c.id, o.id, 'member' FROM ${orgs} o
      JOIN clusters c ON c.slug = 'cluster-' || (1 + ${h('o.n', 'm', CLUSTERS)})
     WHERE o.n > ${GIANT_MEMBERS - 400}::int AND ${h('o.n', 'q', 4)} > 0`);

  // Profiles of organisations (and a tenth of clusters'): published, expired, draft or closed.
  await db.execute(sql`INSERT INTO cooperation_profiles
      (kind, type, organisation_id, cluster_id, title, description, keywords, sectors, ris3_areas, target_countries, valid_until, status, partner)
    SELECT CASE WHEN ${h('k', 'k', 2)} = 0 THEN 'offer' ELSE 'request' END,
           (ARRAY['business','technology','research','project_partner'])[1 + ${h('k', 'y', 4)}],
           CASE WHEN ${h('k', 'o', 10)} = 0 THEN NULL ELSE o.id END,
           CASE WHEN ${h('k', 'o', 10)} = 0 THEN c.id ELSE NULL END,
           jsonb_build_object(CASE WHEN ${h('k', 'l', 3)} = 0 THEN 'pl' ELSE 'de' END, ${w('k', 'a')} || ' ' || ${w('k', 'b')}),
           jsonb_build_object('en', ${w('k', 'c')}),
           ARRAY[${w('k', 'd')}, ${w('k', 'e')}],
           ARRAY[${d('k', 's')}],
           ${areas('k')},
           CASE ${h('k', 'x', 10)} WHEN 0 THEN ARRAY['DE'] WHEN 1 THEN ARRAY['PL'] ELSE '{}'::text[] END,
           CASE ${h('k', 'v', 10)} WHEN 0 THEN ${TEST_TODAY}::date - 1 - ${h('k', 'w', 300)} WHEN 1 THEN ${TEST_TODAY}::date
                WHEN 2 THEN ${TEST_TODAY}::date + ${h('k', 'w', 300)} ELSE NULL END,
           CASE ${h('k', 'u', 10)} WHEN 0 THEN 'draft' WHEN 1 THEN 'closed' ELSE 'published' END,
           'BIC'
      FROM generate_series(1, ${PROFILES}::int) AS k
      JOIN ${orgs} o ON o.n = 1 + ${h('k', 'p', ORGANISATIONS)}
      JOIN clusters c ON c.slug = CASE WHEN ${h('k', 'g', 5)} = 0 THEN 'giant' ELSE 'cluster-' || (1 + ${h('k', 'g', CLUSTERS)}) END`);
}

type Query = CandidateScanQuery;

function queryString(q: Query) {
  const params = new URLSearchParams();
  if (q.kind) params.set('kind', q.kind.join(','));
  if (q.country) params.set('country', q.country);
  if (q.type) params.set('type', q.type.join(','));
  if (q.sector) params.set('sector', q.sector.join(','));
  if (q.minScore !== undefined) params.set('minScore', String(q.minScore));
  params.set('excludeSameCluster', String(q.excludeSameCluster));
  return params.toString();
}

async function setWeights(weights: MatchWeights) {
  const current = json<MatchWeightsRecord>(await admin.inject({ method: 'GET', url: '/api/v1/matchmaking/weights' }));
  const res = await admin.inject({
    method: 'PUT',
    url: '/api/v1/matchmaking/weights',
    headers: { 'if-match': `"v${current.version}"` },
    payload: weights,
  });
  expect(res.statusCode).toBe(200);
}

beforeAll(async () => {
  ({ t, admin } = await createTestAppWithAdmin());
  await generateDirectory();
});

afterAll(async () => {
  await t?.close();
});

describe('the candidate search on a large directory', () => {
  it('has the directory it was built for', async () => {
    const [row] = await queryRows<{ orgs: number; giant: number; clusters: number; profiles: number; live: number }>(
      t.database.db,
      sql`SELECT
        (SELECT count(*)::int FROM organisations) AS orgs,
        (SELECT count(*)::int FROM memberships m JOIN clusters c ON c.id = m.cluster_id WHERE c.slug = 'giant') AS giant,
        (SELECT count(*)::int FROM clusters) AS clusters,
        (SELECT count(*)::int FROM cooperation_profiles) AS profiles,
        (SELECT count(*)::int FROM cooperation_profiles WHERE status = 'published' AND (valid_until IS NULL OR valid_until >= ${TEST_TODAY}::date)) AS live`,
    );
    expect(row).toMatchObject({ orgs: ORGANISATIONS, giant: GIANT_MEMBERS, clusters: CLUSTERS + 1, profiles: PROFILES });
    expect(row!.live).toBeGreaterThan(PROFILES / 2);
    expect(row!.live).toBeLessThan(PROFILES);
  });

  const WEIGHTS: [string, MatchWeights][] = [
    ['default weights', DEFAULT_MATCH_WEIGHTS],
    ['language and RIS3 first', { complementarity: 10, sector: 5, ris3: 30, crossBorder: 5, language: 40, orgType: 10 }],
    ['words only, and the type', { complementarity: 80, sector: 0, ris3: 0, crossBorder: 10, language: 0, orgType: 10 }],
  ];
  const VARIANTS: Query[] = [
    { excludeSameCluster: true },
    { excludeSameCluster: false },
    { kind: ['organisation'], country: 'PL', excludeSameCluster: true },
    { type: ['research', 'sme'], sector: ['C'], excludeSameCluster: true },
    { minScore: 50, excludeSameCluster: false },
    { kind: ['profile', 'cluster'], sector: ['25', '62'], excludeSameCluster: true },
  ];

  it.each(WEIGHTS)('answers the first 20 of a full scan, for many subjects and filters, with %s', async (_name, weights) => {
    await setWeights(weights);
    const repo = createPartyRepo(t.database.db);
    const all = (await repo.allParties(TEST_TODAY)).map((f) => f.party);
    const byName = await queryRows<{ id: string; n: number }>(
      t.database.db,
      sql`SELECT id::text, substr(name, 5)::int AS n FROM organisations`,
    );
    const orgNumber = new Map(byName.map((r) => [r.id, r.n]));
    // Subjects: members of the giant cluster, other organisations, clusters (the giant too) and live profiles.
    const pick = <T>(list: T[], n: number, step: number) => Array.from({ length: n }, (_, i) => list[(i * step) % list.length]!);
    const giantMembers = all.filter((p) => p.kind === 'organisation' && orgNumber.get(p.id)! <= GIANT_MEMBERS);
    const others = all.filter((p) => p.kind === 'organisation' && orgNumber.get(p.id)! > GIANT_MEMBERS);
    const clusters = all.filter((p) => p.kind === 'cluster');
    const profiles = all.filter((p) => p.kind === 'profile' && p.available);
    const subjects = [
      ...pick(giantMembers, GIANT_SUBJECTS, 1237),
      ...pick(others, 5, 97),
      ...clusters.filter((c) => c.sectors.includes('25')).slice(0, 1),
      ...pick(clusters, 2, 31),
      ...pick(profiles, 4, 113),
    ];
    let filled = 0;
    let compared = 0;
    for (const [s, subject] of subjects.entries()) {
      // For a member of the giant cluster, organisations only: nearly every candidate with a high
      // bound is a fellow member, left out, so the search reads past the first page of bounds.
      const first =
        s < GIANT_SUBJECTS ? { kind: ['organisation'] as PartyKind[], excludeSameCluster: true } : VARIANTS[s % VARIANTS.length]!;
      for (const variant of [first, VARIANTS[(s + 3) % VARIANTS.length]!]) {
        const expected = fullScan(subject, all, weights, variant, 20);
        const res = await admin.inject({ method: 'GET', url: `/api/v1/matchmaking/candidates?for=${subject.id}&${queryString(variant)}` });
        expect(res.statusCode).toBe(200);
        const got = json<CandidateList>(res).items.map((c) => `${c.party.kind}:${c.party.id}:${c.score}`);
        expect({ subject: `${subject.kind}:${subject.id}`, variant, got }).toEqual({
          subject: `${subject.kind}:${subject.id}`,
          variant,
          got: expected,
        });
        compared++;
        if (expected.length === 20) filled++;
      }
    }
    // Most lists are full: the comparison is about rankings, not empty answers.
    expect(compared).toBe(32);
    expect(filled).toBeGreaterThan(20);
  });
});
