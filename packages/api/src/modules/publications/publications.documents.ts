import { and, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import { PublicPublicationSchema, type PublicFile, type PublicPublicationListQuery } from '@euregionet/shared';
import { atMicros, microsOf } from '../../db/cursor.js';
import type { Db } from '../../db/client.js';
import { kindDocuments, sameItemAndDetail, type DocumentReader } from '../../kind-documents.js';
import { filesOf, toPublicFile } from '../files/files.service.js';
import type { PublicDocumentKindSpec } from '../public/document-kinds.js';
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
  ...sameItemAndDetail<Row>(PublicPublicationSchema, (row, order) => toPublicPublication(row, order, row.attachments)),
  validity: () => ({ from: null, until: null }),
};

/**
 * The public list and detail of publications from their documents. A search (`q`) filters the
 * table as before: only the bytes of each publication come from its document.
 */
export function createPublicationDocuments(db: Db, read?: DocumentReader) {
  return kindDocuments(db, read, publicationDocuments, {
    // The filters and order of the list from the tables (repo `listPublished`): latest publication first.
    from: sql`publications`,
    recordId: sql`publications.id`,
    where: (query: PublicPublicationListQuery) => [...filters(query), sql`${publicationsTable.status} = 'published'`],
    after(next) {
      const [micros, id] = cursor.decode(next);
      return sql`(${publicationsTable.publishedAt}, ${publicationsTable.id}) < (${atMicros(micros)}, ${id}::uuid)`;
    },
    key: sql`${microsOf(publicationsTable.publishedAt)} AS "sortValue", publications.id`,
    orderBy: sql`${publicationsTable.publishedAt} DESC, ${publicationsTable.id} DESC`,
    cursorOf: (last: { sortValue: string | number; id: string }) => cursor.encode([Number(last.sortValue), last.id]),
  });
}
