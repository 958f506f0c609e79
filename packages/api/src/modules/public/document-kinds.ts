import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { FastifyReply } from 'fastify';
import type pg from 'pg';
import type { z } from 'zod';
import { LOCALES, type IsoDate, type Locale } from '@euregionet/shared';
import { queryRows, type Db } from '../../db/client.js';
import { textArray, uuidArray } from '../../db/sql.js';
import {
  altOrder,
  answerEtag,
  BASE,
  bytesOf,
  defaultOrder,
  isDefaultOrder,
  partsOf,
  preparedReader,
  same,
  type DocumentAnswer,
} from './public-documents.js';
import type { PublicDocumentKind } from './public-documents.table.js';

/*
 * The public read model of the kinds other than clusters (funding calls, …), in the same table
 * and with the same guarantees as the clusters' (public-documents.ts): triggers create, empty and
 * delete a kind's rows in the transaction of every write that changes what they show (migration
 * 0046 and later), and this file builds their bytes from the code that answers from the tables.
 * A kind declares itself in its module's `<module>.documents.ts` (a `PublicDocumentKindSpec`)
 * and is listed in `public-document-kinds.ts`, which the rebuild command reads.
 */

/** What one record answers, as built from the tables: the same code the routes answered with before. */
interface Answer<Row> {
  schema: z.ZodType;
  of(row: Row, order: readonly Locale[], today: IsoDate, baseUrl: string): unknown;
}

/** The days between which bytes built on a day stay right: from `from` (null: always before) up to the day before `until` (null: no end). */
export interface Validity {
  from: IsoDate | null;
  until: IsoDate | null;
}

export interface PublicDocumentKindSpec<Row extends { id: string }> {
  kind: Exclude<PublicDocumentKind, 'cluster'>;
  /** `SELECT id, slug` of the records that have documents: the rows the kind's triggers keep (for the rebuild). */
  visible: SQL;
  /** The records among these ids that portals see today, read as the tables' answer reads them. */
  rows(db: Db, ids: readonly string[], today: IsoDate): Promise<Row[]>;
  item: Answer<Row>;
  detail: Answer<Row>;
  /** Around `today`, the days on which the answers of the record are those of `today` (its calendar). */
  validity(row: Row, today: IsoDate): Validity;
}

/**
 * The validity of an answer that changes only on the given days (a call opening, the day after
 * it closes): from the last of them up to today, up to the first one after today.
 */
export function validityBetween(today: IsoDate, changesOn: readonly (IsoDate | null)[]): Validity {
  const days = changesOn.filter((d): d is IsoDate => d !== null);
  const before = days.filter((d) => d <= today);
  const after = days.filter((d) => d > today);
  return {
    from: before.length ? before.reduce((a, b) => (a > b ? a : b)) : null,
    until: after.length ? after.reduce((a, b) => (a < b ? a : b)) : null,
  };
}

/** How many records one statement builds: bounds the memory and the time rows stay locked. */
const BATCH = 200;

/** Rows that must be built before they answer: emptied by a write, or built for days that do not include today. */
const pendingSql = (today: IsoDate, d = '') => {
  const c = (name: string) => sql.raw(`${d}${name}`);
  return sql`coalesce(${c('item')} IS NULL OR ${c('due_on')} <= ${today}::date OR ${c('valid_from')} > ${today}::date, false)`;
};

/**
 * Sends the stored bytes of documents as they are: validated against the response schema when
 * built, so the serializer (which would validate again) is skipped, and with their ETag.
 */
export const sendDocument = (reply: FastifyReply, { body, etag }: DocumentAnswer) =>
  reply.header('etag', etag).type('application/json; charset=utf-8').send(body);

/** What a kind's list query selects of its page's documents (`columns`), joined on the record's id (`join`). */
export interface DocumentSelect {
  columns: SQL;
  join(recordId: SQL): SQL;
}

/** A row of a list query: the document's columns (and the record's, which the cursor is made of). */
interface ListRow {
  documentId: string | null;
  body: string | null;
  etag: string | null;
  pending: boolean;
}

/**
 * `read`: where the served bytes are read (a read replica's, else the primary's); pending rows
 * are always built from and written to `db`, the primary.
 */
