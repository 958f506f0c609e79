import { slugify } from '@euregionet/shared';
import type pg from 'pg';

/**
 * A deterministic directory of the size the issue names: 10,000 clusters and 100,000
 * organisations with ~100,000 memberships, texts in de/pl/en built from a fixed vocabulary
 * (so a search word matches a few percent of the records, as real ones do). The same seed
 * gives the same directory, byte for byte. `BENCH_SCALE=10` makes every count ten times larger
 * (the same vocabulary, so a search word matches ten times as many records); at 1 the
 * directory is the one all earlier figures were measured on.
 */
export const SCALE = Number(process.env.BENCH_SCALE ?? 1);
if (!Number.isInteger(SCALE) || SCALE < 1) throw new Error(`BENCH_SCALE must be a whole number ≥ 1, not ${process.env.BENCH_SCALE}`);
export const CLUSTERS = 10_000 * SCALE;
export const ORGANISATIONS = 100_000 * SCALE;

/** A small seeded random generator: the same seed gives the same data on every machine. */
export function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOPICS = [
  { de: 'Metall', pl: 'metalowy', en: 'metal', sectors: ['24', '25'], ris3: ['BB-METAL', 'LB-INDUSTRY'] },
  { de: 'Energie', pl: 'energetyczny', en: 'energy', sectors: ['35'], ris3: ['BB-ENERGY', 'LB-GREEN'] },
  { de: 'Kunststoff', pl: 'tworzyw sztucznych', en: 'plastics', sectors: ['22', '20'], ris3: ['BB-PLASTICS'] },
  { de: 'Logistik', pl: 'logistyczny', en: 'logistics', sectors: ['49', '52'], ris3: ['BB-MOBILITY', 'LB-COOPERATION'] },
  { de: 'Photonik', pl: 'fotoniki', en: 'photonics', sectors: ['26'], ris3: ['BB-PHOTONICS'] },
  { de: 'Gesundheit', pl: 'zdrowia', en: 'health', sectors: ['86', '21'], ris3: ['BB-HEALTH', 'LB-HEALTH'] },
  { de: 'Lebensmittel', pl: 'żywności', en: 'food', sectors: ['10', '11'], ris3: ['BB-FOOD', 'LB-HEALTH'] },
  { de: 'Holz', pl: 'drzewny', en: 'wood', sectors: ['16', '31'], ris3: ['LB-INDUSTRY'] },
  { de: 'Tourismus', pl: 'turystyczny', en: 'tourism', sectors: ['55', '79'], ris3: ['BB-TOURISM'] },
  { de: 'Software', pl: 'informatyczny', en: 'software', sectors: ['62', '63'], ris3: ['BB-ICT'] },
  { de: 'Automobil', pl: 'motoryzacyjny', en: 'automotive', sectors: ['29'], ris3: ['LB-INDUSTRY'] },
  { de: 'Recycling', pl: 'recyklingu', en: 'recycling', sectors: ['38'], ris3: ['LB-GREEN'] },
  { de: 'Wasserstoff', pl: 'wodorowy', en: 'hydrogen', sectors: ['35', '20'], ris3: ['BB-ENERGY'] },
  { de: 'Maschinenbau', pl: 'maszynowy', en: 'machinery', sectors: ['28'], ris3: ['LB-INDUSTRY'] },
  { de: 'Bau', pl: 'budowlany', en: 'construction', sectors: ['41', '43'], ris3: [] },
  { de: 'Textil', pl: 'tekstylny', en: 'textiles', sectors: ['13', '14'], ris3: [] },
  { de: 'Chemie', pl: 'chemiczny', en: 'chemicals', sectors: ['20'], ris3: ['BB-PLASTICS'] },
  { de: 'Medizintechnik', pl: 'medyczny', en: 'medical technology', sectors: ['32', '26'], ris3: ['BB-HEALTH'] },
  { de: 'Kreativwirtschaft', pl: 'kreatywny', en: 'creative', sectors: ['90', '73'], ris3: ['BB-ICT'] },
  { de: 'Agrar', pl: 'rolniczy', en: 'agriculture', sectors: ['01'], ris3: ['LB-GREEN'] },
];

