import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.js';

/** An e-mail as the outbox holds it: what a test reads of the mail a person gets. */
export interface OutboxMail {
  kind: string;
  recipient: string;
  language: string;
  subject: string;
  body: string;
  /** Empty for a mail without attachments. */
  attachments: { filename: string; contentType: string; content: string }[];
}

const MAIL_COLUMNS = sql`kind, recipient, language, subject, body, coalesce(attachments, '[]'::jsonb) AS attachments`;

/** The e-mails to `recipient`, oldest first. */
export function mailsTo(db: Db, recipient: string): Promise<OutboxMail[]> {
  return queryRows<OutboxMail>(db, sql`SELECT ${MAIL_COLUMNS} FROM outbox_messages WHERE recipient = ${recipient} ORDER BY created_at, id`);
}

/** The e-mails of `kind` to any of `recipients`, by recipient, oldest first. */
export async function mailsOfKind(db: Db, kind: string, recipients: string[]): Promise<OutboxMail[]> {
  const all = await queryRows<OutboxMail>(
    db,
    sql`SELECT ${MAIL_COLUMNS} FROM outbox_messages WHERE kind = ${kind} ORDER BY recipient, created_at`,
  );
  return all.filter((m) => recipients.includes(m.recipient));
}

/** The token of the link in an e-mail (a cancellation link, a personal registration link). */
export const linkToken = (body: string): string => /token=([\w-]+)/.exec(body)![1]!;
