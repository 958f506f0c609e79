import { sql, type SQL } from 'drizzle-orm';
import {
  regionScope,
  sectorScope,
  type ClusterKind,
  type ClusterStatus,
  type ContactPerson,
  type Country,
  type I18nLongText,
  type I18nText,
  type IsoDate,
  type Locale,
  type MembershipRole,
  type OrganisationType,
  type PublicFacet,
  type PublicFacetsQuery,
} from '@euregionet/shared';
import { queryRows, type Db } from '../../db/client.js';
import { cursorCodec, key as kind, keysetPage, type CursorCodec, type Page } from '../../db/cursor.js';
import { byPublicUpdate } from '../sync/sync.service.js';
import { sortKeySql } from '../../db/search.js';
import { allOf, textArray, uuidArray } from '../../db/sql.js';

/** What portals may see of a cluster, as read from the database: never notes, partner, ids or drafts. */
export interface PublicClusterRow {
  id: string;
  slug: string;
  kind: ClusterKind;
  status: ClusterStatus;
  crossBorder: boolean;
  brand: boolean;
  name: I18nText;
  description: I18nLongText;
  regions: string[];
  countries: Country[];
  sectors: string[];
  ris3Areas: string[];
  website: string | null;
  foundedYear: number | null;
  updatedAt: string;
  memberCount: number;
  latitude: number | null;
  longitude: number | null;
  coordinatorPlace: { country: Country; city: string | null } | null;
}

export interface PublicMemberRow {
  /** For the logos; never shown to portals. */
  id: string;
  name: string;
  type: OrganisationType;
  role: MembershipRole;
  since: string | null;
  country: Country;
  region: string | null;
  city: string | null;
  website: string | null;
  sectors: string[];
  languages: string[];
  description: I18nLongText;
  competences: I18nLongText;
  contacts: ContactPerson[];
}

/** A published cluster as a point on a map (`mapPoints`). */
export interface PublicMapRow {
  slug: string;
  kind: ClusterKind;
  crossBorder: boolean;
  brand: boolean;
  name: I18nText;
  latitude: number | null;
  longitude: number | null;
  coordinatorPlace: { country: Country; city: string | null } | null;
}

export type PublicFilters = Omit<PublicFacetsQuery, 'lang'>;

/**
 * The coordinating member's country and town, where a cluster without coordinates of its own is
 * put on a map (the first coordinator by name, as in `clusters.repo.ts`).
 */
const COORDINATOR_PLACE = `(SELECT jsonb_build_object('country', o.country, 'city', o.city)
  FROM memberships m JOIN organisations o ON o.id = m.organisation_id AND o.deleted_at IS NULL
  WHERE m.cluster_id = c.id AND m.role = 'coordinator' ORDER BY o.name LIMIT 1) AS "coordinatorPlace"`;

// Plain SQL with aliases in the shape of PublicClusterRow: the hot path of the portals, and the
// same text the benchmark's minimal handler runs (bench/).
const COLUMNS = sql.raw(`c.id, c.slug, c.kind, c.status, c.cross_border AS "crossBorder", c.name, c.description, c.regions,
  c.countries, c.sectors, c.ris3_areas AS "ris3Areas", c.website, c.founded_year AS "foundedYear",
  to_char(c.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt",
  (SELECT count(*)::int FROM memberships m JOIN organisations o ON o.id = m.organisation_id AND o.deleted_at IS NULL
    WHERE m.cluster_id = c.id) AS "memberCount",
  c.latitude::float8 AS latitude, c.longitude::float8 AS longitude, ${COORDINATOR_PLACE}`);

/** Published clusters that are not deleted: the only ones portals ever see. */
const VISIBLE = sql.raw('c.published AND c.deleted_at IS NULL');

type FilterName = PublicFacet;

/**
 * Whether the cluster `c` holds the brand on the day: from its awards (`eur_holds_brand`), on the
 * app's day, never a stored flag.
 */
const holdsBrand = (day: IsoDate) => sql`eur_holds_brand(c.id, ${day}::date)`;

/**
 * Conditions on the columns of `clusters` (unqualified), leaving out one filter (for its facet);
 * `brand` is how the brand reads where the conditions apply.
 */
export function conditions(f: PublicFilters, brand: SQL, omit?: FilterName): SQL[] {
  const where: SQL[] = [];
  if (f.country && omit !== 'country') where.push(sql`countries @> ${textArray([f.country])}`);
  if (f.region && omit !== 'region') where.push(sql`regions && ${textArray(regionScope(f.region))}`);
  if (f.sector?.length && omit !== 'sector') where.push(sql`sectors && ${textArray(f.sector.flatMap(sectorScope))}`);
  if (f.ris3?.length && omit !== 'ris3') where.push(sql`ris3_areas && ${textArray(f.ris3)}`);
  if (f.kind && omit !== 'kind') where.push(sql`kind = ${f.kind}`);
  if (f.crossBorder !== undefined && omit !== 'crossBorder') where.push(sql`cross_border = ${f.crossBorder}`);
  if (f.brand !== undefined && omit !== 'brand') where.push(sql`${brand} = ${f.brand}`);
  return where;
}

