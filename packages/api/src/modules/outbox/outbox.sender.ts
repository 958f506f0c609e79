import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';
import type { MailAttachment } from './outbox.table.js';

/** What the sender needs of a mail transport; nodemailer's transporter is one. */
export interface MailTransport {
  sendMail(message: {
    from: string;
    to: string;
    replyTo?: string;
    subject: string;
    text: string;
    messageId: string;
    attachments?: MailAttachment[];
    headers?: Record<string, string>;
  }): Promise<unknown>;
}

export interface OutboxSenderOptions {
  from: string;
  /** Messages taken per round. */
  batchSize?: number;
  /** The wait after the first failed attempt; it doubles with each further failure. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** How long a worker may hold a message it is sending before another may take it. */
  leaseMs?: number;
  log?: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };
}

interface DueRow {
  id: string;
  recipient: string;
  reply_to: string | null;
  subject: string;
  body: string;
  attachments: MailAttachment[];
  headers: Record<string, string> | null;
  attempts: number;
}

/** The wait before attempt `attempts + 1`: 1×, 2×, 4×, … the base, at most the maximum. */
export function retryDelay(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
}

/**
 * Sends what is due from the outbox. A message is taken under a lease (so that several API
 * processes never send the same one at once), sent, and marked sent; a failure leaves it
 * pending with a later attempt time and the error, so nothing is lost while the mail server is
 * away. The Message-ID is the outbox id: a receiver can recognise the one case where a message
 * might arrive twice (the process died between sending and marking it sent).
 */
export function createOutboxSender(db: Db, transport: MailTransport, options: OutboxSenderOptions) {
  const batchSize = options.batchSize ?? 20;
  const baseMs = options.retryBaseMs ?? 30_000;
  const maxMs = options.retryMaxMs ?? 3_600_000;
  const leaseMs = options.leaseMs ?? 120_000;

  return {
    /** One round: sends every message due at `now`; answers how many were sent and how many failed. */
    async sendDue(now: Date = new Date()): Promise<{ sent: number; failed: number }> {
      const at = now.toISOString();
      const lease = new Date(now.getTime() + leaseMs).toISOString();
      const due = await queryRows<DueRow>(
        db,
        sql`UPDATE outbox_messages SET locked_until = ${lease}::timestamptz, attempts = attempts + 1
            WHERE id IN (
              SELECT id FROM outbox_messages
              WHERE status = 'pending' AND next_attempt_at <= ${at}::timestamptz
                AND (locked_until IS NULL OR locked_until < ${at}::timestamptz)
              ORDER BY next_attempt_at, created_at
              LIMIT ${batchSize}
              FOR UPDATE SKIP LOCKED)
            RETURNING id, recipient, reply_to, subject, body, attachments, headers, attempts`,
      );
      let sent = 0;
      let failed = 0;
      for (const message of due) {
        try {
          await transport.sendMail({
            from: options.from,
            to: message.recipient,
            ...(message.reply_to ? { replyTo: message.reply_to } : {}),
            subject: message.subject,
            text: message.body,
            messageId: `<${message.id}@outbox.euregionet>`,
            // nodemailer's attachment shape; no attachments, no key (the plain message as before).
            ...(message.attachments?.length ? { attachments: message.attachments } : {}),
            ...(message.headers && Object.keys(message.headers).length ? { headers: message.headers } : {}),
          });
          await db.execute(
            sql`UPDATE outbox_messages SET status = 'sent', sent_at = now(), locked_until = NULL, last_error = NULL WHERE id = ${message.id}`,
          );
          sent++;
        } catch (err) {
          failed++;
          const next = new Date(now.getTime() + retryDelay(message.attempts, baseMs, maxMs)).toISOString();
          // The error's text may quote the address: it is kept with the message, not logged.
          const text = err instanceof Error ? err.message.slice(0, 500) : 'send failed';
          await db.execute(
            sql`UPDATE outbox_messages SET locked_until = NULL, next_attempt_at = ${next}::timestamptz, last_error = ${text}
                WHERE id = ${message.id}`,
          );
          const e = err as { code?: string; responseCode?: number };
          options.log?.warn(
            { messageId: message.id, attempts: message.attempts, code: e.code, responseCode: e.responseCode },
            'e-mail not sent; will retry',
          );
        }
      }
      if (sent) options.log?.info({ sent }, 'e-mails sent');
      return { sent, failed };
    },
  };
}
export type OutboxSender = ReturnType<typeof createOutboxSender>;
