import { sql } from 'drizzle-orm';
import { PublicOpportunitySchema, shiftDay, type PublicOpportunityListQuery } from '@euregionet/shared';
import { queryRows, type Db } from '../../db/client.js';
import { atMicros } from '../../db/cursor.js';
import { uuidArray } from '../../db/sql.js';
import { kindDocuments, sameItemAndDetail, type DocumentReader } from '../../kind-documents.js';
import { validityBetween, type PublicDocumentKindSpec } from '../public/document-kinds.js';
import { COLUMNS, conditions, cursor, FROM, visible, type OpportunityRow } from './opportunities.repo.js';
import { toPublicOpportunity } from './opportunities.service.js';

/**
 * Published cooperation profiles as public documents, under their id. An opportunity shows its
 * own row and its owner's name, type, place, website and consented contacts: the triggers of
 * migration 0049 empty its documents when any of those change (a consent withdrawn, the owner
 * unpublished or deleted) and remove them when the profile is closed. It stops being public the
 * day after its `validUntil`: from then on a read finds it pending, and the tables answer.
 */
export const opportunityDocuments: PublicDocumentKindSpec<OpportunityRow> = {
  kind: 'opportunity',
  visible: sql`SELECT id, id::text AS slug FROM cooperation_profiles WHERE status = 'published'`,
  rows: (db, ids, today) =>
    queryRows<OpportunityRow>(db, sql`SELECT ${COLUMNS} FROM ${FROM} WHERE ${visible(today)} AND p.id = ANY(${uuidArray(ids)})`),
  ...sameItemAndDetail<OpportunityRow>(PublicOpportunitySchema, (row, order) => toPublicOpportunity(row, order)),
  validity: (row, today) => validityBetween(today, [row.validUntil === null ? null : shiftDay(row.validUntil, 1)]),
};

/** The public list and detail of partnering opportunities from their documents. */
export function createOpportunityDocuments(db: Db, read?: DocumentReader) {
  return kindDocuments(db, read, opportunityDocuments, {
    // The filters and order of the list from the tables (repo `list`): the latest change first.
    from: FROM,
    recordId: sql`p.id`,
    where: (query: PublicOpportunityListQuery, today) => [visible(today), ...conditions(query)],
    after(next) {
      const [micros, id] = cursor.decode(next);
      return sql`(p.updated_at, p.id) < (${atMicros(micros)}, ${id}::uuid)`;
    },
    key: sql`((extract(epoch FROM p.updated_at) * 1000000)::bigint)::text AS micros, p.id`,
    orderBy: sql`p.updated_at DESC, p.id DESC`,
    cursorOf: (last: { micros: string; id: string }) => cursor.encode([Number(last.micros), last.id]),
  });
}
