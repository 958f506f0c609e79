import { and, eq, getTableColumns, isNotNull, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import {
  organisationMissingTranslations,
  regionScope,
  sectorScope,
  type ExistingRecord,
  type Organisation,
  type OrganisationListQuery,
  type OrganisationMembership,
  type OrganisationSummary,
} from '@euregionet/shared';
import type { Db } from '../../db/client.js';
import { atMicros, cursorCodec, key as kind, keysetPage, microsOf, type CursorCodec } from '../../db/cursor.js';
import { plainSortKeySql, searchQuery } from '../../db/search.js';
import { lacksLanguage, textArray } from '../../db/sql.js';
import { AppError } from '../../errors.js';
import { clustersTable } from '../clusters/clusters.table.js';
import { membershipsTable, organisationsTable } from './organisations.table.js';

type Row = typeof organisationsTable.$inferSelect;
export type OrganisationInsert = Omit<
  typeof organisationsTable.$inferInsert,
  'id' | 'version' | 'createdAt' | 'updatedAt' | 'deletedAt' | 'search' | 'nameKey' | 'cityKey'
>;

// Generated columns serve search and duplicate checks; they never leave the database.
const { search: _search, nameKey: _nameKey, cityKey: _cityKey, ...columns } = getTableColumns(organisationsTable);
type OrganisationRow = Omit<Row, 'search' | 'nameKey' | 'cityKey'>;

/** Clusters an organisation belongs to that are not deleted. */
const clusterCountSql = sql<number>`(SELECT count(*)::int FROM memberships m JOIN clusters c ON c.id = m.cluster_id AND c.deleted_at IS NULL WHERE m.organisation_id = organisations.id)`;

/** How similar (trigram similarity of names without legal form) a name must be to count as a likely duplicate. */
export const SIMILAR_NAME_THRESHOLD = 0.6;

export function toSummary(row: OrganisationRow, clusterCount: number): OrganisationSummary {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    country: row.country,
    region: row.region,
    city: row.city,
    sizeClass: row.sizeClass,
    employees: row.employees,
    sectors: row.sectors,
    published: row.published,
    clusterCount,
    missingTranslations: organisationMissingTranslations(row),
    deletedAt: row.deletedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toOrganisation(row: OrganisationRow, memberships: OrganisationMembership[]): Organisation {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    country: row.country,
    region: row.region,
    city: row.city,
    sizeClass: row.sizeClass,
    employees: row.employees,
    foundedYear: row.foundedYear,
    sectors: row.sectors,
    description: row.description,
    competences: row.competences,
    needs: row.needs,
    languages: row.languages,
    website: row.website,
    nip: row.nip,
    krs: row.krs,
    commercialRegister: row.registerCourt && row.registerNumber ? { court: row.registerCourt, number: row.registerNumber } : null,
    // Contacts stored before consents had a source and a recorder lack those fields.
    contacts: row.contacts.map((c) => ({
      ...c,
      consentSource: c.consentSource ?? null,
      consentRecordedBy: c.consentRecordedBy ?? null,
      consentRecordedAt: c.consentRecordedAt ?? null,
    })),
    published: row.published,
    notes: row.notes,
    memberships,
    missingTranslations: organisationMissingTranslations(row),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const href = (id: string) => `/api/v1/organisations/${id}`;

/** Organisations by relevance, by the time of the last change or by name; then by id. */
const rankCursor = cursorCodec(kind.number, kind.uuid);
const timeCursor = cursorCodec(kind.micros, kind.uuid);
const nameCursor = cursorCodec(kind.text, kind.uuid);

export function createOrganisationRepo(db: Db) {
  return {
    async list(query: OrganisationListQuery): Promise<{ items: OrganisationSummary[]; nextCursor: string | null }> {
      const o = organisationsTable;
      const where: SQL[] = [query.deleted ? isNotNull(o.deletedAt) : isNull(o.deletedAt)];
      const tsQuery = query.q ? sql`(SELECT ${searchQuery(query.q)})` : undefined;
      if (tsQuery) where.push(sql`${o.search} @@ ${tsQuery}`);
      if (query.type?.length) where.push(sql`${o.type} = ANY(${textArray(query.type)})`);
      if (query.country) where.push(eq(o.country, query.country));
      if (query.region) where.push(sql`${o.region} = ANY(${textArray(regionScope(query.region))})`);
      if (query.sector?.length) where.push(sql`${o.sectors} && ${textArray(query.sector.flatMap(sectorScope))}`);
      if (query.sizeClass?.length) where.push(sql`${o.sizeClass} = ANY(${textArray(query.sizeClass)})`);
      if (query.published !== undefined) where.push(eq(o.published, query.published));
      if (query.clusterId) {
        where.push(
          sql`EXISTS (SELECT 1 FROM memberships m WHERE m.organisation_id = organisations.id AND m.cluster_id = ${query.clusterId})`,
        );
      }
      if (query.missingTranslation) where.push(lacksLanguage([sql`${o.description}`, sql`${o.competences}`], query.missingTranslation));

      const sort = query.sort ?? (tsQuery ? 'relevance' : 'name');
      if (sort === 'relevance' && !tsQuery) {
        throw new AppError(400, 'VALIDATION_FAILED', 'Sorting by relevance needs a search text', {
          errors: [{ pointer: '/query/sort', code: 'relevance_without_q', message: 'Give q, or sort by name or updatedAt' }],
        });
      }
      const descending = sort.startsWith('-') || sort === 'relevance';
      const byTime = sort.endsWith('updatedAt');
      const key: SQL =
        sort === 'relevance' ? sql`ts_rank(${o.search}, ${tsQuery})` : byTime ? sql`${o.updatedAt}` : plainSortKeySql(o.name);
      const keyOut: SQL = byTime ? microsOf(o.updatedAt) : key;
      const cursor: CursorCodec<[string | number, string]> = sort === 'relevance' ? rankCursor : byTime ? timeCursor : nameCursor;
      if (query.cursor) {
        const [value, id] = cursor.decode(query.cursor);
        const keyIn = cursor === rankCursor ? sql`${value}::real` : byTime ? atMicros(Number(value)) : sql`${value}`;
        where.push(sql`(${key}, ${o.id}) ${sql.raw(descending ? '<' : '>')} (${keyIn}, ${id}::uuid)`);
      }
      const direction = sql.raw(descending ? 'DESC' : 'ASC');
      return keysetPage(
        query.limit,
        (rowLimit) =>
          db
            .select({ ...columns, clusterCount: clusterCountSql, sortValue: sql<string | number>`${keyOut}` })
            .from(o)
            .where(and(...where))
            .orderBy(sql`${key} ${direction}`, sql`${o.id} ${direction}`)
            .limit(rowLimit),
        (last) => cursor.encode([cursor === nameCursor ? String(last.sortValue) : Number(last.sortValue), last.id]),
        (r) => toSummary(r, r.clusterCount),
      );
    },

    async row(id: string, options: { includeDeleted?: boolean } = {}): Promise<OrganisationRow | undefined> {
      const [row] = await db
        .select(columns)
        .from(organisationsTable)
        .where(and(eq(organisationsTable.id, id), options.includeDeleted ? undefined : isNull(organisationsTable.deletedAt)));
      return row;
    },

    async get(id: string, options: { includeDeleted?: boolean } = {}): Promise<Organisation | undefined> {
      const row = await this.row(id, options);
      return row ? toOrganisation(row, await this.memberships(id)) : undefined;
    },

    async memberships(organisationId: string): Promise<OrganisationMembership[]> {
      return db
        .select({
          clusterId: clustersTable.id,
          slug: clustersTable.slug,
          name: clustersTable.name,
          partner: clustersTable.partner,
          role: membershipsTable.role,
          since: membershipsTable.since,
        })
        .from(membershipsTable)
        .innerJoin(clustersTable, eq(clustersTable.id, membershipsTable.clusterId))
        .where(and(eq(membershipsTable.organisationId, organisationId), isNull(clustersTable.deletedAt)))
        .orderBy(clustersTable.slug);
    },

    /** Live organisations with the same national register number (never the record itself). */
    async sameRegisterNumber(
      values: { nip?: string | null; krs?: string | null; registerKey?: string | null },
      exceptId?: string,
    ): Promise<ExistingRecord[]> {
      const o = organisationsTable;
      const checks: [SQL, string][] = [];
      if (values.nip) checks.push([sql`${o.nip} = ${values.nip}`, 'nip']);
      if (values.krs) checks.push([sql`${o.krs} = ${values.krs}`, 'krs']);
      if (values.registerKey) checks.push([sql`${o.registerKey} = ${values.registerKey}`, 'commercialRegister']);
      if (!checks.length) return [];
      const reason = sql.join(
        checks.map(([cond, name]) => sql`WHEN ${cond} THEN ${name}`),
        sql` `,
      );
      const rows = await db
        .select({ id: o.id, name: o.name, reason: sql<string>`CASE ${reason} END` })
        .from(o)
        .where(and(isNull(o.deletedAt), or(...checks.map(([c]) => c)), exceptId ? ne(o.id, exceptId) : undefined))
        .orderBy(o.name)
        .limit(5);
      return rows.map((r) => ({ ...r, href: href(r.id) }));
    },

    /** Live organisations in the same city whose name, without legal form, is very similar. */
    async similarInCity(name: string, city: string): Promise<ExistingRecord[]> {
      const o = organisationsTable;
      const rows = await db
        .select({ id: o.id, name: o.name })
        .from(o)
        .where(
          and(
            isNull(o.deletedAt),
            sql`${o.cityKey} = eur_fold(${city})`,
            sql`similarity(${o.nameKey}, eur_org_name_key(${name})) >= ${SIMILAR_NAME_THRESHOLD}`,
          ),
        )
        .orderBy(sql`similarity(${o.nameKey}, eur_org_name_key(${name})) DESC`, o.name)
        .limit(5);
      return rows.map((r) => ({ ...r, reason: 'similarName', href: href(r.id) }));
    },

    async insert(values: OrganisationInsert): Promise<string> {
      const [row] = await db.insert(organisationsTable).values(values).returning({ id: organisationsTable.id });
      if (!row) throw new Error('insert returned no row');
      return row.id;
    },

    /** Changes a live record at the version the client read, in one statement; answers whether it did. */
    async update(id: string, expectedVersion: number, values: Partial<OrganisationInsert>): Promise<boolean> {
      const o = organisationsTable;
      const rows = await db
        .update(o)
        .set({ ...values, version: sql`${o.version} + 1`, updatedAt: sql`now()` })
        .where(and(eq(o.id, id), eq(o.version, expectedVersion), isNull(o.deletedAt)))
        .returning({ id: o.id });
      return rows.length > 0;
    },

    async softDelete(id: string): Promise<boolean> {
      const o = organisationsTable;
      const rows = await db
        .update(o)
        .set({ deletedAt: sql`now()`, version: sql`${o.version} + 1`, updatedAt: sql`now()` })
        .where(and(eq(o.id, id), isNull(o.deletedAt)))
        .returning({ id: o.id });
      return rows.length > 0;
    },

    async restore(id: string): Promise<boolean> {
      const o = organisationsTable;
      const rows = await db
        .update(o)
        .set({ deletedAt: null, version: sql`${o.version} + 1`, updatedAt: sql`now()` })
        .where(and(eq(o.id, id), isNotNull(o.deletedAt)))
        .returning({ id: o.id });
      return rows.length > 0;
    },

    async membership(clusterId: string, organisationId: string) {
      const [row] = await db
        .select()
        .from(membershipsTable)
        .where(and(eq(membershipsTable.clusterId, clusterId), eq(membershipsTable.organisationId, organisationId)));
      return row;
    },

    async upsertMembership(values: typeof membershipsTable.$inferInsert): Promise<void> {
      await db
        .insert(membershipsTable)
        .values(values)
        .onConflictDoUpdate({
          target: [membershipsTable.clusterId, membershipsTable.organisationId],
          set: { role: values.role, since: values.since ?? null },
        });
    },

    async deleteMembership(clusterId: string, organisationId: string): Promise<boolean> {
      const rows = await db
        .delete(membershipsTable)
        .where(and(eq(membershipsTable.clusterId, clusterId), eq(membershipsTable.organisationId, organisationId)))
        .returning({ id: membershipsTable.clusterId });
      return rows.length > 0;
    },
  };
}
export type OrganisationRepo = ReturnType<typeof createOrganisationRepo>;
