import { createHash, randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import { PgDialect } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import { z } from 'zod';
import {
  languageOrder,
  LOCALES,
  PublicClusterDetailSchema,
  PublicClusterSchema,
  type IsoDate,
  type Locale,
  type PublicClusterListQuery,
} from '@euregionet/shared';
import { queryRows, type Db } from '../../db/client.js';
import { cursorCodec, key, type CursorCodec } from '../../db/cursor.js';
import { allOf, textArray, uuidArray } from '../../db/sql.js';
import { clusterAnswers } from './public.service.js';
import { conditions, createPublicRepo } from './public.repo.js';

/*
 * The public read model of clusters (table public_documents, kept by the triggers of migration
 * 0035). The triggers only ever create rows to build and empty rows whose answer changed, in the
 * writer's transaction; this file builds the bytes, from the same code that answers from the
 * tables (`clusterAnswers`), and serves them. A row without bytes never answers: a read builds
 * what is pending first, so an answer is never older than the last acknowledged write.
 */

/**
 * Stands for the request's base URL while a document is built; the stored parts are the bytes
 * between its occurrences. Random, so no text of a record can contain it.
 */
export const BASE = `https://${randomUUID()}.invalid`;

/** The order of languages after the first: the default one (de, pl, en), or the other one. */
export const defaultOrder = (lang: Locale) => languageOrder([lang]);
export const altOrder = (lang: Locale) => {
  const [first, second, third] = defaultOrder(lang);
  return [first!, third!, second!];
};
export const isDefaultOrder = (order: readonly Locale[]) => order.join() === defaultOrder(order[0]!).join();

/** The bytes the API's serializer writes for a value of the schema (it encodes, then stringifies). */
export const bytesOf = (schema: z.ZodType, value: unknown) => JSON.stringify(z.encode(schema, value));

export const partsOf = (json: string) => json.split(BASE);
export const same = (a: string[], b: string[]) => a.length === b.length && a.every((p, i) => p === b[i]);

/** How many clusters one statement builds: bounds the memory and the time rows stay locked. */
const BATCH = 200;

/**
 * Rows that must be built before they answer: emptied by a write, or whose brand lapsed or started
 * by the calendar (stored `brand` no longer what `brand_until` says today). Written as ranges of
 * `public_documents_brand_due_idx`, which a planner can combine, rather than as one comparison
 * it would have to evaluate on every branded row.
 */
const pendingSql = (today: IsoDate) =>
  sql`(item IS NULL OR (brand_until IS NOT NULL AND ((brand AND brand_until < ${today}::date)
    OR (NOT brand AND brand_until >= ${today}::date) OR brand IS NULL)))`;

/**
 * Whether any document waits to be built (`pendingSql`), written as one EXISTS per arm so that
 * each is a range of one partial index: as one condition with ORs inside EXISTS the planner
 * expects pending rows everywhere and scans the table (60 ms on 25,000 documents, against 0.1 ms).
 */
const anyPendingSql = (today: IsoDate) =>
  sql`(EXISTS (SELECT 1 FROM public_documents WHERE kind = 'cluster' AND item IS NULL)
    OR EXISTS (SELECT 1 FROM public_documents WHERE kind = 'cluster' AND brand_until IS NOT NULL AND brand AND brand_until < ${today}::date)
    OR EXISTS (SELECT 1 FROM public_documents WHERE kind = 'cluster' AND brand_until IS NOT NULL AND NOT brand AND brand_until >= ${today}::date)
    OR EXISTS (SELECT 1 FROM public_documents WHERE kind = 'cluster' AND brand_until IS NOT NULL AND brand IS NULL))`;

// The casing of the app's drizzle instances (db/client.ts): a column named in a statement reads as in a query of drizzle.
const dialect = new PgDialect({ casing: 'snake_case' });

/**
 * The rows of a statement of the read path, as a prepared statement of the pool's connection
 * when a pool is given: PostgreSQL then parses and plans each shape of query (filters present,
 * order of languages) once per connection instead of on every request (≈ 1 ms of planning for
 * the list, more than the rest of its execution). Without a pool, through drizzle as elsewhere.
 */
export function preparedReader(db: Db, pool: pg.Pool | undefined) {
  const names = new Map<string, string>();
  return async <T>(query: SQL): Promise<T[]> => {
    if (!pool) return queryRows<T>(db, query);
    const { sql: text, params } = dialect.sqlToQuery(query);
    let name = names.get(text);
    if (!name) {
      name = `public-documents-${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
      names.set(text, name);
    }
    return (await pool.query({ name, text, values: params as unknown[] })).rows as T[];
  };
}

/**
 * The statement of a searched page, in the same order and with the same ranks as the search on
 * the tables (`public.repo.ts`): the documents' search vectors are copies of the clusters'. The
 * page is chosen first, from the few columns that match, rank and filter, and only its rows'
 * bytes are read afterwards: PostgreSQL would otherwise join the parts of every match before
 * the sort. The first language is a constant of the text, so that even a generic plan of the
 * prepared statement uses that language's partial index.
 */
function searchSql(o: {
  q: string;
  lang: Locale;
  relevance: boolean;
  where: SQL[];
  limit: number;
  column: SQL;
  baseUrl: string;
  day: IsoDate;
}): SQL {
  const lang = sql.raw(`'${LOCALES.find((l) => l === o.lang)!}'`);
  const key = sql.raw(o.relevance ? 'ts_rank(search, q.tsq)' : 'sort_key');
  const direction = sql.raw(o.relevance ? 'DESC' : 'ASC');
  return sql`WITH q AS MATERIALIZED (SELECT eur_search_query(${o.q}) AS tsq)
    SELECT p.slug, p.sort_value AS "sortValue", array_to_string(${o.column}, ${o.baseUrl}) AS body, etag, ${pendingSql(o.day)} AS pending,
           ${anyPendingSql(o.day)} AS waiting
      FROM (SELECT record_id, slug, ${key} AS sort_value
              FROM (SELECT record_id, slug, sort_key, search, brand, cluster_kind AS kind, cross_border, countries, regions, sectors, ris3_areas
                      FROM public_documents WHERE kind = 'cluster' AND lang = ${lang}) d, q
             WHERE search @@ q.tsq AND ${allOf(o.where)}
             ORDER BY ${key} ${direction}, slug ${direction}
             LIMIT ${o.limit + 1}) p
      JOIN public_documents d ON d.kind = 'cluster' AND d.lang = ${lang} AND d.record_id = p.record_id
     ORDER BY p.sort_value ${direction}, p.slug ${direction}`;
}

/**
 * The read model's version (migration 0045): the sum of its slots, raised by every commit that
 * changed a public document. Read as text: a bigint, compared, never computed with.
 */
const VERSION_TEXT = 'SELECT sum(version)::text AS version FROM public_documents_versions';

function versionReader(db: Db, pool: pg.Pool | undefined) {
  if (!pool) return async () => (await queryRows<{ version: string }>(db, sql.raw(VERSION_TEXT)))[0]!.version;
  // `rowMode: array`: one value, no object to build per request.
  const query = { name: 'public-documents-version', text: VERSION_TEXT, rowMode: 'array' as const };
  return async () => (await pool.query<[string]>(query)).rows[0]![0];
}

/**
 * How many bytes of assembled answers one process keeps (`ANSWERS_MAX_BYTES`), least recently
 * used out first: the list's first pages under the common filters in three languages are a few
 * hundred answers of ≈ 17 kB; details ≈ 4 kB each. 64 MB hold the pages portals ask for most
 * and every detail of 10,000 clusters in one order of languages.
 */
const ANSWERS_MAX_BYTES = 64 * 1024 * 1024;

type ClusterAnswer = Awaited<ReturnType<typeof clusterAnswers>>[number];

function documentBytes(answer: ClusterAnswer, lang: Locale) {
  try {
    return {
      item: partsOf(bytesOf(PublicClusterSchema, answer.item(defaultOrder(lang)))),
      itemAlt: partsOf(bytesOf(PublicClusterSchema, answer.item(altOrder(lang)))),
      detail: partsOf(bytesOf(PublicClusterDetailSchema, answer.detail(defaultOrder(lang)))),
      detailAlt: partsOf(bytesOf(PublicClusterDetailSchema, answer.detail(altOrder(lang)))),
    };
  } catch {
    return undefined;
  }
}

/**
 * `read`: where the served bytes are read — a read replica's drizzle and pool when there is one
 * (db/client.ts), else the primary's; its pool's connections keep the read path's prepared
 * statements. Pending rows are always built from and written to `db`, the primary. A replica that
 * has not caught up with a build yet shows the row still pending: after the retries the answer
 * comes from its tables.
 */
export function createPublicDocuments(db: Db, today: () => IsoDate, read: { db: Db; pool?: pg.Pool } = { db }) {
  const repo = createPublicRepo(db, today);
  const readRows = preparedReader(read.db, read.pool);
  const readVersion = versionReader(read.db, read.pool);

  /**
   * Answers assembled before, by query, each with the version of the read model it was read at:
   * it answers again only while the version is the same, i.e. while no change of any public
   * document has committed since, in this process or another. The version is read before the
   * answer is, so a kept answer is never older than its version (a change that commits between
   * the two reads raises the version, and the answer is read again next time). Strings are kept
   * in UTF-16: two bytes per character.
   */
  const answers = new LRUCache<string, { version: string; answer: DocumentAnswer }>({
    maxSize: ANSWERS_MAX_BYTES,
    sizeCalculation: (kept, key) => 2 * (kept.answer.body.length + kept.answer.etag.length + key.length + kept.version.length) + 64,
  });
  async function kept(key: string, read: () => Promise<DocumentAnswer | undefined>): Promise<DocumentAnswer | undefined> {
    const version = await readVersion();
    const hit = answers.get(key);
    if (hit?.version === version) return hit.answer;
    const answer = await read();
    // An answer over the size bound is not kept (`set` refuses it); nor is none (the tables answer).
    if (answer) answers.set(key, { version, answer });
    return answer;
  }

  /**
   * Builds the pending rows of the given clusters (or all pending rows). A row is written only if
   * no write emptied it since its version was read: the data is read after the version, so
   * bytes older than an acknowledged write are never stored.
   */
  async function build(ids?: readonly string[]): Promise<number> {
    const day = today();
    let built = 0;
    // Building all: first the unbuilt rows, walked in record order along their partial index, so
    // that each batch reads only its own rows (with the whole condition, each batch read and
    // sorted every pending row: a full build's time grew with the square of the directory).
    // Then passes with the whole condition take the rest: rows due by the calendar, rows emptied
    // behind the cursor meanwhile, a record's languages cut off by a batch's end.
    let after: string | undefined = ids ? undefined : '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const which = after === undefined ? pendingSql(day) : sql`item IS NULL AND record_id > ${after}::uuid`;
      const pending = await queryRows<{ recordId: string; lang: Locale; version: number }>(
        db,
        sql`SELECT record_id AS "recordId", lang, version::int AS version FROM public_documents
             WHERE kind = 'cluster' AND ${which}${ids ? sql` AND record_id = ANY(${uuidArray(ids)})` : sql``}
             ORDER BY record_id LIMIT ${BATCH * LOCALES.length}`,
      );
      if (!pending.length) {
        if (after === undefined) return built;
        after = undefined;
        continue;
      }
      const walking = after !== undefined;
      if (walking) after = pending.at(-1)!.recordId;
      const recordIds = [...new Set(pending.map((p) => p.recordId))];
      const rows = await repo.byIds(recordIds);
      const [answers, keys] = await Promise.all([clusterAnswers(db, repo, rows, BASE), repo.sortKeysAndBrand(recordIds)]);
      const byId = new Map(answers.map((a) => [a.row.id, a]));
      const keysOf = new Map(keys.map((k) => [k.id, k]));
      let written = 0;
      await db.transaction(async (tx) => {
        for (const { recordId, lang, version } of pending) {
          const answer = byId.get(recordId);
          // Gone from the tables since: its trigger removed the row (or will, on commit).
          if (!answer) continue;
          const bytes = documentBytes(answer, lang);
          // Data the response schema refuses stays unbuilt: its reads fall back to the tables, which answer as before.
          if (!bytes) continue;
          const { item, itemAlt, detail, detailAlt } = bytes;
          // Of every stored part, the other order's too: the answers' ETags are made from it.
          const etag = createHash('sha1')
            .update(JSON.stringify([item, itemAlt, detail, detailAlt]))
            .digest('base64url');
          const { row } = answer;
          const k = keysOf.get(recordId);
          const result = await queryRows(
            tx,
            sql`UPDATE public_documents SET
                  item = ${textArray(item)}, item_alt = ${same(item, itemAlt) ? null : textArray(itemAlt)},
                  detail = ${textArray(detail)}, detail_alt = ${same(detail, detailAlt) ? null : textArray(detailAlt)},
                  etag = ${etag}, sort_key = ${k?.keys[lang] ?? null}, cluster_kind = ${row.kind}, cross_border = ${row.crossBorder},
                  countries = ${textArray(row.countries)}, regions = ${textArray(row.regions)}, sectors = ${textArray(row.sectors)},
                  ris3_areas = ${textArray(row.ris3Areas)}, brand = ${row.brand}, brand_until = ${k?.brandUntil ?? null}::date,
                  search = (SELECT c.search FROM clusters c WHERE c.id = ${recordId}), built_at = now()
                WHERE kind = 'cluster' AND record_id = ${recordId} AND lang = ${lang} AND version = ${version}
                RETURNING 1`,
          );
          written += result.length;
        }
      });
      built += written;
      // Nothing could be written (every row changed again meanwhile): let the caller retry or fall back.
      // While walking, the cursor moves on past such rows; the last pass sees them again.
      if (!written && !walking) return built;
    }
  }

  /** The answers as read from the documents, before they are kept (`kept`). */
  const fromDocuments = {
    /**
     * A page of the list from the documents, searched or not, or undefined when this query is not
     * served from them (`updatedSince` pages in the order of the change log, which the tables answer).
     *
     * One statement answers it: the page's rows with their bytes joined in the database
     * (`array_to_string` of the stored parts) and their stored ETags, from which the answer's
     * ETag is made without reading its bytes again, and on every row whether any document waits
     * to be built (the check of `build`, which must come first, as a waiting row's filter
     * columns may be stale; PostgreSQL computes it once). Rows rather than one aggregate: the
     * aggregate's own sort cost the database more than the rows cost this process.
     */
    async list(query: PublicClusterListQuery, order: readonly Locale[], baseUrl: string): Promise<DocumentAnswer | undefined> {
      const { lang: _lang, limit, cursor, sort, updatedSince, q, ...filters } = query;
      if (updatedSince !== undefined) return undefined;
      const lang = order[0]!;
      const column = sql.raw(isDefaultOrder(order) ? 'item' : 'coalesce(item_alt, item)');
      const where = [...conditions(filters, sql`brand`)];
      // Without a text to search, every sort is the name order (as on the tables).
      const relevance = q !== undefined && (sort ?? 'relevance') === 'relevance';
      const codec: CursorCodec<[string | number, string]> = relevance ? rankCursor : nameCursor;
      if (cursor) {
        const [value, slug] = codec.decode(cursor);
        where.push(
          relevance ? sql`(ts_rank(search, q.tsq), slug) < (${value}::real, ${slug})` : sql`(sort_key, slug) > (${value}, ${slug})`,
        );
      }
      for (let attempt = 0; attempt < 3; attempt++) {
        const day = today();
        const rows = await readRows<{
          slug: string;
          sortValue: string | number;
          body: string | null;
          etag: string | null;
          pending: boolean;
          waiting: boolean;
        }>(
          q === undefined
            ? sql`SELECT slug, sort_key AS "sortValue", array_to_string(${column}, ${baseUrl}) AS body, etag, ${pendingSql(day)} AS pending,
                     ${anyPendingSql(day)} AS waiting
                FROM (SELECT slug, sort_key, item, item_alt, etag, brand, brand_until, cluster_kind AS kind, cross_border, countries, regions, sectors, ris3_areas
                        FROM public_documents WHERE kind = 'cluster' AND lang = ${lang}) d
               WHERE ${allOf(where)}
               ORDER BY sort_key, slug
               LIMIT ${limit + 1}`
            : searchSql({ q, lang, relevance, where, limit, column, baseUrl, day }),
        );
        const waiting = rows.length
          ? rows.some((r) => r.waiting || r.pending || r.body === null)
          : (await readRows<{ waiting: boolean }>(sql`SELECT ${anyPendingSql(day)} AS waiting`))[0]!.waiting;
        // Documents wait to be built (a write emptied them): build them, then read again.
        if (waiting) {
          // Nothing built (data the schema refuses): another attempt would not change that.
          if (!(await build())) return undefined;
          continue;
        }
        const shown = rows.slice(0, limit);
        const last = shown.at(-1);
        const nextCursor =
          rows.length > limit && last ? codec.encode([relevance ? Number(last.sortValue) : String(last.sortValue), last.slug]) : null;
        return {
          body: `{"lang":${JSON.stringify(lang)},"items":[${shown.map((r) => r.body).join(',')}],"nextCursor":${JSON.stringify(nextCursor)}}`,
          etag: answerEtag([order.join(), baseUrl, nextCursor ?? '', ...shown.map((r) => r.etag ?? '')]),
        };
      }
      return undefined;
    },

    /** A cluster's detail from its document; undefined when it has none (not published) or could not be built. */
    async detail(slug: string, order: readonly Locale[], baseUrl: string): Promise<DocumentAnswer | undefined> {
      const lang = order[0]!;
      const column = sql.raw(isDefaultOrder(order) ? 'detail' : 'coalesce(detail_alt, detail)');
      for (let attempt = 0; attempt < 3; attempt++) {
        const [doc] = await readRows<{ recordId: string; body: string | null; etag: string | null; pending: boolean }>(
          sql`SELECT record_id AS "recordId", array_to_string(${column}, ${baseUrl}) AS body, etag, ${pendingSql(today())} AS pending
              FROM public_documents WHERE kind = 'cluster' AND slug = ${slug} AND lang = ${lang}`,
        );
        if (!doc) return undefined;
        if (doc.body !== null && doc.etag !== null && !doc.pending)
          return { body: doc.body, etag: answerEtag([order.join(), baseUrl, doc.etag]) };
        // Nothing built (data the schema refuses): another attempt would not change that.
        if (!(await build([doc.recordId]))) return undefined;
      }
      return undefined;
    },
  };

  return {
    build,

    /**
     * A page of the list from the documents (`fromDocuments.list`), kept while the read model's
     * version stays the same; undefined when the documents do not serve this query.
     */
    async list(query: PublicClusterListQuery, order: readonly Locale[], baseUrl: string): Promise<DocumentAnswer | undefined> {
      if (query.updatedSince !== undefined) return undefined;
      // Searched pages are read each time: free texts are as many as portals' visitors type, and
      // keeping them would push out the few list pages that every portal asks for.
      if (query.q !== undefined) return fromDocuments.list(query, order, baseUrl);
      // The day too: a brand lapses or starts by the calendar (see `pendingSql`).
      const key = `list\n${order.join()}\n${baseUrl}\n${today()}\n${JSON.stringify(query)}`;
      return kept(key, () => fromDocuments.list(query, order, baseUrl));
    },

    /** A cluster's detail (`fromDocuments.detail`), kept like the list's pages. */
    async detail(slug: string, order: readonly Locale[], baseUrl: string): Promise<DocumentAnswer | undefined> {
      return kept(`detail\n${order.join()}\n${baseUrl}\n${today()}\n${slug}`, () => fromDocuments.detail(slug, order, baseUrl));
    },
  };
}

/** An answer from the documents: its bytes, and the ETag made from the stored ETags of its documents. */
export interface DocumentAnswer {
  body: string;
  etag: string;
}

/**
 * The ETag of an answer from documents: a hash of what its bytes are made of (the stored ETags of
 * its documents, which change with their bytes, the order of languages, the base URL and the
 * cursor), a few hundred bytes instead of the whole answer. Strong: the same ETag, the same bytes.
 */
export const answerEtag = (inputs: string[]) => `"${createHash('sha1').update(inputs.join('\n')).digest('base64url')}"`;

/** The cursors as the list from the tables writes them: a page may continue on either path. */
const nameCursor = cursorCodec(key.text, key.text);
const rankCursor = cursorCodec(key.number, key.text);

export type PublicDocuments = ReturnType<typeof createPublicDocuments>;
