import { and, desc, eq, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Locale, OutboxListQuery, OutboxMessage, OutboxPage } from '@euregionet/shared';
import type { Db } from '../../db/client.js';
import { AppError } from '../../errors.js';
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

const cursorError = () =>
  new AppError(400, 'VALIDATION_FAILED', 'The cursor is not valid', {
    errors: [{ pointer: '/query/cursor', code: 'invalid_cursor', message: 'Use nextCursor from a previous page' }],
  });

/** Queues an e-mail; call it inside the transaction of the change that causes it. */
export async function enqueueMail(db: Db, message: NewMessage): Promise<void> {
  await db.insert(outboxMessagesTable).values(message);
}

export async function listOutbox(db: Db, query: OutboxListQuery): Promise<OutboxPage> {
  const where: SQL[] = [];
  if (query.status) where.push(eq(outboxMessagesTable.status, query.status));
  if (query.requestId) where.push(eq(outboxMessagesTable.requestId, query.requestId));
  if (query.cursor) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(query.cursor, 'base64url').toString('utf8'));
    } catch {
      throw cursorError();
    }
    if (!Array.isArray(parsed) || typeof parsed[0] !== 'string' || typeof parsed[1] !== 'string' || !/^[0-9a-f-]{36}$/.test(parsed[1])) {
      throw cursorError();
    }
    const at = sql`${parsed[0]}::timestamptz`;
    where.push(
      or(lt(outboxMessagesTable.createdAt, at), and(eq(outboxMessagesTable.createdAt, at), lt(outboxMessagesTable.id, parsed[1])))!,
    );
  }
  const rows = await db
    .select({ row: outboxMessagesTable, createdText: sql<string>`${outboxMessagesTable.createdAt}::text` })
    .from(outboxMessagesTable)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(outboxMessagesTable.createdAt), desc(outboxMessagesTable.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => toOutboxMessage(r.row)),
    nextCursor:
      rows.length > query.limit && last ? Buffer.from(JSON.stringify([last.createdText, last.row.id])).toString('base64url') : null,
  };
}
