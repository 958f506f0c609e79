import { randomBytes, randomUUID } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import {
  PUBLIC_RESOURCE_PATHS,
  WEBHOOK_EVENT_TYPES,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookEndpointCreate,
  type WebhookEndpointCreated,
  type WebhookEventType,
} from '@euregionet/shared';
import type { Clock } from '../../clock.js';
import { queryRows, type Db } from '../../db/client.js';
import { AppError, notFound } from '../../errors.js';
import type { RequestContext } from '../auth/actor.js';
import { recordAudit } from '../audit/audit.repo.js';
import { readChanges, type LogPosition } from '../sync/sync.service.js';
import { webhookDeliveriesTable, webhookEndpointsTable, webhookFeedTable } from './webhooks.table.js';

type EndpointRow = typeof webhookEndpointsTable.$inferSelect;
type DeliveryRow = typeof webhookDeliveriesTable.$inferSelect;

const toEndpoint = (r: EndpointRow): WebhookEndpoint => ({
  id: r.id,
  apiKeyId: r.apiKeyId,
  url: r.url,
  events: r.events,
  createdAt: r.createdAt.toISOString(),
});

export const toDelivery = (r: DeliveryRow): WebhookDelivery => ({
  id: r.id,
  messageId: r.messageId,
  eventType: r.eventType,
  status: r.status,
  attempts: r.attempts,
  lastStatusCode: r.lastStatusCode,
  lastError: r.lastError,
  nextAttemptAt: r.status === 'pending' ? r.nextAttemptAt.toISOString() : null,
  deliveredAt: r.deliveredAt?.toISOString() ?? null,
  createdAt: r.createdAt.toISOString(),
});

const endpointNotFound = (id: string) => notFound('WEBHOOK_ENDPOINT_NOT_FOUND', `No webhook endpoint ${id} for this API key`);

/** A Standard Webhooks id: one per message, the same on each attempt. */
const messageId = () => `msg_${randomUUID().replaceAll('-', '')}`;

/** The body every receiver gets: the event, when it happened, and where to read the document. */
function payloadOf(type: WebhookEventType | 'test', at: string, data: Record<string, unknown>) {
  return { type, timestamp: at, data };
}

/**
 * Webhook endpoints per API key, their delivery log, and the dispatcher that turns the public
 * change log into deliveries.
 */
