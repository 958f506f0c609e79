import { sql } from 'drizzle-orm';
import { integer, text, timestamp } from 'drizzle-orm/pg-core';

/*
 * Column groups that many tables share, declared once so that a record's version and times, and
 * a list column's "never null, empty by default", mean the same in every table (drizzle builds
 * each table's columns from these builders; spreading them is its documented way to reuse them).
 */

/** The optimistic-locking version (the ETag) and when the record was created and last changed. */
export const versionAndTimes = {
  version: integer().notNull().default(1),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
};

/** A list of codes or words: an empty array rather than null when there are none. */
export const textList = () =>
  text()
    .array()
    .notNull()
    .default(sql`'{}'::text[]`);
