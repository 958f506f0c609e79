import { sql, type SQL } from 'drizzle-orm';
import { customType, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { LOCALES, type Locale } from '@euregionet/shared';
import { AppError } from '../errors.js';
import { atMicros, cursorCodec, key, microsOf, type CursorCodec } from './cursor.js';

/**
 * Full-text search in three languages. PostgreSQL has no Polish dictionary, so every text is
 * indexed with `eur_simple` (the `simple` parser with `unaccent`, created by a migration), which
 * makes "zielona gora" find "Zielona Góra" and "lodz" find "Łódź"; German and English texts are
 * also indexed stemmed, so "Gesundheit" finds "Gesundheitswirtschaft"'s stem variants.
 */
export const tsvector = customType<{ data: string }>({
  dataType: () => 'tsvector',
});

/** SQL of a tsvector over a multilingual jsonb column: every language unaccented, plus German and English stems. */
export function i18nVectorSql(name: string, weight: 'A' | 'B' | 'C' | 'D'): string {
  const all = LOCALES.map((l) => `coalesce(${name}->>'${l}', '')`).join(` || ' ' || `);
  return [
    `setweight(to_tsvector('eur_simple'::regconfig, ${all}), '${weight}')`,
    `setweight(to_tsvector('german'::regconfig, coalesce(${name}->>'de', '')), '${weight}')`,
    `setweight(to_tsvector('english'::regconfig, coalesce(${name}->>'en', '')), '${weight}')`,
  ].join(' || ');
}

/**
 * SQL of a tsvector over a text column of no particular language (an organisation's name): unaccented,
 * and with `stemmed` also German and English stems.
 */
export function plainVectorSql(name: string, weight: 'A' | 'B' | 'C' | 'D', stemmed: boolean): string {
  const configs = stemmed ? ['eur_simple', 'german', 'english'] : ['eur_simple'];
  return configs.map((c) => `setweight(to_tsvector('${c}'::regconfig, coalesce(${name}, '')), '${weight}')`).join(' || ');
}

/** SQL for a generated tsvector over multilingual jsonb columns, each with a weight. */
export function searchVectorSql(columns: { name: string; weight: 'A' | 'B' | 'C' | 'D' }[]): SQL {
  return sql.raw(columns.map(({ name, weight }) => i18nVectorSql(name, weight)).join(' || '));
}

/**
 * A user's search text as a query: websearch syntax in each of the three configurations, and,
 * for words the directory does not contain, the most similar words it does contain (trigram
 * similarity over the word list, see migration 0006), so that small typos still find. Computed
 * once per statement by the database function `eur_search_query`.
 */
export function searchQuery(text: string): SQL {
  return sql`eur_search_query(${text})`;
}

/** Fallback order of a display language for names: the language itself, then the others. */
export function fallbackOrder(lang: Locale): Locale[] {
  return [lang, ...LOCALES.filter((l) => l !== lang)];
}

/**
 * The key a multilingual name sorts by in a language: case- and accent-insensitive. Indexes are
 * built on exactly this expression, so the repository must use it unchanged.
 */
export function sortKeySql(column: AnyPgColumn | string, lang: Locale): SQL {
  const col = typeof column === 'string' ? sql.raw(column) : sql`${column}`;
  const picks = fallbackOrder(lang).map((l) => sql`${col}->>${sql.raw(`'${l}'`)}`);
  return sql`lower(immutable_unaccent(coalesce(${sql.join(picks, sql`, `)})))`;
}

/** The sort key of a single-language name: case- and accent-insensitive. */
export function plainSortKeySql(column: AnyPgColumn | string): SQL {
  const col = typeof column === 'string' ? sql.raw(column) : sql`${column}`;
  return sql`lower(immutable_unaccent(${col}))`;
}

/** Directory lists by relevance, by the time of the last change or by name; then by id. */
const rankCursor = cursorCodec(key.number, key.uuid);
const timeCursor = cursorCodec(key.micros, key.uuid);
const nameCursor = cursorCodec(key.text, key.uuid);

export type DirectorySort = 'relevance' | 'name' | '-name' | 'updatedAt' | '-updatedAt';

/**
 * The order of a searchable directory list (clusters, organisations) as a keyset: `relevance`
 * (the default with a search text, best first), `name` (the default without), `updatedAt`, and
 * the descending `-name` and `-updatedAt`. Answers the condition for the rows after `cursor`, the
 * ORDER BY, the value each row must carry as `sortValue`, and the cursor of the last row.
 */
export function directoryOrder(options: {
  sort: DirectorySort | undefined;
  /** The search query of `searchQuery`, when the list is searched. */
  tsQuery: SQL | undefined;
  cursor: string | undefined;
  columns: { search: AnyPgColumn; updatedAt: AnyPgColumn; id: AnyPgColumn };
  /** The name as it sorts (`sortKeySql` or `plainSortKeySql`). */
  nameKey: SQL;
}) {
  const { tsQuery, columns } = options;
  const sort = options.sort ?? (tsQuery ? 'relevance' : 'name');
  if (sort === 'relevance' && !tsQuery) {
    throw new AppError(400, 'VALIDATION_FAILED', 'Sorting by relevance needs a search text', {
      errors: [{ pointer: '/query/sort', code: 'relevance_without_q', message: 'Give q, or sort by name or updatedAt' }],
    });
  }
  const descending = sort.startsWith('-') || sort === 'relevance';
  const byTime = sort.endsWith('updatedAt');
  const sortKey: SQL =
    sort === 'relevance' ? sql`ts_rank(${columns.search}, ${tsQuery})` : byTime ? sql`${columns.updatedAt}` : options.nameKey;
  const cursor: CursorCodec<[string | number, string]> = sort === 'relevance' ? rankCursor : byTime ? timeCursor : nameCursor;
  let after: SQL | undefined;
  if (options.cursor) {
    const [value, id] = cursor.decode(options.cursor);
    const keyIn = cursor === rankCursor ? sql`${value}::real` : byTime ? atMicros(Number(value)) : sql`${value}`;
    after = sql`(${sortKey}, ${columns.id}) ${sql.raw(descending ? '<' : '>')} (${keyIn}, ${id}::uuid)`;
  }
  const direction = sql.raw(descending ? 'DESC' : 'ASC');
  return {
    after,
    orderBy: [sql`${sortKey} ${direction}`, sql`${columns.id} ${direction}`],
    sortValue: sql<string | number>`${byTime ? microsOf(columns.updatedAt) : sortKey}`,
    cursorOf: (last: { sortValue: string | number; id: string }) =>
      cursor.encode([cursor === nameCursor ? String(last.sortValue) : Number(last.sortValue), last.id]),
  };
}
