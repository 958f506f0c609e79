import { and, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import { PublicFundingCallSchema, shiftDay, type IsoDate, type Locale, type PublicFundingCallListQuery } from '@euregionet/shared';
import type pg from 'pg';
import type { Db } from '../../db/client.js';
import { allOf } from '../../db/sql.js';
import { createKindDocuments, validityBetween, type PublicDocumentKindSpec } from '../public/document-kinds.js';
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
  item: { schema: PublicFundingCallSchema, of: (row, order, today) => toPublicFundingCall(row, order, today) },
  detail: { schema: PublicFundingCallSchema, of: (row, order, today) => toPublicFundingCall(row, order, today) },
  // `upcoming` until it opens, `open` through its closing day, `closed` from the day after.
  validity: (row, today) => validityBetween(today, [row.opensOn, row.closesOn === null ? null : shiftDay(row.closesOn, 1)]),
};

/** The public list and detail of funding calls from their documents. */
export function createFundingCallDocuments(db: Db, read: { db: Db; pool?: pg.Pool | undefined } = { db }) {
  const documents = createKindDocuments(db, fundingCallDocuments, read);
  return {
    /** A page from the documents, or undefined when this query is not served from them (`updatedSince` reads the tables). */
    list(query: PublicFundingCallListQuery, order: readonly Locale[], baseUrl: string, today: IsoDate) {
      if (query.updatedSince !== undefined) return Promise.resolve(undefined);
      // The same filters and order as the list from the tables: only the bytes of each call come from its document.
      const where = [
        sql`funding_calls.published`,
        ...fundingCallFilters({ ...query, status: query.status ?? ['open', 'upcoming'] }, today),
      ];
      if (query.cursor) {
        const [day, slug] = FUNDING_CALL_CURSOR.decode(query.cursor);
        where.push(sql`(${FUNDING_CALL_KEY}, ${fundingCallsTable.slug}) > (${day}, ${slug})`);
      }
      return documents.list({
        order,
        baseUrl,
        today,
        limit: query.limit,
        select: ({ columns, join }) =>
          sql`SELECT ${columns}, ${FUNDING_CALL_KEY} AS "sortKey", funding_calls.slug FROM funding_calls ${join(sql`funding_calls.id`)}
               WHERE ${allOf(where)} ORDER BY ${FUNDING_CALL_KEY}, funding_calls.slug LIMIT ${query.limit + 1}`,
        cursorOf: (last: { sortKey: string; slug: string }) => FUNDING_CALL_CURSOR.encode([last.sortKey, last.slug]),
      });
    },
    detail: documents.detail,
  };
}
