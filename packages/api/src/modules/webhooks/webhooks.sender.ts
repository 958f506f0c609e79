import { sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import type { Clock } from '../../clock.js';
import { queryRows, type Db } from '../../db/client.js';
import { retryDelay } from '../outbox/outbox.sender.js';
import { postWebhook, type WebhookResponse, type WebhookTransportOptions } from './webhook-transport.js';

export interface WebhookSenderOptions {
  clock: Clock;
  transport: WebhookTransportOptions;
  /** The wait after the first failed attempt; it doubles with each further failure. */
  retryBaseMs: number;
  retryMaxMs?: number;
  /** Attempts before a delivery is given up ('failed'). */
  maxAttempts: number;
  batchSize?: number;
  leaseMs?: number;
  /** The HTTP call; tests may wrap it. */
  post?: typeof postWebhook;
}

interface DueRow {
  id: string;
  message_id: string;
  payload: Record<string, unknown>;
  attempts: number;
  url: string;
  secret: string;
}

/**
 * Sends due webhook deliveries, like the outbox sends e-mails: each is taken under a lease,
 * signed in the Standard Webhooks way (webhook-id, webhook-timestamp, webhook-signature =
 * v1,base64(HMAC-SHA256(secret, id.timestamp.body))), and marked delivered on a 2xx; anything
 * else is retried after a growing wait until `maxAttempts`, then marked failed. The webhook-id
 * stays the same on every attempt, so that receivers can drop a repeat.
 */
export function createWebhookSender(db: Db, options: WebhookSenderOptions) {
  const batchSize = options.batchSize ?? 20;
  const maxMs = options.retryMaxMs ?? 6 * 3_600_000;
  const leaseMs = options.leaseMs ?? 120_000;
  const post = options.post ?? postWebhook;

  return {
    /** One round: every delivery due now (or only the one named); answers how many went and failed. */
    async sendDue(only?: string): Promise<{ delivered: number; failed: number }> {
      const now = options.clock.now();
      const at = now.toISOString();
      const due = await queryRows<DueRow>(
        db,
        sql`UPDATE webhook_deliveries d SET locked_until = ${new Date(now.getTime() + leaseMs).toISOString()}::timestamptz, attempts = d.attempts + 1
            FROM webhook_endpoints e
            WHERE e.id = d.endpoint_id AND d.id IN (
              SELECT id FROM webhook_deliveries
              WHERE status = 'pending' AND (locked_until IS NULL OR locked_until < ${at}::timestamptz)
                AND ${only ? sql`id = ${only}` : sql`next_attempt_at <= ${at}::timestamptz`}
              ORDER BY next_attempt_at, created_at
              LIMIT ${batchSize}
              FOR UPDATE SKIP LOCKED)
            RETURNING d.id, d.message_id, d.payload, d.attempts, e.url, e.secret`,
      );
      let delivered = 0;
      let failed = 0;
      for (const d of due) {
        const body = JSON.stringify(d.payload);
        const sentAt = options.clock.now();
        const signature = new Webhook(d.secret).sign(d.message_id, sentAt, body);
        const headers = {
          'webhook-id': d.message_id,
          'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
          'webhook-signature': signature,
        };
        let response: WebhookResponse | undefined;
        let error: string | null = null;
        try {
          response = await post(d.url, headers, body, options.transport);
          if (response.status >= 300 && response.status < 400) error = `Redirect (${response.status}) not followed`;
          else if (response.status < 200 || response.status >= 300) error = `The receiver answered ${response.status}`;
        } catch (err) {
          error = err instanceof Error ? err.message.slice(0, 500) : 'Not sent';
        }
        const status = response?.status ?? null;
        if (error === null) {
          delivered++;
          await db.execute(
            sql`UPDATE webhook_deliveries SET status = 'delivered', delivered_at = ${sentAt.toISOString()}::timestamptz,
                  locked_until = NULL, last_status_code = ${status}, last_error = NULL WHERE id = ${d.id}`,
          );
        } else {
          failed++;
          const giveUp = d.attempts >= options.maxAttempts;
          const next = new Date(now.getTime() + retryDelay(d.attempts, options.retryBaseMs, maxMs)).toISOString();
          await db.execute(
            sql`UPDATE webhook_deliveries SET status = ${giveUp ? 'failed' : 'pending'}, next_attempt_at = ${next}::timestamptz,
                  locked_until = NULL, last_status_code = ${status}, last_error = ${error} WHERE id = ${d.id}`,
          );
        }
      }
      return { delivered, failed };
    },
  };
}
export type WebhookSender = ReturnType<typeof createWebhookSender>;
