import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { LOCALES } from '@euregionet/shared';
import { tsvector } from '../../db/search.js';

/**
 * The kinds of ready public document, named as in the change log (`public_changes.resource`).
 * Each kind other than clusters is declared in its module's `<module>.documents.ts` and listed in
 * `public-document-kinds.ts`.
 */
export type PublicDocumentKind = 'cluster' | 'fundingCall' | 'event' | 'publication' | 'opportunity';

/**
 * The public read model: what portals read of a record, as the bytes of the answer, one row per
 * record and first language (de, pl, en). A row is created and emptied by database triggers in
 * the transaction of every write that changes what it shows (migration 0035), so an emptied row
 * never answers; the bytes are built again by the application (public-documents.ts) from the
 * same code that answered before the read model, on the next read or by the refresher.
 *
 * Bodies are stored as parts between which the request's base URL goes (badge and logo URLs
 * name the host the portal called).
 */
export const publicDocumentsTable = pgTable(
  'public_documents',
  {
    kind: text().$type<PublicDocumentKind>().notNull(),
    recordId: uuid().notNull(),
    /** The first language of the answer; the others follow in the default order (`body`) or the other one (`bodyAlt`). */
    lang: text().notNull(),
    slug: text().notNull(),
    /** Raised by every invalidation: a rebuild that read an older version does not write. */
    version: bigint({ mode: 'number' }).notNull().default(1),
    /** Null while the row waits to be built (new, or invalidated by a write). */
    item: text().array(),
    itemAlt: text().array(),
    detail: text().array(),
    detailAlt: text().array(),
    /** A hash of all four stored parts: the answers' ETags are made from it (with the order of languages and the base URL). */
    etag: text(),
    /** What the list sorts and filters on, as of the build. */
    sortKey: text(),
    clusterKind: text(),
    crossBorder: boolean(),
    countries: text().array(),
    regions: text().array(),
    sectors: text().array(),
    ris3Areas: text().array(),
    /** Whether the brand was held on the day of the build, and the last day it is held (it lapses by the calendar). */
    brand: boolean(),
    brandUntil: date({ mode: 'string' }),
    /**
     * The record's search vector as of the build (for a cluster, `clusters.search`): what search
     * matches and ranks, so that it reads only documents. Unchanged by an invalidation (a waiting
     * row never answers, and is built before any search does).
     */
    search: tsvector(),
    /**
     * The days between which the bytes stay right though nothing is written (a call opens or
     * closes by the calendar): from `validFrom` (null: any day before) up to the day before
     * `dueOn` (null: no end). Kinds other than clusters; a clock set back or forward past them rebuilds.
     */
    validFrom: date({ mode: 'string' }),
    dueOn: date({ mode: 'string' }),
    builtAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.kind, t.recordId, t.lang] }),
    index('public_documents_slug_idx').on(t.kind, t.slug, t.lang),
    index('public_documents_list_idx').on(t.kind, t.lang, t.sortKey, t.slug),
    // The rows a read must build first (`pendingSql`), few at any time: each arm of its OR is a
    // range of one of these, so the check reads only those rows (one index over every branded
    // row made it read all of them on every list request: 8.8 ms on 7,500 branded clusters).
    index('public_documents_unbuilt_idx')
      .on(t.kind, t.recordId)
      .where(sql`${t.item} IS NULL`),
    index('public_documents_brand_due_idx')
      .on(t.kind, t.brand, t.brandUntil)
      .where(sql`${t.brandUntil} IS NOT NULL`),
    // One per first language, the language a search names as a constant: a generic plan of a
    // prepared statement can use a partial index only when its condition is in the statement's text.
    ...LOCALES.map((lang) =>
      index(`public_documents_search_${lang}_idx`)
        .using('gin', t.search)
        .where(sql`${t.kind} = 'cluster' AND ${t.lang} = ${sql.raw(`'${lang}'`)}`),
    ),
    index('public_documents_due_idx')
      .on(t.kind, t.dueOn)
      .where(sql`${t.dueOn} IS NOT NULL`),
  ],
);
