import { and, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import { PublicFundingCallSchema, shiftDay, type PublicFundingCallListQuery } from '@euregionet/shared';
import type { Db } from '../../db/client.js';
import { kindDocuments, sameItemAndDetail, type DocumentReader } from '../../kind-documents.js';
import { validityBetween, type PublicDocumentKindSpec } from '../public/document-kinds.js';
import { fundingCallFilters } from './funding-calls.repo.js';
import { fundingCallsTable } from './funding-calls.table.js';
import { FUNDING_CALL_CURSOR, FUNDING_CALL_KEY, toPublicFundingCall } from './funding-calls.public.js';

const { search: _search, ...columns } = getTableColumns(fundingCallsTable);
type Row = Omit<typeof fundingCallsTable.$inferSelect, 'search'>;

/**
 * Published funding calls as public documents. A call's answer is made of its own row and the
 * day (its `status`), so its only trigger is on `funding_calls` (migration 0046) and its bytes
 * are right from the day it last opened or closed up to the next.
 */
export const fundingCallDocuments: PublicDocumentKindSpec<Row> = {
  kind: 'fundingCall',
  visible: sql`SELECT id, slug FROM funding_calls WHERE published`,
  rows: (db, ids) =>
    db
      .select(columns)
      .from(fundingCallsTable)
      .where(and(eq(fundingCallsTable.published, true), inArray(fundingCallsTable.id, [...ids]))),
  ...sameItemAndDetail<Row>(PublicFundingCallSchema, (row, order, today) => toPublicFundingCall(row, order, today)),
  // `upcoming` until it opens, `open` through its closing day, `closed` from the day after.
  validity: (row, today) => validityBetween(today, [row.opensOn, row.closesOn === null ? null : shiftDay(row.closesOn, 1)]),
};

/** The public list and detail of funding calls from their documents. */
export function createFundingCallDocuments(db: Db, read?: DocumentReader) {
  return kindDocuments(db, read, fundingCallDocuments, {
    // The same filters and order as the list from the tables: only the bytes of each call come from its document.
    from: sql`funding_calls`,
    recordId: sql`funding_calls.id`,
    where: (query: PublicFundingCallListQuery, today) => [
      sql`funding_calls.published`,
      ...fundingCallFilters({ ...query, status: query.status ?? ['open', 'upcoming'] }, today),
    ],
    after(next) {
      const [day, slug] = FUNDING_CALL_CURSOR.decode(next);
      return sql`(${FUNDING_CALL_KEY}, ${fundingCallsTable.slug}) > (${day}, ${slug})`;
    },
    key: sql`${FUNDING_CALL_KEY} AS "sortKey", funding_calls.slug`,
    orderBy: sql`${FUNDING_CALL_KEY}, funding_calls.slug`,
    cursorOf: (last: { sortKey: string; slug: string }) => FUNDING_CALL_CURSOR.encode([last.sortKey, last.slug]),
  });
}
