import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { LOCALES, type Locale } from '@euregionet/shared';

/*
 * Small pieces of SQL that several repositories write by hand, in one place each.
 */

/** A PostgreSQL array literal, quoted element by element. */
const arrayLiteral = (values: readonly string[]) =>
  `{${values.map((v) => `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;

/**
 * A text[] as one bind parameter: a list of any length costs one parameter (drizzle spreads a JS
 * array into one parameter per element, and a statement may have 65,535 at most), and the
 * empty list is the typed empty array.
 */
export const textArray = (values: readonly string[]): SQL => sql`${arrayLiteral(values)}::text[]`;

/** A uuid[] as one bind parameter (see `textArray`). */
export const uuidArray = (values: readonly string[]): SQL => sql`${arrayLiteral(values)}::uuid[]`;

/** An ILIKE pattern that finds `text` anywhere, its `%`, `_` and `\` taken literally. */
export const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Conditions of hand-written SQL joined by AND; TRUE when there are none. */
export const allOf = (parts: readonly SQL[]): SQL => (parts.length ? sql.join([...parts], sql` AND `) : sql`TRUE`);

/** Whether a multilingual jsonb column lacks a language (`any`: lacks at least one). */
export function lacksLanguage(columns: SQL[], lang: Locale | 'any'): SQL {
  const langs = lang === 'any' ? LOCALES : [lang];
  const checks = langs.flatMap((l) => columns.map((c) => sql`coalesce(${c}->>${sql.raw(`'${l}'`)}, '') = ''`));
  return sql`(${sql.join(checks, sql` OR `)})`;
}

/**
 * An address column compared with a normalised address (`normaliseEmail`) the way that function
 * normalises, so that rows stored before every schema normalised are found too.
 */
export const sameEmail = (column: AnyColumn | SQL, email: string): SQL => sql`lower(btrim(${column})) = ${email}`;