export function createWebhookService(db: Db, options: { clock: Clock; publicBaseUrl: string; allowPrivateTargets: boolean }) {
  async function endpoint(apiKeyId: string, id: string): Promise<EndpointRow> {
    const [row] = await db
      .select()
      .from(webhookEndpointsTable)
      .where(and(eq(webhookEndpointsTable.apiKeyId, apiKeyId), eq(webhookEndpointsTable.id, id)));
    if (!row) throw endpointNotFound(id);
    return row;
  }

  return {
    async list(apiKeyId: string): Promise<WebhookEndpoint[]> {
      const rows = await db
        .select()
        .from(webhookEndpointsTable)
        .where(eq(webhookEndpointsTable.apiKeyId, apiKeyId))
        .orderBy(webhookEndpointsTable.createdAt)
        .limit(100);
      return rows.map(toEndpoint);
    },

    async create(ctx: RequestContext, apiKeyId: string, data: WebhookEndpointCreate): Promise<WebhookEndpointCreated> {
      const url = new URL(data.url);
      if (url.protocol !== 'https:' && !options.allowPrivateTargets) {
        throw new AppError(400, 'WEBHOOK_TARGET_REFUSED', 'Webhooks are sent over HTTPS only', {
          errors: [{ pointer: '/body/url', code: 'https_only', message: 'An https:// address' }],
        });
      }
      const secret = `whsec_${randomBytes(32).toString('base64')}`;
      return db.transaction(async (tx) => {
        const [row] = await tx
          .insert(webhookEndpointsTable)
          .values({ apiKeyId, url: data.url, events: data.events, secret, createdBy: ctx.actor?.kind === 'user' ? ctx.actor.id : null })
          .returning();
        const created = toEndpoint(row!);
        await recordAudit(tx, ctx, { action: 'create', entity: 'webhook_endpoint', entityId: created.id, after: created });
        return { endpoint: created, secret };
      });
    },

    async remove(ctx: RequestContext, apiKeyId: string, id: string): Promise<void> {
      const before = toEndpoint(await endpoint(apiKeyId, id));
      await db.transaction(async (tx) => {
        await tx.delete(webhookEndpointsTable).where(eq(webhookEndpointsTable.id, id));
        await recordAudit(tx, ctx, { action: 'delete', entity: 'webhook_endpoint', entityId: id, before });
      });
    },

    async deliveries(apiKeyId: string, id: string): Promise<WebhookDelivery[]> {
      await endpoint(apiKeyId, id);
      const rows = await db
        .select()
        .from(webhookDeliveriesTable)
        .where(eq(webhookDeliveriesTable.endpointId, id))
        .orderBy(desc(webhookDeliveriesTable.createdAt), desc(webhookDeliveriesTable.id))
        .limit(100);
      return rows.map(toDelivery);
    },

    async delivery(id: string): Promise<WebhookDelivery> {
      const [row] = await db.select().from(webhookDeliveriesTable).where(eq(webhookDeliveriesTable.id, id));
      return toDelivery(row!);
    },

    /** Queues a `test` message to the endpoint; answers its id. */
    async enqueueTest(apiKeyId: string, id: string): Promise<string> {
      await endpoint(apiKeyId, id);
      const at = options.clock.now();
      const [row] = await db
        .insert(webhookDeliveriesTable)
        .values({
          endpointId: id,
          messageId: messageId(),
          eventType: 'test',
          payload: payloadOf('test', at.toISOString(), { message: 'A test from EuRegioNet' }),
          nextAttemptAt: at,
        })
        .returning({ id: webhookDeliveriesTable.id });
      return row!.id;
    },

    /**
     * Reads the change log from where it last stopped and queues a delivery for each endpoint
     * that subscribed to the event (endpoints of live keys, registered before the change). The
     * deliveries and the new position are written in one transaction: nothing is queued twice.
     */
    async dispatch(batch = 200): Promise<number> {
      let queued = 0;
      for (;;) {
        const done = await db.transaction(async (tx) => {
          const [feed] = await tx.select().from(webhookFeedTable).where(eq(webhookFeedTable.id, 1)).for('update');
          const position: LogPosition | null = feed ? { tx: feed.tx, seq: feed.seq } : null;
          const changes = await readChanges(tx, position, null, batch);
          if (!changes.length) return true;
          for (const change of changes) {
            const type = `${change.resource}.${change.event}`;
            if (!(WEBHOOK_EVENT_TYPES as readonly string[]).includes(type)) continue;
            const endpoints = await queryRows<{ id: string }>(
              tx,
              sql`SELECT e.id FROM webhook_endpoints e JOIN api_keys k ON k.id = e.api_key_id
                  WHERE ${type} = ANY(e.events) AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())
                    AND e.created_at <= ${change.changedAt}::timestamptz`,
            );
            const url = `${options.publicBaseUrl}/api/v1/public/${PUBLIC_RESOURCE_PATHS[change.resource]}/${change.slug}`;
            for (const e of endpoints) {
              await tx.insert(webhookDeliveriesTable).values({
                endpointId: e.id,
                messageId: messageId(),
                eventType: type as WebhookEventType,
                payload: payloadOf(type as WebhookEventType, change.changedAt, { resource: change.resource, slug: change.slug, url }),
                nextAttemptAt: options.clock.now(),
              });
              queued++;
            }
          }
          const last = changes.at(-1)!;
          await tx
            .insert(webhookFeedTable)
            .values({ id: 1, tx: last.tx, seq: last.seq })
            .onConflictDoUpdate({ target: webhookFeedTable.id, set: { tx: last.tx, seq: last.seq } });
          return changes.length < batch;
        });
        if (done) return queued;
      }
    },
  };
}
export type WebhookService = ReturnType<typeof createWebhookService>;