export function createKindDocuments<Row extends { id: string }>(
  db: Db,
  spec: PublicDocumentKindSpec<Row>,
  read: { db: Db; pool?: pg.Pool | undefined } = { db },
) {
  const readRows = preparedReader(read.db, read.pool);
  const kind = spec.kind;

  function bytesFor(row: Row, lang: Locale, today: IsoDate) {
    try {
      const at = (answer: Answer<Row>, order: readonly Locale[]) => partsOf(bytesOf(answer.schema, answer.of(row, order, today, BASE)));
      return {
        item: at(spec.item, defaultOrder(lang)),
        itemAlt: at(spec.item, altOrder(lang)),
        detail: at(spec.detail, defaultOrder(lang)),
        detailAlt: at(spec.detail, altOrder(lang)),
      };
    } catch {
      return undefined;
    }
  }

  /**
   * Builds the pending rows of the given records (or all pending rows of the kind), for `today`.
   * A row is written only if no write emptied it since its version was read: the data is read
   * after the version, so bytes older than an acknowledged write are never stored.
   */
  async function build(today: IsoDate, ids?: readonly string[]): Promise<number> {
    let built = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const pending = await queryRows<{ recordId: string; lang: Locale; version: number }>(
        db,
        sql`SELECT record_id AS "recordId", lang, version::int AS version FROM public_documents
             WHERE kind = ${kind} AND record_id > ${after}::uuid AND ${pendingSql(today)}${ids ? sql` AND record_id = ANY(${uuidArray(ids)})` : sql``}
             ORDER BY record_id LIMIT ${BATCH * LOCALES.length}`,
      );
      if (!pending.length) return built;
      after = pending.at(-1)!.recordId;
      const rows = new Map((await spec.rows(db, [...new Set(pending.map((p) => p.recordId))], today)).map((r) => [r.id, r]));
      await db.transaction(async (tx) => {
        for (const { recordId, lang, version } of pending) {
          const row = rows.get(recordId);
          // Not public any more: its trigger removed the rows (or will, on commit).
          if (!row) continue;
          const bytes = bytesFor(row, lang, today);
          // Data the response schema refuses stays unbuilt: its reads fall back to the tables, which answer as before.
          if (!bytes) continue;
          const { item, itemAlt, detail, detailAlt } = bytes;
          const etag = createHash('sha1')
            .update(JSON.stringify([item, itemAlt, detail, detailAlt]))
            .digest('base64url');
          const { from, until } = spec.validity(row, today);
          const result = await queryRows(
            tx,
            sql`UPDATE public_documents SET
                  item = ${textArray(item)}, item_alt = ${same(item, itemAlt) ? null : textArray(itemAlt)},
                  detail = ${textArray(detail)}, detail_alt = ${same(detail, detailAlt) ? null : textArray(detailAlt)},
                  etag = ${etag}, valid_from = ${from}::date, due_on = ${until}::date, built_at = now()
                WHERE kind = ${kind} AND record_id = ${recordId} AND lang = ${lang} AND version = ${version}
                RETURNING 1`,
          );
          built += result.length;
        }
      });
    }
  }

  const column = (name: 'item' | 'detail', order: readonly Locale[], d = '') =>
    sql.raw(isDefaultOrder(order) ? `${d}${name}` : `coalesce(${d}${name}_alt, ${d}${name})`);

  return {
    build,

    /**
     * A page of a list from the documents: `select` is the kind's query of the page's records
     * (`limit + 1` of them, in the list's order) with `columns`, joined to their documents with
     * `join`. A document waiting to be built is built first; a record without one (or one that
     * could not be built) leaves the answer to the tables (undefined).
     */
    async list<Key extends object>(args: {
      order: readonly Locale[];
      baseUrl: string;
      today: IsoDate;
      limit: number;
      select: (documents: DocumentSelect) => SQL;
      /** The cursor after the last row shown, from the record's columns that `select` adds. */
      cursorOf: (last: Key) => string;
    }): Promise<DocumentAnswer | undefined> {
      const { order, baseUrl, today, limit } = args;
      const lang = order[0]!;
      const query = args.select({
        columns: sql`d.record_id AS "documentId", array_to_string(${column('item', order, 'd.')}, ${baseUrl}) AS body, d.etag,
                     ${pendingSql(today, 'd.')} AS pending`,
        join: (recordId) => sql`LEFT JOIN public_documents d ON d.kind = ${kind} AND d.record_id = ${recordId} AND d.lang = ${lang}`,
      });
      for (let attempt = 0; attempt < 3; attempt++) {
        const rows = await readRows<ListRow & Key>(query);
        if (rows.some((r) => r.documentId === null)) return undefined;
        const waiting = rows.filter((r) => r.pending || r.body === null);
        if (waiting.length) {
          // Nothing built: these records are not public today (an opportunity past its end) or
          // their data cannot be built; building again would not change that, the tables answer.
          const built = await build(
            today,
            waiting.map((r) => r.documentId!),
          );
          if (!built) return undefined;
          continue;
        }
        const shown = rows.slice(0, limit);
        const last = shown.at(-1);
        const nextCursor = rows.length > limit && last ? args.cursorOf(last) : null;
        return {
          body: `{"lang":${JSON.stringify(lang)},"items":[${shown.map((r) => r.body).join(',')}],"nextCursor":${JSON.stringify(nextCursor)}}`,
          etag: answerEtag([order.join(), baseUrl, nextCursor ?? '', ...shown.map((r) => r.etag ?? '')]),
        };
      }
      return undefined;
    },

    /**
     * A record's detail by its slug; undefined when it has no document, or its pending document
     * built nothing (not public today, or data the schema refuses): one attempt, no retries.
     */
    async detail(slug: string, order: readonly Locale[], baseUrl: string, today: IsoDate): Promise<DocumentAnswer | undefined> {
      const lang = order[0]!;
      for (let attempt = 0; attempt < 3; attempt++) {
        const [doc] = await readRows<{ recordId: string; body: string | null; etag: string | null; pending: boolean }>(
          sql`SELECT record_id AS "recordId", array_to_string(${column('detail', order)}, ${baseUrl}) AS body, etag, ${pendingSql(today)} AS pending
                FROM public_documents WHERE kind = ${kind} AND slug = ${slug} AND lang = ${lang}`,
        );
        if (!doc) return undefined;
        if (doc.body !== null && doc.etag !== null && !doc.pending)
          return { body: doc.body, etag: answerEtag([order.join(), baseUrl, doc.etag]) };
        // Nothing built: not public today (an opportunity past its end), or its data cannot be
        // built; another attempt would not change that, so the tables answer (a 404, say) at once.
        if (!(await build(today, [doc.recordId]))) return undefined;
      }
      return undefined;
    },
  };
}
