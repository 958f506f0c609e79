import { index, pgTable, text } from 'drizzle-orm/pg-core';

/**
 * Every word of the directory's names and texts, unaccented (filled by triggers, migration
 * 0006). Search looks up words that are not in it by trigram similarity, so that a query with a
 * small typo still finds: the method of the pg_trgm documentation ("Text Search Integration").
 */
export const searchWordsTable = pgTable('search_words', { word: text().primaryKey() }, (t) => [
  index('search_words_trgm_idx').using('gin', t.word.op('gin_trgm_ops')),
]);
