import { and, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import { PublicPublicationSchema, type IsoDate, type Locale, type PublicFile, type PublicPublicationListQuery } from '@euregionet/shared';
import type pg from 'pg';
import type { Db } from '../../db/client.js';
import { atMicros, microsOf } from '../../db/cursor.js';
import { allOf } from '../../db/sql.js';
import { filesOf, toPublicFile } from '../files/files.service.js';
import { createKindDocuments, type PublicDocumentKindSpec } from '../public/document-kinds.js';
import { cursor, filters, type PublicationRow } from './publications.repo.js';
import { toPublicPublication } from './publications.service.js';
import { publicationsTable } from './publications.table.js';

const { search: _search, ...columns } = getTableColumns(publicationsTable);
type Row = PublicationRow & { attachments: PublicFile[] };

/**
 * Published publications as public documents: a publication's answer shows its own row and its
 * attached files, on which the triggers of migration 0048 empty its documents; nothing in it
 * changes with the day.
 */
export const publicationDocuments: PublicDocumentKindSpec<Row> = {
  kind: 'publication',
  visible: sql`SELECT id, slug FROM publications WHERE status = 'published' AND deleted_at IS NULL`,
  async rows(db, ids) {
    const rows = await db
      .select(columns)
      .from(publicationsTable)
      .where(
        and(
          inArray(publicationsTable.id, [...ids]),
          eq(publicationsTable.status, 'published'),
          sql`${publicationsTable.deletedAt} IS NULL`,
        ),
      );
    const files = await filesOf(
      db,
      'publication',
      rows.map((r) => r.id),
    );
    return rows.map((r) => ({ ...r, attachments: files.get(r.id)!.map(toPublicFile) }));
  },
  item: { schema: PublicPublicationSchema, of: (row, order) => toPublicPublication(row, order, row.attachments) },
  detail: { schema: PublicPublicationSchema, of: (row, order) => toPublicPublication(row, order, row.attachments) },
  validity: () => ({ from: null, until: null }),
};

/** The public list and detail of publications from their documents. */
export function createPublicationDocuments(db: Db, read: { db: Db; pool?: pg.Pool | undefined } = { db }) {
  const documents = createKindDocuments(db, publicationDocuments, read);
  return {
    /**
     * A page from the documents, or undefined when this query is not served from them
     * (`updatedSince` reads the tables). A search (`q`) filters the table as before: only the
     * bytes of each publication come from its document.
     */
    list(query: PublicPublicationListQuery, order: readonly Locale[], baseUrl: string, today: IsoDate) {
      if (query.updatedSince !== undefined) return Promise.resolve(undefined);
      // The filters and order of the list from the tables (repo `listPublished`): latest publication first.
      const where = [...filters(query), sql`${publicationsTable.status} = 'published'`];
      if (query.cursor) {
        const [micros, id] = cursor.decode(query.cursor);
        where.push(sql`(${publicationsTable.publishedAt}, ${publicationsTable.id}) < (${atMicros(micros)}, ${id}::uuid)`);
      }
      return documents.list({
        order,
        baseUrl,
        today,
        limit: query.limit,
        select: ({ columns: documentColumns, join }) =>
          sql`SELECT ${documentColumns}, ${microsOf(publicationsTable.publishedAt)} AS "sortValue", publications.id FROM publications ${join(sql`publications.id`)}
               WHERE ${allOf(where)} ORDER BY ${publicationsTable.publishedAt} DESC, ${publicationsTable.id} DESC LIMIT ${query.limit + 1}`,
        cursorOf: (last: { sortValue: string | number; id: string }) => cursor.encode([Number(last.sortValue), last.id]),
      });
    },
    detail: documents.detail,
  };
}