const PLACES = [
  { de: 'Frankfurt (Oder)', pl: 'Frankfurt nad Odrą', region: 'DE403', country: 'DE' },
  { de: 'Cottbus', pl: 'Chociebuż', region: 'DE402', country: 'DE' },
  { de: 'Eberswalde', pl: 'Eberswalde', region: 'DE405', country: 'DE' },
  { de: 'Bernau', pl: 'Bernau', region: 'DE405', country: 'DE' },
  { de: 'Seelow', pl: 'Seelow', region: 'DE409', country: 'DE' },
  { de: 'Strausberg', pl: 'Strausberg', region: 'DE409', country: 'DE' },
  { de: 'Eisenhüttenstadt', pl: 'Eisenhüttenstadt', region: 'DE40C', country: 'DE' },
  { de: 'Fürstenwalde', pl: 'Fürstenwalde', region: 'DE40C', country: 'DE' },
  { de: 'Guben', pl: 'Guben', region: 'DE40G', country: 'DE' },
  { de: 'Forst (Lausitz)', pl: 'Forst', region: 'DE40G', country: 'DE' },
  { de: 'Spremberg', pl: 'Grodk', region: 'DE40G', country: 'DE' },
  { de: 'Prenzlau', pl: 'Prenzlau', region: 'DE40I', country: 'DE' },
  { de: 'Schwedt/Oder', pl: 'Schwedt', region: 'DE40I', country: 'DE' },
  { de: 'Gorzów Wielkopolski', pl: 'Gorzów Wielkopolski', region: 'PL431', country: 'PL' },
  { de: 'Kostrzyn', pl: 'Kostrzyn nad Odrą', region: 'PL431', country: 'PL' },
  { de: 'Słubice', pl: 'Słubice', region: 'PL431', country: 'PL' },
  { de: 'Międzyrzecz', pl: 'Międzyrzecz', region: 'PL431', country: 'PL' },
  { de: 'Sulęcin', pl: 'Sulęcin', region: 'PL431', country: 'PL' },
  { de: 'Zielona Góra', pl: 'Zielona Góra', region: 'PL432', country: 'PL' },
  { de: 'Nowa Sól', pl: 'Nowa Sól', region: 'PL432', country: 'PL' },
  { de: 'Żary', pl: 'Żary', region: 'PL432', country: 'PL' },
  { de: 'Żagań', pl: 'Żagań', region: 'PL432', country: 'PL' },
  { de: 'Świebodzin', pl: 'Świebodzin', region: 'PL432', country: 'PL' },
  { de: 'Gubin', pl: 'Gubin', region: 'PL432', country: 'PL' },
  { de: 'Krosno Odrzańskie', pl: 'Krosno Odrzańskie', region: 'PL432', country: 'PL' },
] as const;

const SURNAMES = [
  'Schulz',
  'Müller',
  'Krüger',
  'Lehmann',
  'Nowak',
  'Kowalski',
  'Wiśniewski',
  'Wójcik',
  'Zieliński',
  'Schröder',
  'Łukasik',
  'Kamiński',
  'Richter',
  'Wolff',
  'Dąbrowski',
  'Neumann',
];
const WORDS_DE = ['Innovation', 'Fachkräfte', 'Export', 'Digitalisierung', 'Qualität', 'Forschung', 'Ausbildung', 'Nachhaltigkeit'];
const WORDS_PL = ['innowacje', 'kadry', 'eksport', 'cyfryzacja', 'jakość', 'badania', 'szkolenia', 'zrównoważony rozwój'];
const WORDS_EN = ['innovation', 'skills', 'export', 'digitalisation', 'quality', 'research', 'training', 'sustainability'];
const TYPES = ['sme', 'sme', 'sme', 'sme', 'sme', 'sme', 'large', 'research', 'chamber', 'public', 'cluster_management'] as const;

