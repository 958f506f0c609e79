import { sql, type SQL } from 'drizzle-orm';
import {
  profileIsActive,
  type Country,
  type MatchParty,
  type OrganisationType,
  type PartyKind,
  type PartyRef,
  type PartySummary,
  type Profile,
  type ProfileKind,
} from '@euregionet/shared';
import { queryRows, type Db } from '../../db/client.js';
import { uuidArray } from '../../db/sql.js';

// What the matching knows of organisations, clusters and profiles: one row shape for the three.

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

function toParty(row: PartyRow, today: string): PartyFacts {
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

const ORGANISATION_PARTY = sql.raw(`SELECT 'organisation' AS kind, o.id::text AS id, 'organisation:' || o.id AS owner_key,
    jsonb_build_object('de', o.name, 'pl', o.name, 'en', o.name) AS name,
    ARRAY[o.country] AS countries, ARRAY[o.type] AS org_types, o.languages, o.sectors,
    coalesce(mc.ris3, '{}'::text[]) AS ris3, o.match_offer_terms AS offer_terms, o.match_request_terms AS request_terms,
    coalesce(mc.ids, '{}'::text[]) AS cluster_ids, '{}'::text[] AS target_countries,
    NULL::text AS status, NULL::text AS valid_until, NULL::text AS profile_kind
  FROM organisations o ${ORG_CLUSTERS}`);

const CLUSTER_PARTY = sql.raw(`SELECT 'cluster' AS kind, c.id::text AS id, 'cluster:' || c.id AS owner_key, c.name,
    c.countries, ARRAY['cluster_management'] AS org_types, ARRAY(SELECT jsonb_object_keys(c.name) ORDER BY 1) AS languages,
    c.sectors, c.ris3_areas AS ris3, c.match_offer_terms AS offer_terms,
    '{}'::text[] AS request_terms, ARRAY[c.id::text] AS cluster_ids, '{}'::text[] AS target_countries,
    NULL::text AS status, NULL::text AS valid_until, NULL::text AS profile_kind
  FROM clusters c`);

const PROFILE_PARTY = sql.raw(`SELECT 'profile' AS kind, p.id::text AS id,
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

export function createPartyRepo(db: Db) {
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
        for (const row of await partyRows(q(sql`ANY(${uuidArray(ids)})`))) found.set(`${row.kind}:${row.id}`, toParty(row, today));
      };
      // A party deleted since keeps its place in the match, without a name.
      await run(byKind('organisation'), (ids) => sql`${ORGANISATION_PARTY} WHERE o.id = ${ids}`);
      await run(byKind('cluster'), (ids) => sql`${CLUSTER_PARTY} WHERE c.id = ${ids}`);
      await run(byKind('profile'), (ids) => sql`${PROFILE_PARTY} WHERE p.id = ${ids}`);
      return found;
    },

    /** What the ranking needs of these candidates of one kind, in no particular order. */
    async candidateFacts(kind: PartyKind, ids: readonly string[], today: string): Promise<PartyFacts[]> {
      if (!ids.length) return [];
      const any = sql`ANY(${uuidArray(ids)})`;
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
  };
}
