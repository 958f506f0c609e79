import { and, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { Cluster, ClusterDetail, ClusterListQuery, ClusterMember, Locale } from '@euregionet/shared';
import { NACE_SECTIONS, REGIONS } from '@euregionet/shared';
import { queryRows, type Db } from '../../db/client.js';
import { searchQuery, sortKeySql } from '../../db/search.js';
import { AppError } from '../../errors.js';
import { membershipsTable, organisationsTable } from '../organisations/organisations.table.js';
import { clustersTable } from './clusters.table.js';

type ClusterRow = typeof clustersTable.$inferSelect;
export type ClusterInsert = Omit<typeof clustersTable.$inferInsert, 'id' | 'version' | 'createdAt' | 'updatedAt' | 'search'>;

const memberCount = sql<number>`(SELECT count(*)::int FROM ${membershipsTable} m WHERE m.cluster_id = ${clustersTable.id})`;

// The search vector is an index, not data: it never leaves the database.
const { search: _search, ...publicColumns } = getTableColumns(clustersTable);

export function toCluster(row: Omit<ClusterRow, 'search'>, members: number): Cluster {
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
    memberCount: members,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** NUTS codes a region filter matches: the region and, for a NUTS-2 region, its NUTS-3 regions. */
function regionScope(code: string): string[] {
  return [code, ...REGIONS.filter((r) => r.parent === code).map((r) => r.code)];
}

/** NACE codes a sector filter matches: a section matches itself and its divisions. */
function sectorScope(code: string): string[] {
  const section = NACE_SECTIONS.find((s) => s.code === code);
  if (!section) return [code];
  const divisions: string[] = [];
  for (let d = section.divisions[0]; d <= section.divisions[1]; d++) divisions.push(String(d).padStart(2, '0'));
  return [code, ...divisions];
}

const textArray = (values: string[]) =>
  sql`ARRAY[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;

/** The opaque cursor: the last row's sort value and id. */
function encodeCursor(value: string | number, id: string): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

function decodeCursor(cursor: string): [string | number, string] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      (typeof parsed[0] === 'string' || typeof parsed[0] === 'number') &&
      typeof parsed[1] === 'string' &&
      /^[0-9a-f-]{36}$/i.test(parsed[1])
    ) {
      return [parsed[0], parsed[1]];
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError(400, 'VALIDATION_FAILED', 'The cursor is not valid', {
    errors: [{ pointer: '/query/cursor', code: 'invalid_cursor', message: 'Use nextCursor from a previous page of the same query' }],
  });
}

export function createClusterRepo(db: Db) {
  return {
    async list(query: ClusterListQuery & { lang: Locale }): Promise<{ items: Cluster[]; nextCursor: string | null }> {
      const where: SQL[] = [];
      const tsQuery = query.q ? searchQuery(query.q) : undefined;
      if (tsQuery) where.push(sql`${clustersTable.search} @@ ${tsQuery}`);
      if (query.country) where.push(sql`${clustersTable.countries} @> ${textArray([query.country])}`);
      if (query.region) where.push(sql`${clustersTable.regions} && ${textArray(regionScope(query.region))}`);
      if (query.sector?.length) where.push(sql`${clustersTable.sectors} && ${textArray(query.sector.flatMap(sectorScope))}`);
      if (query.kind) where.push(eq(clustersTable.kind, query.kind));
      if (query.crossBorder !== undefined) where.push(eq(clustersTable.crossBorder, query.crossBorder));

      const sort = query.sort ?? (tsQuery ? 'relevance' : 'name');
      if (sort === 'relevance' && !tsQuery) {
        throw new AppError(400, 'VALIDATION_FAILED', 'Sorting by relevance needs a search text', {
          errors: [{ pointer: '/query/sort', code: 'relevance_without_q', message: 'Give q, or sort by name or updatedAt' }],
        });
      }
      const descending = sort.startsWith('-') || sort === 'relevance';
      const key: SQL =
        sort === 'relevance'
          ? sql`ts_rank(${clustersTable.search}, ${tsQuery})`
          : sort.endsWith('updatedAt')
            ? sql`${clustersTable.updatedAt}`
            : sortKeySql(clustersTable.name, query.lang);
      // The sort value as the cursor carries it: text keeps timestamps at full precision.
      const keyOut: SQL = sort.endsWith('updatedAt') ? sql`${clustersTable.updatedAt}::text` : key;
      const keyIn = (v: string | number): SQL =>
        sort === 'relevance' ? sql`${v}::real` : sort.endsWith('updatedAt') ? sql`${String(v)}::timestamptz` : sql`${String(v)}`;

      if (query.cursor) {
        const [value, id] = decodeCursor(query.cursor);
        where.push(
          descending
            ? sql`(${key}, ${clustersTable.id}) < (${keyIn(value)}, ${id}::uuid)`
            : sql`(${key}, ${clustersTable.id}) > (${keyIn(value)}, ${id}::uuid)`,
        );
      }
      const direction = sql.raw(descending ? 'DESC' : 'ASC');
      const rows = await db
        .select({ ...publicColumns, memberCount, sortValue: sql<string | number>`${keyOut}` })
        .from(clustersTable)
        .where(where.length ? and(...where) : undefined)
        .orderBy(sql`${key} ${direction}`, sql`${clustersTable.id} ${direction}`)
        .limit(query.limit + 1);

      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      const hasMore = rows.length > query.limit;
      return {
        items: page.map((r) => toCluster(r, r.memberCount)),
        nextCursor: hasMore && last ? encodeCursor(sort === 'relevance' ? Number(last.sortValue) : String(last.sortValue), last.id) : null,
      };
    },

    async get(id: string): Promise<ClusterDetail | undefined> {
      const [row] = await db
        .select({ ...publicColumns, memberCount })
        .from(clustersTable)
        .where(eq(clustersTable.id, id));
      if (!row) return undefined;
      const members = await this.members(id);
      return { ...toCluster(row, row.memberCount), members };
    },

    async members(clusterId: string): Promise<ClusterMember[]> {
      return db
        .select({
          organisationId: organisationsTable.id,
          name: organisationsTable.name,
          country: organisationsTable.country,
          role: membershipsTable.role,
        })
        .from(membershipsTable)
        .innerJoin(organisationsTable, eq(organisationsTable.id, membershipsTable.organisationId))
        .where(eq(membershipsTable.clusterId, clusterId))
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
      const [row] = await db.insert(clustersTable).values(values).returning({ id: clustersTable.id });
      if (!row) throw new Error('insert returned no row');
      return row.id;
    },

    /**
     * Applies a change only if the record is still at the version the client read; answers
     * whether a row was changed. The check and the write are one statement, so two concurrent
     * updates from the same version cannot both succeed.
     */
    async update(id: string, expectedVersion: number, values: Partial<ClusterInsert>): Promise<boolean> {
      const rows = await db
        .update(clustersTable)
        .set({ ...values, version: sql`${clustersTable.version} + 1`, updatedAt: sql`now()` })
        .where(and(eq(clustersTable.id, id), eq(clustersTable.version, expectedVersion)))
        .returning({ id: clustersTable.id });
      return rows.length > 0;
    },

    async remove(id: string): Promise<boolean> {
      const rows = await db.delete(clustersTable).where(eq(clustersTable.id, id)).returning({ id: clustersTable.id });
      return rows.length > 0;
    },
  };
}
export type ClusterRepo = ReturnType<typeof createClusterRepo>;
