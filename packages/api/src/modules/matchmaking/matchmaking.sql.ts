import { sql, type SQL } from 'drizzle-orm';

/** A text[] literal; an empty list as the empty array (ARRAY[] has no type). */
export const textArray = (values: readonly string[]): SQL =>
  values.length
    ? sql`ARRAY[${sql.join(
        values.map((v) => sql`${v}`),
        sql`, `,
      )}]::text[]`
    : sql`'{}'::text[]`;
