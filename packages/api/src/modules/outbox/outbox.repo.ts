import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Locale, OutboxListQuery, OutboxMessage, OutboxPage } from '@euregionet/shared';
import type { Db } from '../../db/client.js';
import { atMicros, cursorCodec, key, keysetPage, microsOf } from '../../db/cursor.js';
import { outboxMessagesTable } from './outbox.table.js';

type OutboxRow = typeof outboxMessagesTable.$inferSelect;

export interface NewMessage {
  kind: string;
  requestId: string | null;
  recipient: string;
  language: Locale;
  subject: string;
  body: string;
}

export function toOutboxMessage(r: OutboxRow): OutboxMessage {
  return {
    id: r.id,
    kind: r.kind,
    requestId: r.requestId,
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
const cursor = cursorCodec(key.micros, key.uuid);

/** Queues an e-mail; call it inside the transaction of the change that causes it. */
export async function enqueueMail(db: Db, message: NewMessage): Promise<void> {
  await db.insert(outboxMessagesTable).values(message);
}

export async function listOutbox(db: Db, query: OutboxListQuery): Promise<OutboxPage> {
  const where: SQL[] = [];
  if (query.status) where.push(eq(outboxMessagesTable.status, query.status));
  if (query.requestId) where.push(eq(outboxMessagesTable.requestId, query.requestId));
  if (query.cursor) {
    const [at, id] = cursor.decode(query.cursor);
    where.push(sql`(${outboxMessagesTable.createdAt}, ${outboxMessagesTable.id}) < (${atMicros(at)}, ${id}::uuid)`);
  }
  return keysetPage(
    query.limit,
    (rowLimit) =>
      db
        .select({ row: outboxMessagesTable, at: microsOf(outboxMessagesTable.createdAt) })
        .from(outboxMessagesTable)
        .where(where.length ? and(...where) : undefined)
        .orderBy(desc(outboxMessagesTable.createdAt), desc(outboxMessagesTable.id))
        .limit(rowLimit),
    (last) => cursor.encode([last.at, last.row.id]),
    (r) => toOutboxMessage(r.row),
  );
}
