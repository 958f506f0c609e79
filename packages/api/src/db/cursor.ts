import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { AppError } from '../errors.js';

/*
 * Keyset pagination: a list is ordered by a sort key that ends in something unique (an id, a
 * slug), and the next page starts after the last row's key. Page 400 costs what page 1 costs,
 * which OFFSET cannot give. The cursor is that key as a JSON tuple in base64url: opaque to
 * clients, checked value by value before any SQL sees it, so that a forged cursor is a 400 and
 * never a failed cast (a 500) in the database.
 */

/** The answer to a cursor that no page of this list made: the same everywhere. */
export const invalidCursor = () =>
  new AppError(400, 'VALIDATION_FAILED', 'The cursor is not valid', {
    errors: [{ pointer: '/query/cursor', code: 'invalid_cursor', message: 'Use nextCursor from a previous page of the same query' }],
  });

const INT8_MAX = 9223372036854775807n;

/**
 * The kinds of value a sort key is made of. Each accepts only what its SQL cast accepts.
 * Timestamps travel as microseconds since the epoch (`microsOf` / `atMicros`): exact at the
 * database's precision, and no text whose reading depends on the session's settings.
 */
export const key = {
  text: z.string().max(400),
  number: z.number(),
  uuid: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i),
  /** A calendar day, `YYYY-MM-DD`, of a year PostgreSQL knows (there is no year 0). */
  date: z.iso.date().refine((v) => !v.startsWith('0000')),
  micros: z.int(),
  /** A bigint id, as a string (JSON numbers lose precision above 2^53). */
  // One check, not a pattern then a refinement: zod runs the refinement even when the pattern failed.
  bigint: z.string().refine((v) => /^\d{1,19}$/.test(v) && BigInt(v) <= INT8_MAX),
} as const;

type Values<K extends readonly z.ZodType[]> = { -readonly [I in keyof K]: z.output<K[I]> };

export interface CursorCodec<T extends readonly unknown[]> {
  encode(values: T): string;
  /** The values of a cursor made by `encode`; throws `invalidCursor()` for anything else. */
  decode(cursor: string): T;
}

/**
 * The cursor of one list, typed by its sort key: `cursorCodec(key.micros, key.uuid)` encodes and
 * decodes `[number, string]`, and nothing else.
 */
export function cursorCodec<const K extends readonly [z.ZodType, ...z.ZodType[]]>(...kinds: K): CursorCodec<Values<K>> {
  const schema = z.tuple(kinds as unknown as [z.ZodType, ...z.ZodType[]]);
  return {
    encode: (values) => Buffer.from(JSON.stringify(values)).toString('base64url'),
    decode(cursor) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
      } catch {
        throw invalidCursor();
      }
      const result = schema.safeParse(parsed);
      if (!result.success) throw invalidCursor();
      return result.data as Values<K>;
    },
  };
}

/** A timestamp column as a cursor carries it: microseconds since the epoch. */
export const microsOf = (column: AnyPgColumn | SQL) => sql<number>`(extract(epoch FROM ${column}) * 1000000)::bigint`.mapWith(Number);

/** The timestamp of `microsOf`, as SQL to compare a column with. */
export const atMicros = (micros: number): SQL => sql`(timestamptz 'epoch' + ${micros}::bigint * interval '1 microsecond')`;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * The page of `limit` rows out of the `limit + 1` a query fetched: the extra row only tells that
 * a next page exists, and the cursor is made of the last row that is shown.
 */
export function pageOf<Row>(rows: readonly Row[], limit: number, cursorOf: (last: Row) => string): Page<Row> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last !== undefined ? cursorOf(last) : null };
}

/**
 * One page of a keyset-paged list: `fetch` runs the query with the row limit it is given (one
 * more than the page shows), ordered by the sort key that `cursorOf` writes into the cursor;
 * `toItem` makes the rows shown into the list's items.
 */
export async function keysetPage<Row, Item = Row>(
  limit: number,
  fetch: (rowLimit: number) => Promise<Row[]>,
  cursorOf: (last: Row) => string,
  toItem: (row: Row) => Item = (row) => row as unknown as Item,
): Promise<Page<Item>> {
  const page = pageOf(await fetch(limit + 1), limit, cursorOf);
  return { items: page.items.map(toItem), nextCursor: page.nextCursor };
}

const newestCursor = cursorCodec(key.micros, key.uuid);

/**
 * The order of the lists that show the latest first (matches, imports, e-mails…): by a
 * timestamp, newest first, then by id. Answers the condition for the rows after `cursor`, the
 * ORDER BY, the timestamp as the cursor carries it (select it beside the row), and the cursor
 * of the last row shown.
 */
export function newestFirst(at: AnyPgColumn, id: AnyPgColumn, cursor: string | undefined) {
  let after: SQL | undefined;
  if (cursor) {
    const [micros, lastId] = newestCursor.decode(cursor);
    after = sql`(${at}, ${id}) < (${atMicros(micros)}, ${lastId}::uuid)`;
  }
  return {
    after,
    orderBy: [sql`${at} DESC`, sql`${id} DESC`],
    micros: microsOf(at),
    cursorOf: (micros: number, lastId: string) => newestCursor.encode([micros, lastId]),
  };
}
