import { sql } from 'drizzle-orm';
import { bigint, check, customType, date, index, pgTable, smallint, text, timestamp } from 'drizzle-orm/pg-core';

/** PostgreSQL's 64-bit transaction id; read as text (it can exceed 2^53). */
const xid8 = customType<{ data: string }>({ dataType: () => 'xid8' });

/** The kinds of public document that portals mirror (an opportunity's "slug" is its id). */
export type ChangeResource = 'cluster' | 'fundingCall' | 'publication' | 'event' | 'opportunity';
/** What happened to the document, as its visibility to portals went. */
export type ChangeEvent = 'published' | 'changed' | 'unpublished';

/**
 * The change log of the public API: one row each time a public document (or what it shows of
 * another record: a member's name) appears, changes or disappears. Written by database triggers,
 * so in the same transaction as the write, whichever module or import made it; read by
 * `GET /public/changes` and by the webhook dispatcher. Rows are purged after the retention.
 */
export const publicChangesTable = pgTable(
  'public_changes',
  {
    seq: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** The writing transaction: readers order by (tx, seq) and stop below the oldest running one. */
    tx: xid8()
      .notNull()
      .default(sql`pg_current_xact_id()`),
    resource: text().$type<ChangeResource>().notNull(),
    slug: text().notNull(),
    event: text().$type<ChangeEvent>().notNull(),
    changedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('public_changes_position_idx').on(t.tx, t.seq),
    index('public_changes_changed_at_idx').on(t.changedAt),
    index('public_changes_slug_idx').on(t.resource, t.slug, t.changedAt),
  ],
);

/**
 * How far the calendar round has logged the changes that come with the day alone (a call closing,
 * a brand running out, an opportunity expiring): the last day done. One row, locked by the round
 * that runs, so that several processes log each day once.
 */
export const publicCalendarTable = pgTable(
  'public_calendar',
  {
    id: smallint().primaryKey().default(1),
    throughDay: date({ mode: 'string' }).notNull(),
  },
  (t) => [check('public_calendar_one_row', sql`${t.id} = 1`)],
);
