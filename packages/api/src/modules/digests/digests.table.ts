import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { DigestFrequency, DigestTopic, Locale } from '@euregionet/shared';
import { organisationsTable } from '../organisations/organisations.table.js';
import { versionAndTimes } from '../../db/columns.js';

/**
 * A contact person's digest: their preferences and their consent (personal data, gone with the
 * organisation). The person is the organisation's contact with this address. `last_period` is
 * the period (`2026-12`, `2026-W49`) whose digest was last handled, claimed in one statement so
 * that a digest goes out once per period however many processes run the job; `covered_until`
 * is where the next digest's "new since" starts.
 */
export const digestSubscriptionsTable = pgTable(
  'digest_subscriptions',
  {
    id: uuid().primaryKey().defaultRandom(),
    organisationId: uuid()
      .notNull()
      .references(() => organisationsTable.id, { onDelete: 'cascade' }),
    email: text().notNull(),
    language: text().$type<Locale>().notNull(),
    topics: text()
      .array()
      .$type<DigestTopic[]>()
      .notNull()
      .default(sql`'{}'::text[]`),
    frequency: text().$type<DigestFrequency>().notNull().default('monthly'),
    enabled: boolean().notNull().default(true),
    consentedAt: timestamp({ withTimezone: true }).notNull(),
    consentTextVersion: text().notNull(),
    consentSource: text().notNull(),
    consentRecordedBy: text(),
    unsubscribedAt: timestamp({ withTimezone: true }),
    lastPeriod: text(),
    coveredUntil: timestamp({ withTimezone: true }),
    lastSentAt: timestamp({ withTimezone: true }),
    digestsSent: integer().notNull().default(0),
    ...versionAndTimes,
  },
  (t) => [
    uniqueIndex('digest_subscriptions_person_unique').on(t.organisationId, t.email),
    index('digest_subscriptions_enabled_idx')
      .on(t.id)
      .where(sql`enabled`),
  ],
);

/**
 * The unsubscribe links sent, one per digest, stored as the hash of their token: any of a
 * person's links unsubscribes them, so an old e-mail's link still works.
 */
export const digestUnsubscribeLinksTable = pgTable(
  'digest_unsubscribe_links',
  {
    tokenHash: text().primaryKey(),
    subscriptionId: uuid()
      .notNull()
      .references(() => digestSubscriptionsTable.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('digest_unsubscribe_links_subscription_idx').on(t.subscriptionId)],
);
