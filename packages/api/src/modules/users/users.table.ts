import { sql } from 'drizzle-orm';
import { pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { Locale, PartnerCode, Role } from '@euregionet/shared';
import { versionAndTimes } from '../../db/columns.js';

export const usersTable = pgTable(
  'users',
  {
    id: uuid().primaryKey().defaultRandom(),
    email: text().notNull(),
    name: text().notNull(),
    partner: text().$type<PartnerCode>().notNull(),
    role: text().$type<Role>().notNull(),
    /** Of the admin app and of every e-mail to this person; existing accounts got their partner's. */
    language: text().$type<Locale>().notNull().default('en'),
    status: text().$type<'active' | 'deactivated'>().notNull().default('active'),
    /** argon2id, in PHC string format; never leaves the service layer. */
    passwordHash: text().notNull(),
    lastLoginAt: timestamp({ withTimezone: true }),
    ...versionAndTimes,
  },
  (t) => [uniqueIndex('users_email_unique').on(sql`lower(${t.email})`)],
);
