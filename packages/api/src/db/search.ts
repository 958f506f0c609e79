import { sql, type SQL } from 'drizzle-orm';
import { customType, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { LOCALES, type Locale } from '@euregionet/shared';

/**
 * Full-text search in three languages. PostgreSQL has no Polish dictionary, so every text is
 * indexed with `eur_simple` (the `simple` parser with `unaccent`, created by a migration), which
 * makes "zielona gora" find "Zielona Góra" and "lodz" find "Łódź"; German and English texts are
 * also indexed stemmed, so "Gesundheit" finds "Gesundheitswirtschaft"'s stem variants.
 */
export const tsvector = customType<{ data: string }>({
  dataType: () => 'tsvector',
});

/** SQL for a generated tsvector over multilingual jsonb columns, each with a weight. */
export function searchVectorSql(columns: { name: string; weight: 'A' | 'B' | 'C' | 'D' }[]): SQL {
  const parts = columns.flatMap(({ name, weight }) => {
    const all = LOCALES.map((l) => `coalesce(${name}->>'${l}', '')`).join(` || ' ' || `);
    return [
      `setweight(to_tsvector('eur_simple'::regconfig, ${all}), '${weight}')`,
      `setweight(to_tsvector('german'::regconfig, coalesce(${name}->>'de', '')), '${weight}')`,
      `setweight(to_tsvector('english'::regconfig, coalesce(${name}->>'en', '')), '${weight}')`,
    ];
  });
  return sql.raw(parts.join(' || '));
}

/** A user's search text as a query that any of the three configurations may satisfy. */
export function searchQuery(text: string): SQL {
  return sql`(websearch_to_tsquery('eur_simple', ${text}) || websearch_to_tsquery('german', ${text}) || websearch_to_tsquery('english', ${text}))`;
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