/** Clusters by relevance or by name, then by slug: no internal id in the cursor. */
const rankCursor = cursorCodec(kind.number, kind.text);
const nameCursor = cursorCodec(kind.text, kind.text);

/** `today`: the app's day, on which the brand is read. */
export function createPublicRepo(db: Db, today: () => IsoDate) {
  return {
    /**
     * A page of published clusters in name order (in the first language of `order`) or by
     * relevance; keyset-paged by (sort value, slug), so that the cursor holds no internal id.
     */
    async list(
      f: PublicFilters,
      options: { lang: Locale; sort: 'name' | 'relevance' | { updatedSince: string }; limit: number; cursor?: string | undefined },
    ): Promise<Page<PublicClusterRow>> {
      const brand = holdsBrand(today());
      const where = [VISIBLE, ...conditions(f, brand)];
      if (f.q !== undefined) where.push(sql`c.search @@ q.tsq`);
      const select = (key: SQL, order: SQL) => (rowLimit: number) =>
        queryRows<PublicClusterRow & { sortValue: string | number }>(
          db,
          sql`${f.q !== undefined ? sql`WITH q AS MATERIALIZED (SELECT eur_search_query(${f.q}) AS tsq) ` : sql``}SELECT ${COLUMNS}, ${brand} AS brand, ${key} AS "sortValue"
            FROM clusters c${f.q !== undefined ? sql`, q` : sql``}
            WHERE ${allOf(where)}
            ORDER BY ${order}
            LIMIT ${rowLimit}`,
        );
      if (typeof options.sort === 'object') {
        const updated = byPublicUpdate('cluster', sql`c.slug`, sql`c.updated_at`, options.sort.updatedSince, options.cursor);
        where.push(updated.where);
        return keysetPage(options.limit, select(updated.sortValue, updated.orderBy), updated.cursorOf);
      }
      const relevance = options.sort === 'relevance' && f.q !== undefined;
      const key = relevance ? sql`ts_rank(c.search, q.tsq)` : sortKeySql('c.name', options.lang);
      const cursor: CursorCodec<[string | number, string]> = relevance ? rankCursor : nameCursor;
      if (options.cursor) {
        const [value, slug] = cursor.decode(options.cursor);
        where.push(relevance ? sql`(${key}, c.slug) < (${value}::real, ${slug})` : sql`(${key}, c.slug) > (${value}, ${slug})`);
      }
      const direction = sql.raw(relevance ? 'DESC' : 'ASC');
      return keysetPage(options.limit, select(key, sql`${key} ${direction}, c.slug ${direction}`), (last) =>
        cursor.encode([relevance ? Number(last.sortValue) : String(last.sortValue), last.slug]),
      );
    },

    /**
     * Facet counts of the published clusters under the filters: each facet under every filter
     * but its own. One statement: the candidates (text match) once, then one GROUP BY per facet.
     */
    async facets(f: PublicFilters): Promise<{ total: number; counts: { facet: PublicFacet; value: string; count: number }[] }> {
      const base = sql`SELECT c.kind, c.cross_border, ${holdsBrand(today())} AS brand, c.countries, c.regions, eur_nuts_with_parents(c.regions) AS region_codes,
          c.sectors, eur_nace_sections(c.sectors) AS sections, c.ris3_areas
        FROM clusters c${f.q !== undefined ? sql`, q` : sql``}
        WHERE ${VISIBLE}${f.q !== undefined ? sql` AND c.search @@ q.tsq` : sql``}`;
      const facet = (name: PublicFacet, value: SQL, from: SQL) =>
        sql`SELECT ${name}::text AS facet, ${value}::text AS value, count(*)::int AS count FROM ${from} WHERE ${allOf(conditions(f, sql`brand`, name))} GROUP BY 2`;
      const rows = await queryRows<{ facet: PublicFacet | 'total'; value: string | null; count: number }>(
        db,
        sql`WITH ${f.q !== undefined ? sql`q AS MATERIALIZED (SELECT eur_search_query(${f.q}) AS tsq), ` : sql``}base AS MATERIALIZED (${base})
          ${facet('country', sql`v`, sql`base, unnest(countries) v`)}
          UNION ALL ${facet('region', sql`v`, sql`base, unnest(region_codes) v`)}
          UNION ALL ${facet('sector', sql`v`, sql`base, unnest(sections) v`)}
          UNION ALL ${facet('ris3', sql`v`, sql`base, unnest(ris3_areas) v`)}
          UNION ALL ${facet('kind', sql`kind`, sql`base`)}
          UNION ALL ${facet('crossBorder', sql`cross_border`, sql`base`)}
          UNION ALL ${facet('brand', sql`brand`, sql`base`)}
          UNION ALL SELECT 'total', NULL, count(*)::int FROM base WHERE ${allOf(conditions(f, sql`brand`))}`,
      );
      const total = rows.find((r) => r.facet === 'total')?.count ?? 0;
      return {
        total,
        counts: rows.filter((r): r is { facet: PublicFacet; value: string; count: number } => r.facet !== 'total' && r.value !== null),
      };
    },

    /**
     * Published clusters under the filters with what a map needs: own coordinates and the
     * coordinating member's town (the fallback), in name order; at most `limit`.
     */
    async mapPoints(f: PublicFilters, lang: Locale, limit: number): Promise<PublicMapRow[]> {
      const brand = holdsBrand(today());
      const where = [VISIBLE, ...conditions(f, brand)];
      if (f.q !== undefined) where.push(sql`c.search @@ q.tsq`);
      return queryRows<PublicMapRow>(
        db,
        sql`${f.q !== undefined ? sql`WITH q AS MATERIALIZED (SELECT eur_search_query(${f.q}) AS tsq) ` : sql``}SELECT c.slug, c.kind,
            c.cross_border AS "crossBorder", ${brand} AS brand, c.name, c.latitude::float8 AS latitude, c.longitude::float8 AS longitude,
            ${sql.raw(COORDINATOR_PLACE)}
          FROM clusters c${f.q !== undefined ? sql`, q` : sql``}
          WHERE ${allOf(where)}
          ORDER BY ${sortKeySql('c.name', lang)}, c.slug
          LIMIT ${limit}`,
      );
    },

    async bySlug(slug: string): Promise<PublicClusterRow | undefined> {
      const [row] = await queryRows<PublicClusterRow>(
        db,
        sql`SELECT ${COLUMNS}, ${holdsBrand(today())} AS brand FROM clusters c WHERE ${VISIBLE} AND c.slug = ${slug}`,
      );
      return row;
    },

    /** The published clusters among `ids` (for the read model, which builds many at once). */
    async byIds(ids: readonly string[]): Promise<PublicClusterRow[]> {
      return queryRows<PublicClusterRow>(
        db,
        sql`SELECT ${COLUMNS}, ${holdsBrand(today())} AS brand FROM clusters c WHERE ${VISIBLE} AND c.id = ANY(${uuidArray(ids)})`,
      );
    },

    /**
     * What the read model sorts by (the name's sort key in each first language) and the last day
     * on which each cluster holds the brand (null without an active award): the brand lapses by
     * the calendar, not by a write.
     */
    async sortKeysAndBrand(ids: readonly string[]): Promise<{ id: string; keys: Record<Locale, string>; brandUntil: IsoDate | null }[]> {
      return queryRows(
        db,
        sql`SELECT c.id, json_build_object('de', ${sortKeySql('c.name', 'de')}, 'pl', ${sortKeySql('c.name', 'pl')}, 'en', ${sortKeySql('c.name', 'en')}) AS keys,
              (SELECT max(a.valid_until)::text FROM brand_awards a WHERE a.cluster_id = c.id AND a.state = 'active') AS "brandUntil"
            FROM clusters c WHERE c.id = ANY(${uuidArray(ids)})`,
      );
    },

    /** Member organisations of clusters that agreed to be published and are not deleted, in each cluster's order. */
    async publishedMembers(clusterIds: readonly string[]): Promise<(PublicMemberRow & { clusterId: string })[]> {
      return queryRows<PublicMemberRow & { clusterId: string }>(
        db,
        sql`SELECT m.cluster_id AS "clusterId", o.id, o.name, o.type, m.role, m.since::text AS since, o.country, o.region, o.city, o.website, o.sectors, o.languages,
              o.description, o.competences, o.contacts
            FROM memberships m JOIN organisations o ON o.id = m.organisation_id
            WHERE m.cluster_id = ANY(${uuidArray(clusterIds)}) AND o.published AND o.deleted_at IS NULL
            ORDER BY m.cluster_id, CASE m.role WHEN 'coordinator' THEN 0 WHEN 'member' THEN 1 ELSE 2 END, lower(immutable_unaccent(o.name))`,
      );
    },

    /** Types and countries of all live members, for the make-up (a statistic, no names). */
    async memberTypes(clusterIds: readonly string[]): Promise<{ clusterId: string; type: OrganisationType; country: Country }[]> {
      return queryRows(
        db,
        sql`SELECT m.cluster_id AS "clusterId", o.type, o.country FROM memberships m JOIN organisations o ON o.id = m.organisation_id
            WHERE m.cluster_id = ANY(${uuidArray(clusterIds)}) AND o.deleted_at IS NULL`,
      );
    },

    /** A brand cluster's names for its badge; undefined when it has no badge. */
    async badge(slug: string): Promise<{ name: I18nText; updatedAt: string } | undefined> {
      const [row] = await queryRows<{ name: I18nText; updatedAt: string }>(
        db,
        sql`SELECT c.name, c.updated_at::text AS "updatedAt" FROM clusters c WHERE ${VISIBLE} AND ${holdsBrand(today())} AND c.slug = ${slug}`,
      );
      return row;
    },
  };
}
export type PublicRepo = ReturnType<typeof createPublicRepo>;
