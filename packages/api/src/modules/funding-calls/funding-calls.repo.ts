import { and, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import {
  fundingCallMissingTranslations,
  fundingCallStatus,
  naceSectionOf,
  REGIONS,
  regionCountry,
  regionScope,
  sectorScope,
  type Country,
  type FollowedCluster,
  type FundingApplicant,
  type FundingCall,
  type FundingCallListQuery,
  type FundingCallStatus,
  type FundingClusterFacts,
  type FundingPartnerSuggestion,
  type I18nLongText,
  type I18nText,
  type OrganisationType,
  type PartnerCode,
} from '@euregionet/shared';
import { queryRows, type Db } from '../../db/client.js';
import { atMicros, cursorCodec, key, keysetPage, microsOf, type CursorCodec } from '../../db/cursor.js';
import { searchQuery } from '../../db/search.js';
import { textArray, uuidArray } from '../../db/sql.js';
import { clustersTable } from '../clusters/clusters.table.js';
import { clusterFollowsTable, fundingCallsTable } from './funding-calls.table.js';
import { updateVersioned } from '../../db/versioned.js';

type FundingCallRow = Omit<typeof fundingCallsTable.$inferSelect, 'search'>;
export type FundingCallInsert = Omit<typeof fundingCallsTable.$inferInsert, 'id' | 'version' | 'createdAt' | 'updatedAt' | 'search'>;

// The search vector is an index, not data.
const { search: _search, ...columns } = getTableColumns(fundingCallsTable);

export function toFundingCall(row: FundingCallRow, today: string): FundingCall {
  return {
    id: row.id,
    slug: row.slug,
    programme: row.programme,
    programmeName: row.programmeName,
    programmeCountry: row.programmeCountry,
    title: row.title,
    summary: row.summary,
    applicantTypes: row.applicantTypes,
    countries: row.countries,
    regions: row.regions,
    sectors: row.sectors,
    ris3Areas: row.ris3Areas,
    keywords: row.keywords,
    fundingRatePercent: row.fundingRatePercent,
    budgetMinEur: row.budgetMinEur,
    budgetMaxEur: row.budgetMaxEur,
    opensOn: row.opensOn,
    closesOn: row.closesOn,
    url: row.url,
    crossBorderConsortium: row.crossBorderConsortium,
    partner: row.partner,
    published: row.published,
    notes: row.notes,
    source: row.source,
    externalId: row.externalId,
    status: fundingCallStatus(row, today),
    missingTranslations: fundingCallMissingTranslations(row),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const CLOSING_KEY = sql`coalesce(${fundingCallsTable.closesOn}, '9999-12-31'::date)`;

/** The SQL condition of a status on a given day (see `fundingCallStatus`). */
export function statusCondition(status: FundingCallStatus, today: string, t: { opensOn: SQL; closesOn: SQL }): SQL {
  if (status === 'closed') return sql`(${t.closesOn} IS NOT NULL AND ${t.closesOn} < ${today}::date)`;
  if (status === 'upcoming')
    return sql`(${t.opensOn} IS NOT NULL AND ${t.opensOn} > ${today}::date AND NOT (${t.closesOn} IS NOT NULL AND ${t.closesOn} < ${today}::date))`;
  return sql`((${t.opensOn} IS NULL OR ${t.opensOn} <= ${today}::date) AND (${t.closesOn} IS NULL OR ${t.closesOn} >= ${today}::date))`;
}

/** Filters shared by the staff list and the public list: who may apply, and what the call is about. */
export function fundingCallFilters(
  f: {
    programme?: string[] | undefined;
    status?: FundingCallStatus[] | undefined;
    country?: Country | undefined;
    region?: string | undefined;
    sector?: string[] | undefined;
    ris3?: string[] | undefined;
  },
  today: string,
  table = 'funding_calls',
): SQL[] {
  const col = (name: string) => sql.raw(`${table}.${name}`);
  const where: SQL[] = [];
  if (f.programme?.length) where.push(sql`${col('programme')} = ANY(${textArray(f.programme)})`);
  if (f.status?.length) {
    const parts = f.status.map((s) => statusCondition(s, today, { opensOn: col('opens_on'), closesOn: col('closes_on') }));
    where.push(sql`(${sql.join(parts, sql` OR `)})`);
  }
  if (f.country) where.push(sql`(cardinality(${col('countries')}) = 0 OR ${col('countries')} @> ${textArray([f.country])})`);
  if (f.region) {
    // A call admits a region when it names the region, a region containing it or one inside it,
    // or names none and admits the region's country.
    const region = REGIONS.find((r) => r.code === f.region);
    const related = [...new Set([...regionScope(f.region), ...(region?.parent ? [region.parent] : [])])];
    const country = regionCountry(f.region)!;
    where.push(
      sql`(${col('regions')} && ${textArray(related)} OR (cardinality(${col('regions')}) = 0 AND (cardinality(${col('countries')}) = 0 OR ${col('countries')} @> ${textArray([country])})))`,
    );
  }
  if (f.sector?.length) {
    const codes = [...new Set(f.sector.flatMap((s) => [...sectorScope(s), naceSectionOf(s)!]))];
    where.push(sql`(cardinality(${col('sectors')}) = 0 OR ${col('sectors')} && ${textArray(codes)})`);
  }
  if (f.ris3?.length) where.push(sql`${col('ris3_areas')} && ${textArray(f.ris3)}`);
  return where;
}

export interface MemberRow extends FundingApplicant {
  clusterId: string;
}

export interface ClusterFactsRow {
  id: string;
  name: I18nText;
  description: I18nLongText;
  partner: PartnerCode;
  crossBorder: boolean;
  regions: string[];
  countries: Country[];
  sectors: string[];
  ris3Areas: string[];
}

export function clusterFacts(cluster: ClusterFactsRow, members: readonly FundingApplicant[]): FundingClusterFacts {
  return {
    regions: cluster.regions,
    countries: cluster.countries,
    sectors: cluster.sectors,
    ris3Areas: cluster.ris3Areas,
    texts: [...Object.values(cluster.name), ...Object.values(cluster.description)].filter((v): v is string => typeof v === 'string'),
    members,
  };
}

/** Calls by deadline or by the time of the last change; then by id. */
const deadlineCursor = cursorCodec(key.date, key.uuid);
const changeCursor = cursorCodec(key.micros, key.uuid);

export function createFundingCallRepo(db: Db) {
  return {
    async list(query: FundingCallListQuery, today: string): Promise<{ items: FundingCall[]; nextCursor: string | null }> {
      const where: SQL[] = fundingCallFilters(query, today);
      const tsQuery = query.q ? sql`(SELECT ${searchQuery(query.q)})` : undefined;
      if (tsQuery) where.push(sql`${fundingCallsTable.search} @@ ${tsQuery}`);
      if (query.crossBorderConsortium !== undefined) where.push(eq(fundingCallsTable.crossBorderConsortium, query.crossBorderConsortium));
      if (query.published !== undefined) where.push(eq(fundingCallsTable.published, query.published));

      // By deadline: soonest first, calls without one last. Else the latest change first.
      const byDeadline = query.sort === 'closesOn';
      const key = byDeadline ? CLOSING_KEY : sql`${fundingCallsTable.updatedAt}`;
      const cursor: CursorCodec<[string | number, string]> = byDeadline ? deadlineCursor : changeCursor;
      if (query.cursor) {
        const [value, id] = cursor.decode(query.cursor);
        where.push(
          byDeadline
            ? sql`(${key}, ${fundingCallsTable.id}) > (${value}::date, ${id}::uuid)`
            : sql`(${key}, ${fundingCallsTable.id}) < (${atMicros(Number(value))}, ${id}::uuid)`,
        );
      }
      const direction = sql.raw(byDeadline ? 'ASC' : 'DESC');
      return keysetPage(
        query.limit,
        (rowLimit) =>
          db
            .select({ ...columns, sortValue: byDeadline ? sql<string>`${CLOSING_KEY}::text` : microsOf(fundingCallsTable.updatedAt) })
            .from(fundingCallsTable)
            .where(where.length ? and(...where) : undefined)
            .orderBy(sql`${key} ${direction}`, sql`${fundingCallsTable.id} ${direction}`)
            .limit(rowLimit),
        (last) => cursor.encode([last.sortValue, last.id]),
        (r) => toFundingCall(r, today),
      );
    },

    async get(id: string): Promise<FundingCallRow | undefined> {
      const [row] = await db.select(columns).from(fundingCallsTable).where(eq(fundingCallsTable.id, id));
      return row;
    },

    async getBySource(source: string, externalId: string): Promise<FundingCallRow | undefined> {
      const [row] = await db
        .select(columns)
        .from(fundingCallsTable)
        .where(and(eq(fundingCallsTable.source, source), eq(fundingCallsTable.externalId, externalId)));
      return row;
    },

    /** Every call that is open on the day, for matching. */
    async open(today: string): Promise<FundingCallRow[]> {
      return db
        .select(columns)
        .from(fundingCallsTable)
        .where(statusCondition('open', today, { opensOn: sql`${fundingCallsTable.opensOn}`, closesOn: sql`${fundingCallsTable.closesOn}` }))
        .orderBy(CLOSING_KEY, fundingCallsTable.id);
    },

    /** Open calls that close within the days given. */
    async closingWithin(today: string, days: number): Promise<FundingCallRow[]> {
      return db
        .select(columns)
        .from(fundingCallsTable)
        .where(
          sql`${fundingCallsTable.closesOn} BETWEEN ${today}::date AND ${today}::date + ${days}::int AND (${fundingCallsTable.opensOn} IS NULL OR ${fundingCallsTable.opensOn} <= ${today}::date)`,
        )
        .orderBy(fundingCallsTable.closesOn, fundingCallsTable.id);
    },

    async slugExists(slug: string): Promise<boolean> {
      const rows = await queryRows<{ found: boolean }>(db, sql`SELECT EXISTS (SELECT 1 FROM funding_calls WHERE slug = ${slug}) AS found`);
      return rows[0]?.found ?? false;
    },

    async insert(values: FundingCallInsert): Promise<string> {
      const [row] = await db.insert(fundingCallsTable).values(values).returning({ id: fundingCallsTable.id });
      return row!.id;
    },

    /** A change, only from the version the client read (one statement: check and write). */
    update: (id: string, expectedVersion: number | null, values: Partial<FundingCallInsert>) =>
      updateVersioned(db, fundingCallsTable, id, expectedVersion, values),

    async delete(id: string): Promise<boolean> {
      const rows = await db.delete(fundingCallsTable).where(eq(fundingCallsTable.id, id)).returning({ id: fundingCallsTable.id });
      return rows.length > 0;
    },

    // ---- clusters, for matching

    /** Clusters that are not deleted (or the ones given), with what matching needs. */
    async clusters(ids?: string[]): Promise<ClusterFactsRow[]> {
      if (ids && ids.length === 0) return [];
      return queryRows<ClusterFactsRow>(
        db,
        sql`SELECT id, name, description, partner, cross_border AS "crossBorder", regions, countries, sectors, ris3_areas AS "ris3Areas"
              FROM clusters
             WHERE deleted_at IS NULL${ids ? sql` AND id = ANY(${uuidArray(ids)})` : sql``}
             ORDER BY lower(immutable_unaccent(coalesce(name->>'en', name->>'de', name->>'pl'))), id`,
      );
    },

    /** Live member organisations of the clusters, as applicants. */
    async members(clusterIds: string[]): Promise<MemberRow[]> {
      if (clusterIds.length === 0) return [];
      return queryRows<MemberRow>(
        db,
        sql`SELECT m.cluster_id AS "clusterId", o.type, o.country, o.region
              FROM memberships m JOIN organisations o ON o.id = m.organisation_id AND o.deleted_at IS NULL
             WHERE m.cluster_id = ANY(${uuidArray(clusterIds)})`,
      );
    },

    /**
     * Organisations of a country that could join a cluster's consortium for a call: of an admitted
     * type and region, not members yet; those sharing the cluster's sectors (or its RIS3 areas,
     * through their own clusters) first.
     */
    async partnerSuggestions(input: {
      clusterId: string;
      country: Country;
      types: readonly OrganisationType[];
      regions: readonly string[];
      sectors: readonly string[];
      ris3Areas: readonly string[];
      limit: number;
    }): Promise<FundingPartnerSuggestion[]> {
      const sectors = [...new Set(input.sectors.flatMap(sectorScope))];
      const regions = [...new Set(input.regions.flatMap(regionScope))];
      const rows = await queryRows<FundingPartnerSuggestion & { ris3: number }>(
        db,
        sql`SELECT o.id AS "organisationId", o.name, o.type, o.country, o.region, o.city,
                   ARRAY(SELECT unnest(o.sectors) INTERSECT SELECT unnest(${textArray(sectors.length ? sectors : ['-'])}) ORDER BY 1) AS "sharedSectors",
                   (SELECT count(*)::int FROM memberships om JOIN clusters oc ON oc.id = om.cluster_id AND oc.deleted_at IS NULL
                     WHERE om.organisation_id = o.id AND oc.ris3_areas && ${textArray(input.ris3Areas.length ? [...input.ris3Areas] : ['-'])}) AS ris3
              FROM organisations o
             WHERE o.deleted_at IS NULL AND o.country = ${input.country}
               ${input.types.length ? sql`AND o.type = ANY(${textArray([...input.types])})` : sql``}
               ${regions.length ? sql`AND o.region = ANY(${textArray(regions)})` : sql``}
               AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.cluster_id = ${input.clusterId} AND m.organisation_id = o.id)
             ORDER BY cardinality(ARRAY(SELECT unnest(o.sectors) INTERSECT SELECT unnest(${textArray(sectors.length ? sectors : ['-'])}))) DESC,
                      ris3 DESC, lower(immutable_unaccent(o.name)), o.id
             LIMIT ${input.limit}`,
      );
      return rows.map(({ ris3: _ris3, ...s }) => s);
    },

    // ---- following clusters

    async followed(userId: string): Promise<FollowedCluster[]> {
      const rows = await db
        .select({
          clusterId: clusterFollowsTable.clusterId,
          name: clustersTable.name,
          partner: clustersTable.partner,
          followedAt: clusterFollowsTable.createdAt,
        })
        .from(clusterFollowsTable)
        .innerJoin(clustersTable, eq(clustersTable.id, clusterFollowsTable.clusterId))
        .where(and(eq(clusterFollowsTable.userId, userId), sql`${clustersTable.deletedAt} IS NULL`))
        .orderBy(
          sql`lower(immutable_unaccent(coalesce(${clustersTable.name}->>'en', ${clustersTable.name}->>'de', ${clustersTable.name}->>'pl')))`,
        );
      return rows.map((r) => ({ ...r, followedAt: r.followedAt.toISOString() }));
    },

    /** Answers whether the follow is new. */
    async follow(userId: string, clusterId: string): Promise<boolean> {
      const rows = await db
        .insert(clusterFollowsTable)
        .values({ userId, clusterId })
        .onConflictDoNothing()
        .returning({ at: clusterFollowsTable.createdAt });
      return rows.length > 0;
    },

    async unfollow(userId: string, clusterId: string): Promise<boolean> {
      const rows = await db
        .delete(clusterFollowsTable)
        .where(and(eq(clusterFollowsTable.userId, userId), eq(clusterFollowsTable.clusterId, clusterId)))
        .returning({ at: clusterFollowsTable.createdAt });
      return rows.length > 0;
    },
  };
}
export type FundingCallRepo = ReturnType<typeof createFundingCallRepo>;