export interface Generated {
  clusters: unknown[][];
  organisations: unknown[][];
  memberships: unknown[][];
}

/** Rows of one table, in the order they are generated. */
export interface Chunk {
  table: keyof Generated;
  rows: unknown[][];
}

/** A valid NIP (check digit) made from a running number; ten digits, unique per number. */
function nip(n: number): string | null {
  const base = String(100_000_000 + n).slice(-9);
  const weights = [6, 5, 7, 2, 3, 4, 5, 6, 7];
  const check = weights.reduce((s, w, i) => s + w * Number(base[i]), 0) % 11;
  return check === 10 ? null : `${base}${check}`;
}

/** The whole directory in memory: for the benchmarks that take a slice of it. */
export function generate(seed = 4, counts = { clusters: CLUSTERS, organisations: ORGANISATIONS }): Generated {
  const data: Generated = { clusters: [], organisations: [], memberships: [] };
  for (const { table, rows } of stream(seed, counts)) for (const row of rows) data[table].push(row);
  return data;
}

/**
 * The directory in chunks of rows, clusters first, then organisations, then memberships, drawn
 * from the random sequence in the same order as one whole: only the ids stay in memory, so a
 * directory ten times larger can be loaded without holding its rows.
 */
export function* stream(seed = 4, counts = { clusters: CLUSTERS, organisations: ORGANISATIONS }, size = 2000): Generator<Chunk> {
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const uuid = () => {
    const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
    hex[12] = '4';
    hex[16] = '89ab'[Math.floor(random() * 4)]!;
    const h = hex.join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };
  const arr = (values: readonly string[]) => `{${[...new Set(values)].join(',')}}`;

  let clusters: unknown[][] = [];
  const clusterIds: string[] = [];
  for (let i = 0; i < counts.clusters; i++) {
    const topic = pick(TOPICS);
    const other = pick(TOPICS);
    const place = pick(PLACES);
    const partnerPlace = pick(PLACES);
    const network = random() < 0.4;
    const name = {
      de: `${topic.de}${network ? '-Netzwerk' : 'cluster'} ${place.de} ${i}`,
      pl: `${network ? 'Sieć' : 'Klaster'} ${topic.pl} ${place.pl} ${i}`,
      en: `${place.de} ${topic.en} ${network ? 'network' : 'cluster'} ${i}`,
    };
    const description = {
      de: `Unternehmen und Forschung aus ${place.de} und ${partnerPlace.de} arbeiten gemeinsam an ${topic.de} und ${other.de}: ${pick(WORDS_DE)} und ${pick(WORDS_DE)}.`,
      pl: `Firmy i nauka z ${place.pl} i ${partnerPlace.pl} współpracują w obszarze ${topic.pl} i ${other.pl}: ${pick(WORDS_PL)} i ${pick(WORDS_PL)}.`,
      ...(random() < 0.8
        ? { en: `Firms and research from ${place.de} and ${partnerPlace.de} work on ${topic.en} and ${other.en}: ${pick(WORDS_EN)}.` }
        : {}),
    };
    const regions = [place.region, partnerPlace.region];
    const countries = [...new Set([place.country, partnerPlace.country])].sort();
    const id = uuid();
    clusterIds.push(id);
    clusters.push([
      id,
      `${slugify(name.de).slice(0, 60)}-${i}`,
      network ? 'network' : 'cluster',
      random() < 0.3 ? 'emerging' : 'established',
      countries.length > 1,
      JSON.stringify(name),
      JSON.stringify(description),
      arr(regions),
      arr(countries),
      arr([...topic.sectors, ...other.sectors.slice(0, 1)]),
      arr(topic.ris3.filter((r) => (place.country === 'DE' ? r.startsWith('BB') : r.startsWith('LB')))),
      random() < 0.7 ? `https://cluster-${i}.example.eu` : null,
      1990 + Math.floor(random() * 30),
      pick(['BIC', 'LOP', 'CIT', 'ESNB']),
      random() < 0.85,
      random() < 0.3,
    ]);
    if (clusters.length === size) {
      yield { table: 'clusters', rows: clusters };
      clusters = [];
    }
  }
  if (clusters.length) yield { table: 'clusters', rows: clusters };

  let organisations: unknown[][] = [];
  const organisationIds: string[] = [];
  for (let i = 0; i < counts.organisations; i++) {
    const topic = pick(TOPICS);
    const place = pick(PLACES);
    const type = pick(TYPES);
    const polish = place.country === 'PL';
    const legal = polish ? pick(['Sp. z o.o.', 'S.A.', 'sp.j.']) : pick(['GmbH', 'GmbH & Co. KG', 'AG', 'e.K.']);
    const name = `${pick(SURNAMES)} ${polish ? topic.pl : topic.de} ${legal} ${i}`;
    const employees =
      type === 'sme'
        ? 1 + Math.floor(random() * 240)
        : type === 'large'
          ? 250 + Math.floor(random() * 3000)
          : 10 + Math.floor(random() * 500);
    const sizeClass = type === 'sme' ? (employees < 10 ? 'micro' : employees < 50 ? 'small' : 'medium') : type === 'large' ? 'large' : null;
    const competences = {
      ...(polish || random() < 0.7 ? { pl: `${topic.pl}: ${pick(WORDS_PL)}, ${pick(WORDS_PL)}` } : {}),
      ...(!polish || random() < 0.7 ? { de: `${topic.de}: ${pick(WORDS_DE)}, ${pick(WORDS_DE)}` } : {}),
      ...(random() < 0.5 ? { en: `${topic.en}: ${pick(WORDS_EN)}, ${pick(WORDS_EN)}` } : {}),
    };
    const contacts =
      random() < 0.5
        ? [
            {
              name: `${pick(['Anna', 'Jens', 'Ewa', 'Piotr', 'Katrin', 'Marek'])} ${pick(SURNAMES)}`,
              role: null,
              email: `kontakt${i}@example.eu`,
              phone: null,
              publicationConsent: random() < 0.5,
              consentDate: '2019-01-15',
            },
          ]
        : [];
    const id = uuid();
    organisationIds.push(id);
    organisations.push([
      id,
      name,
      type,
      place.country,
      place.region,
      place.de,
      sizeClass,
      employees,
      arr(topic.sectors),
      JSON.stringify({}),
      JSON.stringify(competences),
      arr(polish ? ['pl', 'de'] : ['de', 'en']),
      polish && random() < 0.5 ? nip(i) : null,
      JSON.stringify(contacts),
      random() < 0.8,
    ]);
    if (organisations.length === size) {
      yield { table: 'organisations', rows: organisations };
      organisations = [];
    }
  }
  if (organisations.length) yield { table: 'organisations', rows: organisations };

  let memberships: unknown[][] = [];
  for (const clusterId of clusterIds) {
    const count = 5 + Math.floor(random() * 11);
    // An organisation drawn twice for the same cluster is a member once.
    const taken = new Set<string>();
    for (let k = 0; k < count; k++) {
      const organisationId = pick(organisationIds);
      if (taken.has(organisationId)) continue;
      taken.add(organisationId);
      memberships.push([
        clusterId,
        organisationId,
        k === 0 ? 'coordinator' : random() < 0.85 ? 'member' : 'associated',
        `20${10 + Math.floor(random() * 10)}-0${1 + Math.floor(random() * 9)}-01`,
      ]);
    }
    if (memberships.length >= size * 5) {
      yield { table: 'memberships', rows: memberships };
      memberships = [];
    }
  }
  if (memberships.length) yield { table: 'memberships', rows: memberships };
}

