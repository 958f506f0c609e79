import { sql, type SQL } from 'drizzle-orm';
import type pg from 'pg';
import type { z } from 'zod';
import type { IsoDate, Locale } from '@euregionet/shared';
import type { Db } from './db/client.js';
import { allOf } from './db/sql.js';
import { createKindDocuments, type PublicDocumentKindSpec } from './modules/public/document-kinds.js';

/*
 * The public list and detail of a kind served from its documents (funding calls, events,
 * opportunities, publications): a module says which records a page shows, with the same filters,
 * order and cursor as its list from the tables; the rest is the same for every kind.
 */

/** The query parameters every public list has that this reads. */
interface ListQuery {
  updatedSince?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** How a kind's list selects the records of a page, as its list from the tables does. */
export interface DocumentListSpec<Query extends ListQuery, Key extends object> {
  /** The tables read (`FROM …`) and the column of the record's id, which the documents are joined on. */
  from: SQL;
  recordId: SQL;
  /** The list's conditions for a query on a day. */
  where(query: Query, today: IsoDate): SQL[];
  /** The condition for the records after a cursor, in the list's order. */
  after(cursor: string): SQL;
  /** The columns the cursor is made of, selected beside the documents', and the list's order. */
  key: SQL;
  orderBy: SQL;
  cursorOf(last: Key): string;
}

/** A kind whose item and detail are the same answer (every kind so far). */
export function sameItemAndDetail<Row>(
  schema: z.ZodType,
  of: (row: Row, order: readonly Locale[], today: IsoDate, baseUrl: string) => unknown,
) {
  return { item: { schema, of }, detail: { schema, of } };
}

/** Where the served bytes are read: a read replica's, else the primary's. */
export interface DocumentReader {
  db: Db;
  pool?: pg.Pool | undefined;
}

/**
 * The documents of a kind as its routes read them: `list` a page (undefined when the query is not
 * served from documents: `updatedSince` reads the tables) and `detail` a record by its slug.
 */
export function kindDocuments<Row extends { id: string }, Query extends ListQuery, Key extends object>(
  db: Db,
  read: DocumentReader | undefined,
  spec: PublicDocumentKindSpec<Row>,
  list: DocumentListSpec<Query, Key>,
) {
  const documents = createKindDocuments(db, spec, read ?? { db });
  return {
    list(query: Query, order: readonly Locale[], baseUrl: string, today: IsoDate) {
      if (query.updatedSince !== undefined) return Promise.resolve(undefined);
      const where = list.where(query, today);
      if (query.cursor) where.push(list.after(query.cursor));
      return documents.list({
        order,
        baseUrl,
        today,
        limit: query.limit,
        select: ({ columns, join }) =>
          sql`SELECT ${columns}, ${list.key} FROM ${list.from} ${join(list.recordId)}
               WHERE ${allOf(where)} ORDER BY ${list.orderBy} LIMIT ${query.limit + 1}`,
        cursorOf: list.cursorOf,
      });
    },
    detail: documents.detail,
  };
}
