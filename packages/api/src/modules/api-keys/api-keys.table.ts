import { integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { ApiScope, PartnerCode } from '@euregionet/shared';
import { usersTable } from '../users/users.table.js';

/** Keys of portals and import scripts. Only the SHA-256 of a key is stored. */
export const apiKeysTable = pgTable('api_keys', {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull(),
  partner: text().$type<PartnerCode>().notNull(),
  scopes: text().array().$type<ApiScope[]>().notNull(),
  allowedOrigins: text().array().notNull().default([]),
  prefix: text().notNull(),
  secretHash: text().notNull().unique(),
  rateLimitPerMinute: integer().notNull().default(600),
  expiresAt: timestamp({ withTimezone: true }),
  revokedAt: timestamp({ withTimezone: true }),
  lastUsedAt: timestamp({ withTimezone: true }),
  createdBy: uuid().references(() => usersTable.id, { onDelete: 'set null' }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
