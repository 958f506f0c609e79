import { and, desc, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import {
  COMPLEMENTARITY_SATURATION,
  MATCH_COMPONENTS,
  MATCH_STAGES,
  ORG_TYPE_FIT,
  ORGANISATION_TYPES,
  naceSectionOf,
  profileIsActive,
  sectorScope,
  type CandidateFilters,
  type Country,
  type Match,
  type MatchCounts,
  type MatchComponentKey,
  type MatchListQuery,
  type MatchParty,
  type MatchStage,
  type MatchWeights,
  type OrganisationType,
  type PartyKind,
  type PartyRef,
  type PartySummary,
  type Profile,
  type ProfileKind,
  type ProfileListQuery,
} from '@euregionet/shared';
import { queryRows, type Db } from '../../db/client.js';
import { decodeCursor, encodeCursor } from '../../db/cursor.js';
import { inPeriodTs, type ReportingPeriod } from '../indicators/period.js';
import { cooperationProfilesTable, matchesTable, matchStepsTable, matchWeightsTable } from './matchmaking.table.js';

/** A text[] literal; an empty list as the empty array (ARRAY[] has no type). */
export const textArray = (values: readonly string[]): SQL =>
  values.length
    ? sql`ARRAY[${sql.join(
        values.map((v) => sql`${v}`),
        sql`, `,
      )}]::text[]`
    : sql`'{}'::text[]`;

// ---------------------------------------------------------------------------------------------
// Parties: what the matching knows of organisations, clusters and profiles

interface PartyRow {
  kind: PartyKind;
  id: string;
  owner_key: string;
  name: Record<string, string>;
  countries: Country[];
  org_types: OrganisationType[];
  languages: string[];
  sectors: string[];
  ris3: string[];
  offer_terms: string[];
  request_terms: string[];
  cluster_ids: string[];
  target_countries: Country[];
  status: string | null;
  valid_until: string | null;
  profile_kind: ProfileKind | null;
}

export interface PartyFacts {
  party: MatchParty;
  summary: PartySummary;
}

export function toParty(row: PartyRow, today: string): PartyFacts {
  const available =
    row.kind !== 'profile' || profileIsActive({ status: row.status as Profile['status'], validUntil: row.valid_until }, today);
  return {
    party: {
      kind: row.kind,
      id: row.id,
      ownerKey: row.owner_key,
      countries: row.countries,
      orgTypes: row.org_types,
      languages: row.languages,
      sectors: row.sectors,
      ris3Areas: row.ris3,
      offerTerms: row.offer_terms,
      requestTerms: row.request_terms,
      clusterIds: row.cluster_ids,
      targetCountries: row.target_countries,
      available,
    },
    summary: {
      kind: row.kind,
      id: row.id,
      name: row.name,
      countries: row.countries,
      orgTypes: row.org_types,
      sectors: row.sectors,
      profileKind: row.profile_kind,
    },
  };
}

/** Clusters an organisation belongs to, and their smart-specialisation areas (its own). */
const ORG_CLUSTERS = `LEFT JOIN LATERAL (
    SELECT array_agg(DISTINCT c.id::text) AS ids, array_remove(array_agg(DISTINCT r.area), NULL) AS ris3
      FROM memberships m
      JOIN clusters c ON c.id = m.cluster_id AND c.deleted_at IS NULL
      LEFT JOIN LATERAL unnest(c.ris3_areas) AS r(area) ON true
     WHERE m.organisation_id = o.id) mc ON true`;

export const ORGANISATION_PARTY = sql.raw(`SELECT 'organisation' AS kind, o.id::text AS id, 'organisation:' || o.id AS owner_key,
    jsonb_build_object('de', o.name, 'pl', o.name, 'en', o.name) AS name,
    ARRAY[o.country] AS countries, ARRAY[o.type] AS org_types, o.languages, o.sectors,
    coalesce(mc.ris3, '{}'::text[]) AS ris3, o.match_offer_terms AS offer_terms, o.match_request_terms AS request_terms,
    coalesce(mc.ids, '{}'::text[]) AS cluster_ids, '{}'::text[] AS target_countries,
    NULL::text AS status, NULL::text AS valid_until, NULL::text AS profile_kind
  FROM organisations o ${ORG_CLUSTERS}`);

export const CLUSTER_PARTY = sql.raw(`SELECT 'cluster' AS kind, c.id::text AS id, 'cluster:' || c.id AS owner_key, c.name,
    c.countries, ARRAY['cluster_management'] AS org_types, ARRAY(SELECT jsonb_object_keys(c.name) ORDER BY 1) AS languages,
    c.sectors, c.ris3_areas AS ris3, c.match_offer_terms AS offer_terms,
    '{}'::text[] AS request_terms, ARRAY[c.id::text] AS cluster_ids, '{}'::text[] AS target_countries,
    NULL::text AS status, NULL::text AS valid_until, NULL::text AS profile_kind
  FROM clusters c`);

export const PROFILE_PARTY = sql.raw(`SELECT 'profile' AS kind, p.id::text AS id,
    CASE WHEN p.organisation_id IS NOT NULL THEN 'organisation:' || p.organisation_id ELSE 'cluster:' || p.cluster_id END AS owner_key,
    p.title AS name,
    CASE WHEN o.id IS NOT NULL THEN ARRAY[o.country] ELSE c.countries END AS countries,
    CASE WHEN o.id IS NOT NULL THEN ARRAY[o.type] ELSE ARRAY['cluster_management'] END AS org_types,
    ARRAY(SELECT DISTINCT l FROM unnest(ARRAY(SELECT jsonb_object_keys(p.title)) || coalesce(o.languages, '{}'::text[])) AS l ORDER BY l) AS languages,
    p.sectors, p.ris3_areas AS ris3, p.offer_terms, p.request_terms,
    CASE WHEN o.id IS NOT NULL THEN coalesce((SELECT array_agg(m.cluster_id::text ORDER BY m.cluster_id) FROM memberships m
                                      JOIN clusters mc ON mc.id = m.cluster_id AND mc.deleted_at IS NULL
                                     WHERE m.organisation_id = o.id), '{}'::text[])
         ELSE ARRAY[c.id::text] END AS cluster_ids,
    p.target_countries, p.status, p.valid_until::text AS valid_until, p.kind AS profile_kind
  FROM cooperation_profiles p
  LEFT JOIN organisations o ON o.id = p.organisation_id AND o.deleted_at IS NULL
  LEFT JOIN clusters c ON c.id = p.cluster_id AND c.deleted_at IS NULL`);

const PROFILE_OWNER_LIVE = sql.raw(`(o.id IS NOT NULL OR c.id IS NOT NULL)`);

/** At most this many pairs of words in a condition that a candidate shares two words with the subject. */
const MAX_PAIRS = 60;

/** The tiers of the candidate search: first what shares a NACE division, an area or a term, then what shares a section. */
export type CandidateTier = 'topical' | 'section';

function divisionsOf(codes: readonly string[]) {
  return codes.filter((c) => /^\d{2}$/.test(c));
}

function sectionScopeOf(codes: readonly string[]) {
  const sections = [...new Set(codes.map((c) => naceSectionOf(c)).filter((s): s is string => !!s))];
  return [...new Set(sections.flatMap(sectorScope))];
}

export function createMatchmakingRepo(db: Db) {
  const partyRows = (query: SQL) => queryRows<PartyRow>(db, query);

  return {
    /** The organisation, cluster or profile with this id (ids are UUIDs: at most one kind has it). */
    async party(id: string, today: string, kind?: PartyKind): Promise<PartyFacts | null> {
      const queries: SQL[] = [];
      if (!kind || kind === 'profile') queries.push(sql`${PROFILE_PARTY} WHERE p.id = ${id} AND ${PROFILE_OWNER_LIVE}`);
      if (!kind || kind === 'organisation') queries.push(sql`${ORGANISATION_PARTY} WHERE o.id = ${id} AND o.deleted_at IS NULL`);
      if (!kind || kind === 'cluster') queries.push(sql`${CLUSTER_PARTY} WHERE c.id = ${id} AND c.deleted_at IS NULL`);
      for (const q of queries) {
        const [row] = await partyRows(q);
        if (row) return toParty(row, today);
      }
      return null;
    },

    async parties(refs: readonly PartyRef[], today: string): Promise<Map<string, PartyFacts>> {
      const byKind = (k: PartyKind) => [...new Set(refs.filter((r) => r.kind === k).map((r) => r.id))];
      const found = new Map<string, PartyFacts>();
      const run = async (ids: string[], q: (ids: SQL) => SQL) => {
        if (!ids.length) return;
        for (const row of await partyRows(q(sql`ANY(${textArray(ids)}::uuid[])`))) found.set(`${row.kind}:${row.id}`, toParty(row, today));
      };
      // A party deleted since keeps its place in the match, without a name.
      await run(byKind('organisation'), (ids) => sql`${ORGANISATION_PARTY} WHERE o.id = ${ids}`);
      await run(byKind('cluster'), (ids) => sql`${CLUSTER_PARTY} WHERE c.id = ${ids}`);
      await run(byKind('profile'), (ids) => sql`${PROFILE_PARTY} WHERE p.id = ${ids}`);
      return found;
    },

    /**
     * The candidates of one kind in one tier whose bound reaches `floor`, best upper bound first:
     * `bound` is the highest score the candidate can reach (every component computed exactly in
     * SQL, except shared RIS3 areas, counted in full when there is one). Each bound is computed
     * once: the caller reads the candidates' facts (`candidateFacts`) in small batches down this
     * list, scores them with the shared function, and stops where a bound can no longer beat its
     * last place; it asks for more (`after`) only when it reaches the end of a full list.
     */
    async candidateBounds(
      subject: MatchParty,
      tier: CandidateTier,
      kind: PartyKind,
      filters: CandidateFilters,
      weights: MatchWeights,
      today: string,
      after: { bound: number; id: string } | null,
      size: number,
      floor = -Infinity,
    ): Promise<{ id: string; bound: number }[]> {
      const total = MATCH_COMPONENTS.reduce((sum, k) => sum + weights[k], 0) || 1;
      // Ways in (shared words, a shared division, a shared RIS3 area) that cannot lead to a
      // candidate reaching `floor` are not read: a candidate found only through the dropped ways
      // scores at most the static part (border, language, type, a shared section) plus their weights.
      const maxFit = Math.max(0, ...subject.orgTypes.flatMap((s) => ORGANISATION_TYPES.map((t) => ORG_TYPE_FIT[s][t])));
      let reach = weights.crossBorder + weights.language + weights.orgType * maxFit + weights.sector / 2;
      const dropped = new Set<'terms' | 'division' | 'ris3'>();
      const ways3: ['terms' | 'division' | 'ris3', number][] = [
        ['terms', weights.complementarity],
        ['division', weights.sector / 2],
        ['ris3', weights.ris3],
      ];
      for (const [way, weight] of ways3.sort((a, b) => a[1] - b[1])) {
        if ((100 * (reach + weight)) / total >= floor - 1e-6) break;
        dropped.add(way);
        reach += weight;
      }
      const sectionTier =
        (100 * (weights.crossBorder + weights.language + weights.orgType * maxFit + weights.sector / 2)) / total >= floor - 1e-6;
      const divisions = divisionsOf(subject.sectors);
      const sectionScope = sectionScopeOf(subject.sectors);
      const sectorFilter = filters.sector?.length ? [...new Set(filters.sector.flatMap(sectorScope))] : null;
      const req = textArray(subject.requestTerms);
      const offer = textArray(subject.offerTerms);
      const typeFit = (type: SQL) =>
        sql`(CASE ${type} ${sql.join(
          ORGANISATION_TYPES.map((t) => sql`WHEN ${t} THEN ${Math.max(0, ...subject.orgTypes.map((s) => ORG_TYPE_FIT[s][t]))}::float8`),
          sql` `,
        )} ELSE 0::float8 END)`;
      const subjectCountries = textArray(subject.countries);
      const crossOf = (countries: SQL) =>
        subject.countries.length
          ? sql`(CASE WHEN cardinality(${countries}) > 0 AND NOT (${countries} @> ${subjectCountries} AND ${countries} <@ ${subjectCountries}) THEN 1 ELSE 0 END)`
          : sql`0`;
      const langOf = (languages: SQL) => sql`(CASE WHEN ${languages} && ${textArray(subject.languages)} THEN 1 ELSE 0 END)`;
      const bound = (c: { sectors: SQL; offer: SQL; request: SQL; ris3Hit: SQL; countries: SQL; languages: SQL; type: SQL }) => {
        const comp =
          subject.offerTerms.length || subject.requestTerms.length
            ? // The count of shared words only where the index operator finds one: most candidates share none.
              sql`(CASE WHEN ${c.offer} && ${req} OR ${c.request} && ${offer} THEN least(1.0, cardinality(ARRAY(SELECT unnest(${c.offer}) INTERSECT SELECT unnest(${req}) UNION SELECT unnest(${c.request}) INTERSECT SELECT unnest(${offer}))) / ${COMPLEMENTARITY_SATURATION}::float8) ELSE 0 END)`
            : sql`0`;
        const sector = sql`(CASE WHEN ${c.sectors} && ${textArray(divisions)} THEN 1.0 WHEN ${c.sectors} && ${textArray(sectionScope)} THEN 0.5 ELSE 0 END)`;
        const cross = crossOf(c.countries);
        const lang = langOf(c.languages);
        const fractions: Record<MatchComponentKey, SQL> = {
          complementarity: comp,
          sector,
          ris3: c.ris3Hit,
          crossBorder: cross,
          language: lang,
          orgType: typeFit(c.type),
        };
        // In the order and with the operations of `scoreMatch` (double precision both): a bound is
        // then never below the score it bounds, not even by a rounding error, and equals it where
        // every fraction is exact, so that candidates tied with the last place can be told apart by
        // kind and id.
        return sql`(0::float8${sql.join(
          MATCH_COMPONENTS.map((k) => sql` + (100::float8 * ${weights[k]}::float8 * (${fractions[k]})::float8) / ${total}::float8`),
          sql``,
        )})`;
      };
      // What a candidate must meet to reach `floor` at all: a component whose weight (or the part
      // of it a weaker fit leaves out) is more than the score can lose. Plain conditions the
      // planner can combine with the ways in (GIN indexes), so that with a high bar the bound is
      // computed for the few candidates that meet all of them, not for everyone sharing one word.
      const slack = Number.isFinite(floor) ? (total * (100 - floor)) / 100 + 1e-6 : Infinity;
      const needs = (c: { sectors: SQL; offer: SQL; request: SQL; ris3Hit: SQL; countries: SQL; languages: SQL; type: SQL }) => {
        const out: SQL[] = [];
        if (weights.complementarity > slack) {
          // Two shared words at least when one is not enough: a pair of the subject's words that
          // the candidate offers (or requests) both of, or one word each way.
          const pairs = (terms: readonly string[], column: SQL) =>
            terms.flatMap((a, i) => terms.slice(i + 1).map((b) => sql`${column} @> ${textArray([a, b])}`));
          const oneWordLoss = weights.complementarity * (1 - 1 / COMPLEMENTARITY_SATURATION);
          const twoWays = [...pairs(subject.requestTerms, c.offer), ...pairs(subject.offerTerms, c.request)];
          if (oneWordLoss > slack && COMPLEMENTARITY_SATURATION > 1 && twoWays.length <= MAX_PAIRS)
            out.push(sql`(${sql.join([...twoWays, sql`(${c.offer} && ${req} AND ${c.request} && ${offer})`], sql` OR `)})`);
          else if (subject.offerTerms.length || subject.requestTerms.length)
            out.push(sql`(${c.offer} && ${req} OR ${c.request} && ${offer})`);
          else out.push(sql`FALSE`);
        }
        if (weights.sector / 2 > slack) out.push(sql`${c.sectors} && ${textArray(divisions)}`);
        else if (weights.sector > slack) out.push(sql`${c.sectors} && ${textArray([...new Set([...divisions, ...sectionScope])])}`);
        if (weights.ris3 > slack) out.push(sql`${c.ris3Hit} = 1`);
        if (weights.crossBorder > slack) out.push(sql`${crossOf(c.countries)} = 1`);
        if (weights.language > slack) out.push(sql`${langOf(c.languages)} = 1`);
        if (weights.orgType > slack) out.push(sql`${weights.orgType}::float8 * (1 - ${typeFit(c.type)}) <= ${slack}::float8`);
        return out;
      };
      const afterRow = after
        ? sql`(bound < ${after.bound}::float8 OR (bound = ${after.bound}::float8 AND id > ${after.id}::uuid))`
        : sql`TRUE`;
      const keyset = sql`${afterRow} AND bound >= ${Number.isFinite(floor) ? floor : -1}::float8`;
      const anyOf = (parts: (SQL | false)[]) => {
        const real = parts.filter((p): p is SQL => p !== false);
        return real.length ? sql`(${sql.join(real, sql` OR `)})` : sql`FALSE`;
      };
      const ris3 = textArray(subject.ris3Areas);
      let query: SQL;

      if (kind === 'organisation') {
        // Ways in through the organisation's own columns (GIN indexes, one bitmap scan that
        // computes the bound from the rows it reads) and through its clusters' areas.
        const direct: SQL[] = [];
        let viaRis3 = false;
        if (tier === 'topical') {
          if (divisions.length && !dropped.has('division')) direct.push(sql`o.sectors && ${textArray(divisions)}`);
          if (subject.requestTerms.length && !dropped.has('terms')) direct.push(sql`o.match_offer_terms && ${req}`);
          if (subject.offerTerms.length && !dropped.has('terms')) direct.push(sql`o.match_request_terms && ${offer}`);
          viaRis3 = subject.ris3Areas.length > 0 && !dropped.has('ris3');
        } else if (sectionScope.length && sectionTier) {
          direct.push(sql`o.sectors && ${textArray(sectionScope)}`);
        }
        if (!direct.length && !viaRis3) return [];
        const where: SQL[] = [sql`o.deleted_at IS NULL`];
        if (filters.country) where.push(sql`o.country = ${filters.country}`);
        if (filters.type?.length) where.push(sql`o.type = ANY(${textArray(filters.type)})`);
        if (sectorFilter) where.push(sql`o.sectors && ${textArray(sectorFilter)}`);
        const withRis3 = subject.ris3Areas.length > 0;
        const cols = {
          sectors: sql`o.sectors`,
          offer: sql`o.match_offer_terms`,
          request: sql`o.match_request_terms`,
          ris3Hit: withRis3 ? sql`(CASE WHEN o.id IN (SELECT id FROM r) THEN 1 ELSE 0 END)` : sql`0`,
          countries: sql`ARRAY[o.country]`,
          languages: sql`o.languages`,
          type: sql`o.type`,
        };
        where.push(...needs(cols));
        const orgBound = bound(cols);
        const parts: SQL[] = [];
        if (direct.length)
          parts.push(
            sql`SELECT o.id, ${orgBound} AS bound FROM organisations o WHERE ${sql.join(where, sql` AND `)} AND (${sql.join(direct, sql` OR `)})`,
          );
        if (viaRis3)
          // Each member looked up by its key. As a plain join, the planner (misled by the CASE
          // conditions, which it guesses match almost nothing) scanned the members once per
          // organisation: seconds for a cluster of thousands. OFFSET 0 keeps the subquery apart.
          parts.push(
            sql`SELECT o.id, ${orgBound} AS bound FROM (SELECT DISTINCT id FROM r) ri
                CROSS JOIN LATERAL (SELECT * FROM organisations x WHERE x.id = ri.id OFFSET 0) o WHERE ${sql.join(where, sql` AND `)}`,
          );
        const members = withRis3
          ? sql`r AS MATERIALIZED (SELECT m.organisation_id AS id FROM memberships m JOIN clusters c ON c.id = m.cluster_id AND c.deleted_at IS NULL WHERE c.ris3_areas && ${ris3}), `
          : sql``;
        // Each candidate's bound once (both parts give the same bound for the same organisation).
        query = sql`WITH ${members}b AS MATERIALIZED (${sql.join(parts, sql` UNION `)})
          SELECT b.id::text AS id, b.bound FROM b WHERE ${keyset} ORDER BY b.bound DESC, b.id LIMIT ${size}`;
      } else if (kind === 'cluster') {
        const ways =
          tier === 'topical'
            ? anyOf([
                divisions.length > 0 && !dropped.has('division') && sql`c.sectors && ${textArray(divisions)}`,
                subject.requestTerms.length > 0 && !dropped.has('terms') && sql`c.match_offer_terms && ${req}`,
                subject.ris3Areas.length > 0 && !dropped.has('ris3') && sql`c.ris3_areas && ${ris3}`,
              ])
            : anyOf([sectionScope.length > 0 && sectionTier && sql`c.sectors && ${textArray(sectionScope)}`]);
        const where: SQL[] = [sql`c.deleted_at IS NULL`, ways];
        if (filters.country) where.push(sql`${filters.country} = ANY(c.countries)`);
        if (sectorFilter) where.push(sql`c.sectors && ${textArray(sectorFilter)}`);
        const cols = {
          sectors: sql`c.sectors`,
          offer: sql`c.match_offer_terms`,
          request: sql`'{}'::text[]`,
          ris3Hit: subject.ris3Areas.length ? sql`(CASE WHEN c.ris3_areas && ${ris3} THEN 1 ELSE 0 END)` : sql`0`,
          countries: sql`c.countries`,
          languages: sql`ARRAY(SELECT jsonb_object_keys(c.name))`,
          type: sql`'cluster_management'::text`,
        };
        where.push(...needs(cols));
        query = sql`WITH b AS MATERIALIZED (SELECT c.id, ${bound(cols)} AS bound FROM clusters c WHERE ${sql.join(where, sql` AND `)})
          SELECT b.id::text AS id, b.bound FROM b WHERE ${keyset} ORDER BY b.bound DESC, b.id LIMIT ${size}`;
      } else {
        const ways =
          tier === 'topical'
            ? anyOf([
                divisions.length > 0 && !dropped.has('division') && sql`p.sectors && ${textArray(divisions)}`,
                subject.requestTerms.length > 0 && !dropped.has('terms') && sql`p.offer_terms && ${req}`,
                subject.offerTerms.length > 0 && !dropped.has('terms') && sql`p.request_terms && ${offer}`,
                subject.ris3Areas.length > 0 && !dropped.has('ris3') && sql`p.ris3_areas && ${ris3}`,
              ])
            : anyOf([sectionScope.length > 0 && sectionTier && sql`p.sectors && ${textArray(sectionScope)}`]);
        const where: SQL[] = [
          sql`p.status = 'published'`,
          sql`(p.valid_until IS NULL OR p.valid_until >= ${today}::date)`,
          sql`(o.id IS NOT NULL OR c.id IS NOT NULL)`,
          ways,
        ];
        if (sectorFilter) where.push(sql`p.sectors && ${textArray(sectorFilter)}`);
        const cols = {
          sectors: sql`p.sectors`,
          offer: sql`p.offer_terms`,
          request: sql`p.request_terms`,
          ris3Hit: subject.ris3Areas.length ? sql`(CASE WHEN p.ris3_areas && ${ris3} THEN 1 ELSE 0 END)` : sql`0`,
          countries: sql`(CASE WHEN o.id IS NOT NULL THEN ARRAY[o.country] ELSE c.countries END)`,
          languages: sql`(ARRAY(SELECT jsonb_object_keys(p.title)) || coalesce(o.languages, '{}'::text[]))`,
          type: sql`coalesce(o.type, 'cluster_management')`,
        };
        where.push(...needs(cols));
        query = sql`WITH b AS MATERIALIZED (SELECT p.id, ${bound(cols)} AS bound
            FROM cooperation_profiles p
            LEFT JOIN organisations o ON o.id = p.organisation_id AND o.deleted_at IS NULL
            LEFT JOIN clusters c ON c.id = p.cluster_id AND c.deleted_at IS NULL
           WHERE ${sql.join(where, sql` AND `)})
          SELECT b.id::text AS id, b.bound FROM b WHERE ${keyset} ORDER BY b.bound DESC, b.id LIMIT ${size}`;
      }
      const rows = await queryRows<{ id: string; bound: number }>(db, query);
      return rows.map((r) => ({ id: r.id, bound: Number(r.bound) }));
    },

    /** What the ranking needs of these candidates of one kind, in no particular order. */
    async candidateFacts(kind: PartyKind, ids: readonly string[], today: string): Promise<PartyFacts[]> {
      if (!ids.length) return [];
      const any = sql`ANY(${textArray(ids)}::uuid[])`;
      const query =
        kind === 'organisation'
          ? sql`${ORGANISATION_PARTY} WHERE o.id = ${any}`
          : kind === 'cluster'
            ? sql`${CLUSTER_PARTY} WHERE c.id = ${any}`
            : sql`${PROFILE_PARTY} WHERE p.id = ${any}`;
      return (await partyRows(query)).map((r) => toParty(r, today));
    },

    /** Every party, for a full scan (the benchmark's baseline and the tests' reference). */
    async allParties(today: string): Promise<PartyFacts[]> {
      const rows = [
        ...(await partyRows(sql`${ORGANISATION_PARTY} WHERE o.deleted_at IS NULL`)),
        ...(await partyRows(sql`${CLUSTER_PARTY} WHERE c.deleted_at IS NULL`)),
        ...(await partyRows(sql`${PROFILE_PARTY} WHERE ${PROFILE_OWNER_LIVE}`)),
      ];
      return rows.map((r) => toParty(r, today));
    },

    // ---- weights

    async weights(): Promise<{ weights: MatchWeights; version: number; updatedAt: Date } | null> {
      const [row] = await db.select().from(matchWeightsTable).where(eq(matchWeightsTable.id, 1));
      return row ?? null;
    },

    async setWeights(weights: MatchWeights, expectedVersion: number, userId: string | null): Promise<boolean> {
      const updated = await db
        .update(matchWeightsTable)
        .set({ weights, version: sql`${matchWeightsTable.version} + 1`, updatedAt: sql`now()`, updatedBy: userId })
        .where(and(eq(matchWeightsTable.id, 1), eq(matchWeightsTable.version, expectedVersion)))
        .returning({ id: matchWeightsTable.id });
      return updated.length > 0;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Profiles

type ProfileRow = typeof cooperationProfilesTable.$inferSelect & { ownerName: string | null; ownerCountries: Country[] | null };
export type ProfileInsert = Omit<typeof cooperationProfilesTable.$inferInsert, 'id' | 'version' | 'createdAt' | 'updatedAt'>;

export function toProfile(row: ProfileRow, today: string): Profile {
  return {
    id: row.id,
    kind: row.kind,
    type: row.type,
    ownerKind: row.organisationId ? 'organisation' : 'cluster',
    ownerId: (row.organisationId ?? row.clusterId)!,
    title: row.title,
    description: row.description,
    keywords: row.keywords,
    sectors: row.sectors,
    ris3Areas: row.ris3Areas,
    targetCountries: row.targetCountries,
    validUntil: row.validUntil,
    status: row.status,
    partner: row.partner,
    ownerName: row.ownerName ?? '',
    ownerCountries: row.ownerCountries ?? [],
    expired: row.validUntil !== null && row.validUntil < today,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const profileColumns = getTableColumns(cooperationProfilesTable);
const ownerName = sql<string | null>`(SELECT coalesce(
    (SELECT o.name FROM organisations o WHERE o.id = ${cooperationProfilesTable.organisationId}),
    (SELECT coalesce(c.name->>'de', c.name->>'pl', c.name->>'en') FROM clusters c WHERE c.id = ${cooperationProfilesTable.clusterId})))`;
const ownerCountries = sql<Country[] | null>`(SELECT coalesce(
    (SELECT ARRAY[o.country] FROM organisations o WHERE o.id = ${cooperationProfilesTable.organisationId}),
    (SELECT c.countries FROM clusters c WHERE c.id = ${cooperationProfilesTable.clusterId})))`;

export function createProfileRepo(db: Db) {
  const select = () =>
    db
      .select({ ...profileColumns, ownerName: ownerName.as('owner_name'), ownerCountries: ownerCountries.as('owner_countries') })
      .from(cooperationProfilesTable);
  const t = cooperationProfilesTable;
  return {
    async get(id: string): Promise<ProfileRow | null> {
      const [row] = await select().where(eq(t.id, id));
      return row ?? null;
    },
    async insert(values: ProfileInsert): Promise<string> {
      const [row] = await db.insert(t).values(values).returning({ id: t.id });
      return row!.id;
    },
    async update(id: string, expectedVersion: number, values: Partial<ProfileInsert>): Promise<boolean> {
      const rows = await db
        .update(t)
        .set({ ...values, version: sql`${t.version} + 1`, updatedAt: sql`now()` })
        .where(and(eq(t.id, id), eq(t.version, expectedVersion)))
        .returning({ id: t.id });
      return rows.length > 0;
    },
    async delete(id: string): Promise<void> {
      await db.delete(t).where(eq(t.id, id));
    },
    /** Newest change first, by keyset. */
    async list(query: ProfileListQuery, today: string): Promise<{ items: ProfileRow[]; nextCursor: string | null }> {
      const where: SQL[] = [];
      if (query.kind) where.push(eq(t.kind, query.kind));
      if (query.type?.length) where.push(sql`${t.type} = ANY(${textArray(query.type)})`);
      if (query.status?.length) where.push(sql`${t.status} = ANY(${textArray(query.status)})`);
      if (query.ownerId) where.push(sql`(${t.organisationId} = ${query.ownerId} OR ${t.clusterId} = ${query.ownerId})`);
      if (query.active === true)
        where.push(sql`${t.status} = 'published' AND (${t.validUntil} IS NULL OR ${t.validUntil} >= ${today}::date)`);
      if (query.active === false)
        where.push(sql`NOT (${t.status} = 'published' AND (${t.validUntil} IS NULL OR ${t.validUntil} >= ${today}::date))`);
      if (query.cursor) {
        const { values, id } = decodeCursor(query.cursor, 1);
        where.push(sql`(${t.updatedAt}, ${t.id}) < (${String(values[0])}::timestamptz, ${id}::uuid)`);
      }
      const rows = await select()
        .where(where.length ? and(...where) : undefined)
        .orderBy(desc(t.updatedAt), desc(t.id))
        .limit(query.limit + 1);
      const items = rows.slice(0, query.limit);
      const last = items.at(-1);
      return {
        items,
        nextCursor: rows.length > query.limit && last ? encodeCursor([last.updatedAt.toISOString()], last.id) : null,
      };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Matches

export type MatchRow = typeof matchesTable.$inferSelect;
type StepRow = typeof matchStepsTable.$inferSelect;

export const STAGE_COLUMNS: Record<MatchStage, 'proposedAt' | 'introducedAt' | 'meetingAt' | 'agreedAt' | 'declinedAt'> = {
  proposed: 'proposedAt',
  introduced: 'introducedAt',
  meeting_held: 'meetingAt',
  agreed: 'agreedAt',
  declined: 'declinedAt',
};

export function toMatch(row: MatchRow, steps: StepRow[], parties: Map<string, PartyFacts>): Match {
  const summary = (kind: PartyKind, id: string): PartySummary =>
    parties.get(`${kind}:${id}`)?.summary ?? { kind, id, name: {}, countries: [], orgTypes: [], sectors: [], profileKind: null };
  return {
    id: row.id,
    parties: [summary(row.partyAKind, row.partyAId), summary(row.partyBKind, row.partyBId)],
    note: row.note,
    score: row.score,
    stage: row.stage,
    crossBorder: row.crossBorder,
    declineReason: row.declineReason,
    outcomes: row.outcomes,
    steps: steps.map((s) => ({ stage: s.stage, at: s.at.toISOString(), by: { id: s.userId, name: s.userName }, reason: s.reason })),
    partner: row.partner,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function createMatchRepo(db: Db) {
  const t = matchesTable;
  return {
    async get(id: string): Promise<MatchRow | null> {
      const [row] = await db.select().from(t).where(eq(t.id, id));
      return row ?? null;
    },
    async steps(ids: readonly string[]): Promise<StepRow[]> {
      if (!ids.length) return [];
      return db
        .select()
        .from(matchStepsTable)
        .where(sql`${matchStepsTable.matchId} = ANY(${textArray(ids)}::uuid[])`)
        .orderBy(matchStepsTable.at, matchStepsTable.id);
    },
    async insert(values: typeof matchesTable.$inferInsert): Promise<string> {
      const [row] = await db.insert(t).values(values).returning({ id: t.id });
      return row!.id;
    },
    async addStep(values: typeof matchStepsTable.$inferInsert): Promise<void> {
      await db.insert(matchStepsTable).values(values);
    },
    async update(id: string, expectedVersion: number, values: Partial<typeof matchesTable.$inferInsert>): Promise<boolean> {
      const rows = await db
        .update(t)
        .set({ ...values, version: sql`${t.version} + 1`, updatedAt: sql`now()` })
        .where(and(eq(t.id, id), eq(t.version, expectedVersion)))
        .returning({ id: t.id });
      return rows.length > 0;
    },
    /** Newest first, by keyset. */
    async list(query: MatchListQuery): Promise<{ items: MatchRow[]; nextCursor: string | null }> {
      const where: SQL[] = [];
      if (query.stage?.length) where.push(sql`${t.stage} = ANY(${textArray(query.stage)})`);
      if (query.partyId) where.push(sql`(${t.partyAId} = ${query.partyId} OR ${t.partyBId} = ${query.partyId})`);
      if (query.cursor) {
        const { values, id } = decodeCursor(query.cursor, 1);
        where.push(sql`(${t.createdAt}, ${t.id}) < (${String(values[0])}::timestamptz, ${id}::uuid)`);
      }
      const rows = await db
        .select()
        .from(t)
        .where(where.length ? and(...where) : undefined)
        .orderBy(desc(t.createdAt), desc(t.id))
        .limit(query.limit + 1);
      const items = rows.slice(0, query.limit);
      const last = items.at(-1);
      return { items, nextCursor: rows.length > query.limit && last ? encodeCursor([last.createdAt.toISOString()], last.id) : null };
    },
    /** Introductions and agreements in a period (cross-border ones apart), and matches now at each stage. */
    async counts(period: ReportingPeriod): Promise<MatchCounts> {
      const introduced = inPeriodTs(sql.raw('introduced_at'), period);
      const agreed = inPeriodTs(sql.raw('agreed_at'), period);
      const proposed = inPeriodTs(sql.raw('proposed_at'), period);
      const [row] = await queryRows<Omit<MatchCounts, 'byStage'>>(
        db,
        sql`SELECT count(*) FILTER (WHERE introduced_at IS NOT NULL AND ${introduced})::int AS introduced,
                   count(*) FILTER (WHERE introduced_at IS NOT NULL AND ${introduced} AND cross_border)::int AS "introducedCrossBorder",
                   count(*) FILTER (WHERE agreed_at IS NOT NULL AND ${agreed})::int AS agreed,
                   count(*) FILTER (WHERE agreed_at IS NOT NULL AND ${agreed} AND cross_border)::int AS "agreedCrossBorder"
              FROM matches`,
      );
      const stages = await queryRows<{ stage: MatchStage; n: number }>(
        db,
        sql`SELECT stage, count(*)::int AS n FROM matches WHERE ${proposed} GROUP BY stage`,
      );
      const byStage = Object.fromEntries(MATCH_STAGES.map((s) => [s, stages.find((r) => r.stage === s)?.n ?? 0])) as MatchCounts['byStage'];
      return { ...row!, byStage };
    },
  };
}
