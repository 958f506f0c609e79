import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Locale } from '@euregionet/shared';

/** A file sent with an e-mail, e.g. an invitation as `.ics`; small text files only. */
export interface MailAttachment {
  filename: string;
  contentType: string;
  content: string;
}

/**
 * E-mails waiting to be sent, and those sent. Written in the transaction of the change that
 * causes them, sent later by the outbox worker; nothing is lost when the mail server is down.
 */
export const outboxMessagesTable = pgTable(
  'outbox_messages',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: text().notNull(),
    /**
     * What the message is about (`consulting_request` and its id), so that the module that sent it
     * finds it again. No foreign key: the outbox serves every module and knows none of their tables.
     */
    sourceType: text(),
    sourceId: uuid(),
    recipient: text().notNull(),
    /** Where the recipient's answer by e-mail should go (a partner's mailbox), when not to the sender. */
    replyTo: text(),
    language: text().$type<Locale>().notNull(),
    subject: text().notNull(),
    body: text().notNull(),
    attachments: jsonb().$type<MailAttachment[]>().notNull().default([]),
    /** Extra header lines of the message (e.g. `List-Unsubscribe` of a digest). */
    headers: jsonb().$type<Record<string, string>>().notNull().default({}),
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
    index('outbox_source_idx').on(t.sourceType, t.sourceId),
    index('outbox_recipient_idx').on(t.recipient),
  ],
);
