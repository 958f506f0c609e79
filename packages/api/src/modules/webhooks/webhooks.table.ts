import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { WebhookEventType } from '@euregionet/shared';
import { apiKeysTable } from '../api-keys/api-keys.table.js';
import { usersTable } from '../users/users.table.js';

/** A portal's HTTPS endpoint, registered by an administrator for one API key. */
export const webhookEndpointsTable = pgTable(
  'webhook_endpoints',
  {
    id: uuid().primaryKey().defaultRandom(),
    apiKeyId: uuid()
      .notNull()
      .references(() => apiKeysTable.id, { onDelete: 'cascade' }),
    url: text().notNull(),
    events: text().array().$type<WebhookEventType[]>().notNull(),
    /** `whsec_` + base64 of 32 random bytes (Standard Webhooks); shown to the admin once. */
    secret: text().notNull(),
    createdBy: uuid().references(() => usersTable.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('webhook_endpoints_key_idx').on(t.apiKeyId)],
);

/**
 * Webhook messages, in the outbox pattern: written before sending, taken under a lease, sent,
 * and retried with growing waits; the rows are also the delivery log the admin app shows.
 */
export const webhookDeliveriesTable = pgTable(
  'webhook_deliveries',
  {
    id: uuid().primaryKey().defaultRandom(),
    endpointId: uuid()
      .notNull()
      .references(() => webhookEndpointsTable.id, { onDelete: 'cascade' }),
    /** The `webhook-id`: the same on every attempt, so receivers can drop repeats. */
    messageId: text().notNull(),
    eventType: text().$type<WebhookEventType | 'test'>().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    status: text().$type<'pending' | 'delivered' | 'failed'>().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    lastStatusCode: integer(),
    lastError: text(),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp({ withTimezone: true }),
    deliveredAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('webhook_deliveries_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.createdAt),
  ],
);

/** How far the dispatcher has read the change log: one row. */
export const webhookFeedTable = pgTable('webhook_feed', {
  id: integer().primaryKey().default(1),
  tx: text().notNull(),
  seq: bigint({ mode: 'number' }).notNull(),
});