// The brand is no column of a cluster: a generated brand cluster holds an award (below).
const CLUSTER_INSERT = `INSERT INTO clusters (id, slug, kind, status, cross_border, name, description, regions, countries, sectors, ris3_areas, website, founded_year, partner, published)
  SELECT id, slug, kind, status, cb, name::jsonb, description::jsonb, regions::text[], countries::text[], sectors::text[], ris3::text[], website, founded, partner, published
  FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::bool[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::int[], $14::text[], $15::bool[], $16::bool[])
    AS t(id, slug, kind, status, cb, name, description, regions, countries, sectors, ris3, website, founded, partner, published, brand)`;

const AWARD_INSERT = `INSERT INTO brand_awards (certificate_number, cluster_id, valid_from, valid_until, note)
  SELECT 'EURN-B-BENCH-' || lpad(n::text, 6, '0'), id, current_date, current_date + 730, 'Generated for the benchmark'
  FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, n0), LATERAL (SELECT n0 + $2::int AS n) AS numbered`;

const ORGANISATION_INSERT = `INSERT INTO organisations (id, name, type, country, region, city, size_class, employees, sectors, description, competences, languages, nip, contacts, published)
  SELECT id, name, type, country, region, city, size_class, employees, sectors::text[], description::jsonb, competences::jsonb, languages::text[], nip, contacts::jsonb, published
  FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::bool[])
    AS t(id, name, type, country, region, city, size_class, employees, sectors, description, competences, languages, nip, contacts, published)`;

