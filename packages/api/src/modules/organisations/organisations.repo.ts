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
import { keysetPage } from '../../db/cursor.js';
import { directoryOrder, plainSortKeySql, searchQuery } from '../../db/search.js';
import { lacksLanguage, textArray } from '../../db/sql.js';
import { clustersTable } from '../clusters/clusters.table.js';
import { membershipsTable, organisationsTable } from './organisations.table.js';
import { updateVersioned } from '../../db/versioned.js';
import { locate } from '../locations/locations.js';

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

/** What the list row and the full record both show of an organisation. */
function basicsOf(row: OrganisationRow) {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    country: row.country,
    region: row.region,
    city: row.city,
    ...locate(row, row),
    sizeClass: row.sizeClass,
    employees: row.employees,
    sectors: row.sectors,
    published: row.published,
    missingTranslations: organisationMissingTranslations(row),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toSummary(row: OrganisationRow, clusterCount: number): OrganisationSummary {
  return { ...basicsOf(row), clusterCount, deletedAt: row.deletedAt?.toISOString() ?? null };
}

export function toOrganisation(row: OrganisationRow, memberships: OrganisationMembership[]): Organisation {
  return {
    ...basicsOf(row),
    foundedYear: row.foundedYear,
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
    notes: row.notes,
    memberships,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
  };
}

const href = (id: string) => `/api/v1/organisations/${id}`;

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

      const order = directoryOrder({ sort: query.sort, tsQuery, cursor: query.cursor, columns: o, nameKey: plainSortKeySql(o.name) });
      if (order.after) where.push(order.after);
      return keysetPage(
        query.limit,
        (rowLimit) =>
          db
            .select({ ...columns, clusterCount: clusterCountSql, sortValue: order.sortValue })
            .from(o)
            .where(and(...where))
            .orderBy(...order.orderBy)
            .limit(rowLimit),
        order.cursorOf,
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
    update: (id: string, expectedVersion: number, values: Partial<OrganisationInsert>) =>
      updateVersioned(db, organisationsTable, id, expectedVersion, values, isNull(organisationsTable.deletedAt)),

    softDelete: (id: string) =>
      updateVersioned(db, organisationsTable, id, null, { deletedAt: sql`now()` }, isNull(organisationsTable.deletedAt)),

    restore: (id: string) =>
      updateVersioned(db, organisationsTable, id, null, { deletedAt: null }, isNotNull(organisationsTable.deletedAt)),

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
