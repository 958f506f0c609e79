import { z } from 'zod';
import {
  boundedArray,
  boundedText,
  distinct,
  IdSchema,
  int32,
  LocaleSchema,
  SinceSchema,
  TimestampSchema,
  UrlTextSchema,
  INT32_MIN,
  queryInt32,
  listSchema,
} from './common.js';
import { SlugSchema } from './clusters.js';
import { PublicEventSchema } from './dialogue-events.js';
import { PublicFundingCallSchema } from './funding-calls.js';
import { PublicOpportunitySchema } from './opportunities.js';
import { PublicClusterDetailSchema, PublicLangSchema } from './public.js';
import { PublicPublicationSchema } from './publications.js';

/**
 * Sync and webhooks for portals: the change log of the public documents
 * (`GET /api/v1/public/changes`) and the webhooks fed from it.
 */

export const SYNC_ERROR_CODES = ['CHANGES_EXPIRED', 'WEBHOOK_ENDPOINT_NOT_FOUND', 'WEBHOOK_TARGET_REFUSED'] as const;

/** The shortest time a tombstone is kept; the retention is configurable, never below it. */
export const CHANGE_RETENTION_MIN_DAYS = 90;

export const PUBLIC_RESOURCES = ['cluster', 'fundingCall', 'publication', 'event', 'opportunity'] as const;
export const PublicResourceSchema = z.enum(PUBLIC_RESOURCES).describe('The kind of public document');
export type PublicResource = z.infer<typeof PublicResourceSchema>;

/** Where a portal reads one document of each kind (under /api/v1/public). */
export const PUBLIC_RESOURCE_PATHS: Record<PublicResource, string> = {
  cluster: 'clusters',
  fundingCall: 'funding-calls',
  publication: 'publications',
  event: 'events',
  opportunity: 'opportunities',
};

export const PublicChangesQuerySchema = z.strictObject({
  since: SinceSchema.optional().describe(
    `Changes at or after this instant; without it (and without a cursor), all changes kept (at least ${CHANGE_RETENTION_MIN_DAYS} days)`,
  ),
  cursor: z.string().max(500).optional().describe('`nextCursor` of the previous answer: the changes after it (`since` is then ignored)'),
  limit: queryInt32(INT32_MIN).min(1).max(100).meta({ format: 'int32' }).default(50),
  lang: PublicLangSchema,
});
export type PublicChangesQuery = z.infer<typeof PublicChangesQuerySchema>;

export const PublicChangeSchema = z
  .object({
    resource: PublicResourceSchema,
    slug: SlugSchema.describe('The slug in the document’s `url`; for an opportunity, its id'),
    action: z.enum(['upsert', 'delete']).describe('`upsert`: store the document; `delete` (a tombstone): it was unpublished or deleted'),
    changedAt: TimestampSchema,
    url: UrlTextSchema.describe('Where the document is read (404 after a tombstone)'),
    cluster: PublicClusterDetailSchema.nullable().describe('The document, for an upsert of a cluster'),
    fundingCall: PublicFundingCallSchema.nullable().describe('The document, for an upsert of a funding call'),
    publication: PublicPublicationSchema.nullable().describe('The document, for an upsert of a publication'),
    event: PublicEventSchema.nullable().describe('The document, for an upsert of an event'),
    opportunity: PublicOpportunitySchema.nullable().describe('The document, for an upsert of a partnering opportunity'),
  })
  .meta({ id: 'PublicChange', description: 'The state of one document now; several changes of one document in a page come as one' });
export type PublicChange = z.infer<typeof PublicChangeSchema>;

export const PublicChangePageSchema = z
  .object({
    lang: LocaleSchema,
    items: boundedArray(PublicChangeSchema, 100),
    nextCursor: boundedText(500)
      .nullable()
      .describe('Ask again with it, now or later, to get what changed next; null when nothing was ever returned (keep `since`)'),
    hasMore: z.boolean().describe('More changes are waiting: ask again at once'),
  })
  .meta({ id: 'PublicChangePage' });
export type PublicChangePage = z.infer<typeof PublicChangePageSchema>;

// ---------------------------------------------------------------------------------------------
// Webhooks

export const WEBHOOK_EVENT_TYPES = [
  'cluster.published',
  'cluster.changed',
  'cluster.unpublished',
  'fundingCall.published',
  'publication.published',
  'event.published',
] as const;
export const WebhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES);
export type WebhookEventType = z.infer<typeof WebhookEventTypeSchema>;

export const WebhookEndpointSchema = z
  .object({
    id: IdSchema,
    apiKeyId: IdSchema,
    url: UrlTextSchema,
    events: boundedArray(WebhookEventTypeSchema, WEBHOOK_EVENT_TYPES.length),
    createdAt: TimestampSchema,
  })
  .meta({ id: 'WebhookEndpoint' });
export type WebhookEndpoint = z.infer<typeof WebhookEndpointSchema>;

export const WebhookEndpointCreateSchema = z
  .strictObject({
    url: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .describe('An HTTPS address on the public internet'),
    events: distinct(WebhookEventTypeSchema, WEBHOOK_EVENT_TYPES.length).min(1),
  })
  .meta({ id: 'WebhookEndpointCreate' });
export type WebhookEndpointCreate = z.infer<typeof WebhookEndpointCreateSchema>;

export const WebhookEndpointCreatedSchema = z
  .object({
    endpoint: WebhookEndpointSchema,
    secret: boundedText(100).describe('The signing secret (whsec_…). Shown only now: give it to the portal'),
  })
  .meta({ id: 'WebhookEndpointCreated' });
export type WebhookEndpointCreated = z.infer<typeof WebhookEndpointCreatedSchema>;

export const WebhookEndpointListSchema = listSchema(WebhookEndpointSchema, 100, 'WebhookEndpointList');

export const WebhookDeliverySchema = z
  .object({
    id: IdSchema,
    messageId: boundedText(100).describe('The webhook-id header'),
    eventType: z.enum([...WEBHOOK_EVENT_TYPES, 'test']),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: int32(0, 1000),
    lastStatusCode: int32(100, 599).nullable(),
    lastError: boundedText(500).nullable(),
    nextAttemptAt: TimestampSchema.nullable(),
    deliveredAt: TimestampSchema.nullable(),
    createdAt: TimestampSchema,
  })
  .meta({ id: 'WebhookDelivery' });
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;

export const WebhookDeliveryListSchema = listSchema(WebhookDeliverySchema, 100, 'WebhookDeliveryList');
export type WebhookDeliveryList = z.infer<typeof WebhookDeliveryListSchema>;

export const WebhookEndpointParamsSchema = z.strictObject({ id: IdSchema, endpointId: IdSchema });
