import { and, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import {
  publicationMissingTranslations,
  type Publication,
  type PublicationCreateData,
  type PublicationListQuery,
  type PublicationStatus,
  type PublicationUpdate,
  type PublicPublicationListQuery,
} from '@euregionet/shared';
import type { Db } from '../../db/client.js';
import { atMicros, cursorCodec, key, keysetPage, microsOf, type Page } from '../../db/cursor.js';
import { searchQuery } from '../../db/search.js';
import { textArray } from '../../db/sql.js';
import { inPeriodTs, type ReportingPeriod } from '../indicators/period.js';
import { byPublicUpdate } from '../sync/sync.service.js';
import { publicationsTable } from './publications.table.js';

const { search: _search, ...columns } = getTableColumns(publicationsTable);
export type PublicationRow = Omit<typeof publicationsTable.$inferSelect, 'search'>;

export function toPublication(row: PublicationRow): Publication {
  return {
    id: row.id,
    slug: row.slug,
    kind: row.kind,
    title: row.title,
    summary: row.summary,
    body: row.body,
    partner: row.partner,
    sectors: row.sectors,
    ris3Areas: row.ris3Areas as Publication['ris3Areas'],
    topics: row.topics,
    clusterIds: row.clusterIds,
    fundingCallIds: row.fundingCallIds,
    status: row.status,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    missingTranslations: publicationMissingTranslations(row),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Latest first, by a timestamp and the id. */
export const cursor = cursorCodec(key.micros, key.uuid);

/** The filters that staff and portals share. */
export function filters(query: Omit<PublicPublicationListQuery, 'limit' | 'lang'>): SQL[] {
  const where: SQL[] = [sql`${publicationsTable.deletedAt} IS NULL`];
  if (query.q) where.push(sql`${publicationsTable.search} @@ (SELECT ${searchQuery(query.q)})`);
  if (query.kind?.length) where.push(sql`${publicationsTable.kind} = ANY(${textArray(query.kind)})`);
  if (query.sector?.length) where.push(sql`${publicationsTable.sectors} && ${textArray(query.sector)}`);
  if (query.ris3?.length) where.push(sql`${publicationsTable.ris3Areas} && ${textArray(query.ris3)}`);
  if (query.topic?.length) where.push(sql`${publicationsTable.topics} && ${textArray(query.topic)}`);
  return where;
}

function pageBy(
  db: Db,
  where: SQL[],
  sortColumn: typeof publicationsTable.updatedAt | typeof publicationsTable.publishedAt,
  limit: number,
  after?: string,
) {
  if (after) {
    const [micros, id] = cursor.decode(after);
    where.push(sql`(${sortColumn}, ${publicationsTable.id}) < (${atMicros(micros)}, ${id}::uuid)`);
  }
  return keysetPage(
    limit,
    (rowLimit) =>
      db
        .select({ ...columns, sortValue: microsOf(sortColumn) })
        .from(publicationsTable)
        .where(and(...where))
        .orderBy(sql`${sortColumn} DESC`, sql`${publicationsTable.id} DESC`)
        .limit(rowLimit),
    (last) => cursor.encode([last.sortValue, last.id]),
    ({ sortValue: _sortValue, ...row }) => row as PublicationRow,
  );
}

export function createPublicationRepo(db: Db) {
  return {
    /** Staff's list: the latest change first. */
    list(query: PublicationListQuery): Promise<Page<PublicationRow>> {
      const where = filters(query);
      if (query.status?.length) where.push(sql`${publicationsTable.status} = ANY(${textArray(query.status)})`);
      if (query.partner) where.push(eq(publicationsTable.partner, query.partner));
      if (query.cluster) where.push(sql`${query.cluster}::uuid = ANY(${publicationsTable.clusterIds})`);
      return pageBy(db, where, publicationsTable.updatedAt, query.limit, query.cursor);
    },

    /** Published ones, the latest publication first; with `updatedSince`, the oldest change first, as every public list. */
    listPublished(query: Omit<PublicPublicationListQuery, 'lang'>): Promise<Page<PublicationRow>> {
      const where = [...filters(query), sql`${publicationsTable.status} = 'published'`];
      if (!query.updatedSince) return pageBy(db, where, publicationsTable.publishedAt, query.limit, query.cursor);
      const slug = sql`${publicationsTable.slug}`;
      const updated = byPublicUpdate('publication', slug, sql`${publicationsTable.updatedAt}`, query.updatedSince, query.cursor);
      where.push(updated.where);
      return keysetPage(
        query.limit,
        (rowLimit) =>
          db
            .select({ ...columns, sortValue: updated.sortValue })
            .from(publicationsTable)
            .where(and(...where))
            .orderBy(updated.orderBy)
            .limit(rowLimit),
        updated.cursorOf,
        ({ sortValue: _sortValue, ...row }) => row as PublicationRow,
      );
    },

    async get(id: string): Promise<PublicationRow | undefined> {
      const [row] = await db
        .select(columns)
        .from(publicationsTable)
        .where(and(eq(publicationsTable.id, id), sql`${publicationsTable.deletedAt} IS NULL`));
      return row;
    },

    async publishedBySlug(slug: string): Promise<PublicationRow | undefined> {
      const [row] = await db
        .select(columns)
        .from(publicationsTable)
        .where(
          and(eq(publicationsTable.slug, slug), eq(publicationsTable.status, 'published'), sql`${publicationsTable.deletedAt} IS NULL`),
        );
      return row;
    },

    /** Publications first published within the period and not withdrawn (published or archived) or deleted. */
    async countPublished(period: ReportingPeriod): Promise<number> {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(publicationsTable)
        .where(
          sql`${publicationsTable.status} IN ('published', 'archived') AND ${publicationsTable.deletedAt} IS NULL
              AND ${inPeriodTs(sql`${publicationsTable.publishedAt}`, period)}`,
        );
      return row?.n ?? 0;
    },

    async slugExists(slug: string): Promise<boolean> {
      const [row] = await db.select({ id: publicationsTable.id }).from(publicationsTable).where(eq(publicationsTable.slug, slug));
      return row !== undefined;
    },

    async insert(values: PublicationCreateData & { slug: string }, now: Date): Promise<string> {
      const [row] = await db
        .insert(publicationsTable)
        .values({ ...values, createdAt: now, updatedAt: now })
        .returning({ id: publicationsTable.id });
      return row!.id;
    },

    /** Applies a change if the record is still at `version`; answers whether it was. */
    async update(
      id: string,
      version: number,
      values: PublicationUpdate & { status?: PublicationStatus; publishedAt?: Date; deletedAt?: Date },
      now: Date,
    ): Promise<boolean> {
      const rows = await db
        .update(publicationsTable)
        .set({ ...values, version: sql`${publicationsTable.version} + 1`, updatedAt: now })
        .where(and(eq(publicationsTable.id, id), eq(publicationsTable.version, version), sql`${publicationsTable.deletedAt} IS NULL`))
        .returning({ id: publicationsTable.id });
      return rows.length > 0;
    },

    /** Count of published publications, for the indicators. */
    async publishedCount(): Promise<number> {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(publicationsTable)
        .where(and(eq(publicationsTable.status, 'published'), sql`${publicationsTable.deletedAt} IS NULL`));
      return row?.n ?? 0;
    },
  };
}