const MEMBERSHIP_INSERT = `INSERT INTO memberships (cluster_id, organisation_id, role, since)
  SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::date[])`;

/** Column arrays of a chunk of rows: one parameter per column, whatever the number of rows (no 65,535-parameter limit). */
const columns = (rows: unknown[][]) => rows[0]!.map((_, c) => rows.map((r) => r[c]));

const INSERTS: Record<Chunk['table'], string> = {
  clusters: CLUSTER_INSERT,
  organisations: ORGANISATION_INSERT,
  memberships: MEMBERSHIP_INSERT,
};

/** Where the time of a load went, in milliseconds. */
export interface LoadTimes {
  /** Drawing the rows (the generator). */
  generate: number;
  /** Inserting them, the tables' triggers and indexes included, up to the commit. */
  insert: number;
  /** VACUUM ANALYZE of the loaded tables. */
  vacuum: number;
}

function* chunksOf(data: Generated, size = 2000): Generator<Chunk> {
  for (const table of ['clusters', 'organisations', 'memberships'] as const)
    for (let i = 0; i < data[table].length; i += table === 'memberships' ? size * 5 : size)
      yield { table, rows: data[table].slice(i, i + (table === 'memberships' ? size * 5 : size)) };
}

/** Replaces the directory with the generated one, in one transaction. */
export async function load(pool: pg.Pool, data: Generated | Iterable<Chunk>): Promise<LoadTimes> {
  const times: LoadTimes = { generate: 0, insert: 0, vacuum: 0 };
  const chunks = ('clusters' in data ? chunksOf(data) : data)[Symbol.iterator]();
  const client = await pool.connect();
  try {
    let started = performance.now();
    await client.query('BEGIN');
    await client.query('TRUNCATE memberships, clusters, organisations CASCADE');
    let awards = 0;
    for (;;) {
      const drawn = performance.now();
      const next = chunks.next();
      times.generate += performance.now() - drawn;
      if (next.done) break;
      const { table, rows } = next.value;
      await client.query(INSERTS[table], columns(rows));
      if (table === 'clusters') {
        const brand = rows.filter((c) => c[15] === true).map((c) => c[0]);
        await client.query(AWARD_INSERT, [brand, awards]);
        awards += brand.length;
      }
    }
    await client.query('COMMIT');
    times.insert = performance.now() - started - times.generate;
    started = performance.now();
    await client.query('VACUUM ANALYZE clusters');
    await client.query('VACUUM ANALYZE organisations');
    await client.query('VACUUM ANALYZE memberships');
    await client.query('VACUUM ANALYZE search_words');
    times.vacuum = performance.now() - started;
    return times;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
