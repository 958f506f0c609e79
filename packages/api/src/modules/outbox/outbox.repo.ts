import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Locale, OutboxListQuery, OutboxMessage, OutboxPage } from '@euregionet/shared';
import type { Db } from '../../db/client.js';
import { keysetPage, newestFirst } from '../../db/cursor.js';
import { sameEmail } from '../../db/sql.js';
import { ERASED_ADDRESS_PREFIX } from '../personal-data/personal-data.provider.js';
import { outboxMessagesTable, type MailAttachment } from './outbox.table.js';

type OutboxRow = typeof outboxMessagesTable.$inferSelect;

/** What a message is about: a record of the module that sent it. */
export interface MessageSource {
  type: string;
  id: string;
}

/**
 * The one kind of source the wire format names (`requestId`): the admin app links an e-mail to
 * its consulting request.
 */
const REQUEST_SOURCE = 'consulting_request';

export interface NewMessage {
  kind: string;
  source: MessageSource | null;
  recipient: string;
  /** Where an answer by e-mail should go; without it, to the sender. */
  replyTo?: string | null;
  language: Locale;
  subject: string;
  body: string;
  attachments?: MailAttachment[];
  /** Extra header lines, e.g. `List-Unsubscribe`. */
  headers?: Record<string, string>;
}

export function toOutboxMessage(r: OutboxRow): OutboxMessage {
  return {
    id: r.id,
    kind: r.kind,
    requestId: r.sourceType === REQUEST_SOURCE ? r.sourceId : null,
    recipient: r.recipient,
    language: r.language,
    subject: r.subject,
    body: r.body,
    status: r.status,
    attempts: r.attempts,
    lastError: r.lastError,
    nextAttemptAt: r.status === 'pending' ? r.nextAttemptAt.toISOString() : null,
    sentAt: r.sentAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  };
}

/** Newest first: (createdAt, id). */

/** Queues an e-mail; call it inside the transaction of the change that causes it. */
export async function enqueueMail(db: Db, message: NewMessage): Promise<void> {
  // A record kept anonymised after an erasure has a placeholder, not an address: whatever module
  // writes to the people of such records (a thank-you to everyone who came), nothing goes out.
  if (message.recipient.startsWith(ERASED_ADDRESS_PREFIX)) return;
  const { source, ...rest } = message;
  await db.insert(outboxMessagesTable).values({ ...rest, sourceType: source?.type ?? null, sourceId: source?.id ?? null });
}

/** Messages not yet sent (retries included), and how long ago the oldest was queued, in seconds. */
export async function outboxBacklog(db: Db): Promise<{ count: number; oldestAgeSeconds: number | null }> {
  const t = outboxMessagesTable;
  const [row] = await db
    .select({
      count: sql<number>`count(*)::int`,
      oldestAgeSeconds: sql<number | null>`extract(epoch from now() - min(${t.createdAt}))::float8`,
    })
    .from(t)
    .where(eq(t.status, 'pending'));
  return row!;
}

export async function listOutbox(db: Db, query: OutboxListQuery): Promise<OutboxPage> {
  const where: SQL[] = [];
  if (query.status) where.push(eq(outboxMessagesTable.status, query.status));
  if (query.requestId) {
    where.push(eq(outboxMessagesTable.sourceType, REQUEST_SOURCE), eq(outboxMessagesTable.sourceId, query.requestId));
  }
  const order = newestFirst(outboxMessagesTable.createdAt, outboxMessagesTable.id, query.cursor);
  if (order.after) where.push(order.after);
  return keysetPage(
    query.limit,
    (rowLimit) =>
      db
        .select({ row: outboxMessagesTable, at: order.micros })
        .from(outboxMessagesTable)
        .where(where.length ? and(...where) : undefined)
        .orderBy(...order.orderBy)
        .limit(rowLimit),
    (last) => order.cursorOf(last.at, last.row.id),
    (r) => toOutboxMessage(r.row),
  );
}

/**
 * Whose e-mails a person's data covers: those sent to their address, and those of the given kinds
 * about the given records (addressed to them, even where the address has changed since).
 */
export interface Correspondent {
  recipient: string;
  about?: { type: string; ids: readonly string[]; kinds: readonly string[] };
}

function correspondence({ recipient, about }: Correspondent): SQL {
  const toAddress = sameEmail(outboxMessagesTable.recipient, recipient);
  if (!about?.ids.length || !about.kinds.length) return toAddress;
  return or(
    toAddress,
    and(
      eq(outboxMessagesTable.sourceType, about.type),
      inArray(outboxMessagesTable.sourceId, [...about.ids]),
      inArray(outboxMessagesTable.kind, [...about.kinds]),
    ),
  )!;
}

/** The e-mails of a person, for their copy of their data. */
export async function messagesOf(db: Db, who: Correspondent): Promise<OutboxMessage[]> {
  const rows = await db.select().from(outboxMessagesTable).where(correspondence(who));
  return rows.map(toOutboxMessage);
}

/**
 * Erases a person's e-mails: those not yet sent are dropped, the others lose address and text
 * (the record that a message went out stays). Answers how many messages were touched.
 */
export async function eraseMessagesOf(db: Db, who: Correspondent): Promise<number> {
  const theirs = correspondence(who);
  const dropped = await db
    .delete(outboxMessagesTable)
    .where(and(theirs, eq(outboxMessagesTable.status, 'pending')))
    .returning({ id: outboxMessagesTable.id });
  const anonymised = await db
    .update(outboxMessagesTable)
    .set({ recipient: '(erased)', subject: '(erased)', body: '(erased)', attachments: [], lastError: null })
    .where(theirs)
    .returning({ id: outboxMessagesTable.id });
  return dropped.length + anonymised.length;
}
