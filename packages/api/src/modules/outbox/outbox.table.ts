import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Locale } from '@euregionet/shared';
import { consultingRequestsTable } from '../consulting/consulting.table.js';

/**
 * E-mails waiting to be sent, and those sent. Written in the transaction of the change that
 * causes them, sent later by the outbox worker; nothing is lost when the mail server is down.
 */
export const outboxMessagesTable = pgTable(
  'outbox_messages',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: text().notNull(),
    requestId: uuid().references(() => consultingRequestsTable.id, { onDelete: 'set null' }),
    recipient: text().notNull(),
    language: text().$type<Locale>().notNull(),
    subject: text().notNull(),
    body: text().notNull(),
    status: text().$type<'pending' | 'sent'>().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    lastError: text(),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** While a worker sends the message, no other worker takes it. */
    lockedUntil: timestamp({ withTimezone: true }),
    sentAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('outbox_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
    index('outbox_created_idx').on(t.createdAt, t.id),
    index('outbox_request_idx').on(t.requestId),
    index('outbox_recipient_idx').on(t.recipient),
  ],
);
