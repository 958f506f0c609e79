import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { usersTable } from '../users/users.table.js';

/**
 * Sessions live in the database so that several API processes share them. The table holds the
 * SHA-256 of the session id, never the id itself: a copy of the database opens no session. The
 * CSRF token is derived from the session id too, so it need not be stored.
 */
export const sessionsTable = pgTable(
  'sessions',
  {
    tokenHash: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => usersTable.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    ip: text(),
    userAgent: text(),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
);

/**
 * The login throttle's buckets (attempts per account, per client address, per account and known
 * address, password checks per user) and the addresses known to an account (`known:…`, the time
 * of their last successful login in `window_start`), shared by all API processes.
 */
export const loginFailuresTable = pgTable('login_failures', {
  key: text().primaryKey(),
  failures: integer().notNull().default(0),
  windowStart: timestamp({ withTimezone: true }).notNull().defaultNow(),
  blockedUntil: timestamp({ withTimezone: true }),
});
