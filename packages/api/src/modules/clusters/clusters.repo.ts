import { and, eq, getTableColumns, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { Cluster, ClusterDetail, ClusterListQuery, ClusterMember, Coordinates, Country, IsoDate, Locale } from '@euregionet/shared';
import { clusterMissingTranslations, memberMakeUp, regionScope, sectorScope } from '@euregionet/shared';
import { queryRows, type Db } from '../../db/client.js';
import { keysetPage } from '../../db/cursor.js';
import { directoryOrder, searchQuery, sortKeySql } from '../../db/search.js';
import { lacksLanguage, textArray } from '../../db/sql.js';
import { membershipsTable, organisationsTable } from '../organisations/organisations.table.js';
import { clustersTable } from './clusters.table.js';
import { updateVersioned } from '../../db/versioned.js';
import { systemClock, todayOn, type Clock } from '../../clock.js';
import { coordinateColumns, locate } from '../locations/locations.js';

type ClusterRow = typeof clustersTable.$inferSelect;
export type ClusterInsert = Omit<
  typeof clustersTable.$inferInsert,
  'id' | 'version' | 'createdAt' | 'updatedAt' | 'search' | 'deletedAt' | 'latitude' | 'longitude'
> & { coordinates?: Coordinates | null };

/** Where a cluster's coordinating member organisation is: the town the map falls back to. */
export interface CoordinatorPlace {
  country: Country;
  city: string | null;
}

/**
 * The coordinator's country and town (the first coordinator by name, if there are several);
 * `clusters.id` in full for the reason given at `memberCountSql`.
 */
export const coordinatorPlaceSql = sql<CoordinatorPlace | null>`(SELECT jsonb_build_object('country', o.country, 'city', o.city)
  FROM memberships m JOIN organisations o ON o.id = m.organisation_id AND o.deleted_at IS NULL
  WHERE m.cluster_id = clusters.id AND m.role = 'coordinator' ORDER BY o.name LIMIT 1)`;

/** Own coordinates as columns: the database rounds them to its 5 decimals. */
const withCoordinateColumns = <T extends { coordinates?: Coordinates | null }>({ coordinates, ...rest }: T) => ({
  ...rest,
  ...coordinateColumns(coordinates),
});

/**
 * Members that count: organisations that are not deleted. The outer table is named in full:
 * drizzle writes a column of the only table of a query without its table name, which inside
 * this subquery would mean the organisation's id.
 */
export const memberCountSql = sql<number>`(SELECT count(*)::int FROM memberships m JOIN organisations o ON o.id = m.organisation_id AND o.deleted_at IS NULL WHERE m.cluster_id = clusters.id)`;

// The search vector is an index, not data: it never leaves the database.
const { search: _search, ...publicColumns } = getTableColumns(clustersTable);

/**
 * Whether the cluster holds the joint brand on the day: read from its awards (`eur_holds_brand`,
 * migration `brand_derived`), never stored with the cluster. `clusters.id` in full, for the same
 * reason as in `memberCountSql`.
 */
export const holdsBrandSql = (day: IsoDate) => sql<boolean>`eur_holds_brand(clusters.id, ${day}::date)`;

export function toCluster(
  row: Omit<ClusterRow, 'search'> & { brand: boolean; coordinatorPlace: CoordinatorPlace | null },
  members: number,
): Cluster {
  return {
    id: row.id,
    slug: row.slug,
    kind: row.kind,
    status: row.status,
    crossBorder: row.crossBorder,
    name: row.name,
    description: row.description,
    regions: row.regions,
    countries: row.countries,
    sectors: row.sectors,
    ris3Areas: row.ris3Areas,
    website: row.website,
    foundedYear: row.foundedYear,
    partner: row.partner,
    published: row.published,
    brand: row.brand,
    notes: row.notes,
    ...locate(row, row.coordinatorPlace),
    memberCount: members,
    missingTranslations: clusterMissingTranslations(row),
    deletedAt: row.deletedAt?.toISOString() ?? null,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The clock says which day `brand` is read on: the app's clock, so that expiries hold in tests too. */
export function createClusterRepo(db: Db, clock: Clock = systemClock) {
  const today = todayOn(clock);
  return {
    async list(query: ClusterListQuery & { lang: Locale }): Promise<{ items: Cluster[]; nextCursor: string | null }> {
      const where: SQL[] = [query.deleted ? isNotNull(clustersTable.deletedAt) : isNull(clustersTable.deletedAt)];
      // A scalar subquery: the query is built once per statement, not once per row.
      const tsQuery = query.q ? sql`(SELECT ${searchQuery(query.q)})` : undefined;
      if (tsQuery) where.push(sql`${clustersTable.search} @@ ${tsQuery}`);
      if (query.country) where.push(sql`${clustersTable.countries} @> ${textArray([query.country])}`);
      if (query.region) where.push(sql`${clustersTable.regions} && ${textArray(regionScope(query.region))}`);
      if (query.sector?.length) where.push(sql`${clustersTable.sectors} && ${textArray(query.sector.flatMap(sectorScope))}`);
      if (query.ris3?.length) where.push(sql`${clustersTable.ris3Areas} && ${textArray(query.ris3)}`);
      if (query.kind) where.push(eq(clustersTable.kind, query.kind));
      if (query.crossBorder !== undefined) where.push(eq(clustersTable.crossBorder, query.crossBorder));
      const brand = holdsBrandSql(today());
      if (query.brand !== undefined) where.push(query.brand ? brand : sql`NOT ${brand}`);
      if (query.published !== undefined) where.push(eq(clustersTable.published, query.published));
      if (query.missingTranslation) {
        where.push(lacksLanguage([sql`${clustersTable.name}`, sql`${clustersTable.description}`], query.missingTranslation));
      }

      const order = directoryOrder({
        sort: query.sort,
        tsQuery,
        cursor: query.cursor,
        columns: clustersTable,
        nameKey: sortKeySql(clustersTable.name, query.lang),
      });
      if (order.after) where.push(order.after);
      return keysetPage(
        query.limit,
        (rowLimit) =>
          db
            .select({
              ...publicColumns,
              brand,
              memberCount: memberCountSql,
              coordinatorPlace: coordinatorPlaceSql,
              sortValue: order.sortValue,
            })
            .from(clustersTable)
            .where(and(...where))
            .orderBy(...order.orderBy)
            .limit(rowLimit),
        order.cursorOf,
        (r) => toCluster(r, r.memberCount),
      );
    },

    /** A cluster with its members; deleted clusters only when asked for. */
    async get(id: string, options: { includeDeleted?: boolean } = {}): Promise<ClusterDetail | undefined> {
      const [row] = await db
        .select({ ...publicColumns, brand: holdsBrandSql(today()), memberCount: memberCountSql, coordinatorPlace: coordinatorPlaceSql })
        .from(clustersTable)
        .where(and(eq(clustersTable.id, id), options.includeDeleted ? undefined : isNull(clustersTable.deletedAt)));
      if (!row) return undefined;
      const members = await this.members(id);
      return { ...toCluster(row, row.memberCount), members, makeUp: memberMakeUp(members) };
    },

    async members(clusterId: string): Promise<ClusterMember[]> {
      return db
        .select({
          organisationId: organisationsTable.id,
          name: organisationsTable.name,
          type: organisationsTable.type,
          country: organisationsTable.country,
          region: organisationsTable.region,
          city: organisationsTable.city,
          published: organisationsTable.published,
          role: membershipsTable.role,
          since: membershipsTable.since,
        })
        .from(membershipsTable)
        .innerJoin(organisationsTable, eq(organisationsTable.id, membershipsTable.organisationId))
        .where(and(eq(membershipsTable.clusterId, clusterId), isNull(organisationsTable.deletedAt)))
        .orderBy(sql`CASE ${membershipsTable.role} WHEN 'coordinator' THEN 0 WHEN 'member' THEN 1 ELSE 2 END`, organisationsTable.name);
    },

    async slugExists(slug: string): Promise<boolean> {
      const rows = await queryRows<{ found: boolean }>(
        db,
        sql`SELECT EXISTS (SELECT 1 FROM ${clustersTable} WHERE ${clustersTable.slug} = ${slug}) AS found`,
      );
      return rows[0]?.found ?? false;
    },

    async insert(values: ClusterInsert): Promise<string> {
      const [row] = await db.insert(clustersTable).values(withCoordinateColumns(values)).returning({ id: clustersTable.id });
      if (!row) throw new Error('insert returned no row');
      return row.id;
    },

    /**
     * Applies a change only if the record is still at the version the client read; answers
     * whether a row was changed. The check and the write are one statement, so two concurrent
     * updates from the same version cannot both succeed.
     */
    update: (id: string, expectedVersion: number, values: Partial<ClusterInsert>) =>
      updateVersioned(db, clustersTable, id, expectedVersion, withCoordinateColumns(values), isNull(clustersTable.deletedAt)),

    /** Soft delete: the row stays, with `deleted_at`, so that an administrator can restore it. */
    softDelete: (id: string) => updateVersioned(db, clustersTable, id, null, { deletedAt: sql`now()` }, isNull(clustersTable.deletedAt)),

    restore: (id: string) => updateVersioned(db, clustersTable, id, null, { deletedAt: null }, isNotNull(clustersTable.deletedAt)),
  };
}
export type ClusterRepo = ReturnType<typeof createClusterRepo>;
