import { z } from 'zod';
import {
  IdSchema,
  TimestampSchema,
  INT32_MIN,
  int32,
  boundedArray,
  boundedText,
  distinct,
  PersonNameTextSchema,
  listSchema,
} from './common.js';
import { API_SCOPES, ApiScopeSchema } from './access.js';
import { PartnerCodeSchema } from './partners.js';

const OriginSchema = z
  .string()
  .max(200)
  .regex(/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i, 'An origin: scheme, host and optional port, no path')
  .transform((o) => o.toLowerCase());

export const ApiKeySchema = z
  .object({
    id: IdSchema,
    name: boundedText(120),
    partner: PartnerCodeSchema,
    scopes: boundedArray(ApiScopeSchema, API_SCOPES.length),
    allowedOrigins: boundedArray(boundedText(200), 20).describe(
      'Browser origins allowed to use the key; empty: no browser use (server-to-server only)',
    ),
    prefix: boundedText(20).describe('The first characters of the key, to recognise it'),
    rateLimitPerMinute: int32(INT32_MIN),
    expiresAt: TimestampSchema.nullable(),
    revokedAt: TimestampSchema.nullable(),
    lastUsedAt: TimestampSchema.nullable(),
    createdAt: TimestampSchema,
    createdBy: PersonNameTextSchema.nullable().describe('Name of the admin who created it'),
  })
  .meta({ id: 'ApiKey' });
export type ApiKey = z.infer<typeof ApiKeySchema>;

export const ApiKeyCreateSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(120),
    partner: PartnerCodeSchema,
    scopes: distinct(ApiScopeSchema, 4).min(1),
    allowedOrigins: boundedArray(OriginSchema, 20).default([]),
    rateLimitPerMinute: int32(INT32_MIN).min(1).max(100_000).default(600),
    expiresAt: TimestampSchema.nullable().default(null),
  })
  .meta({ id: 'ApiKeyCreate' });
export type ApiKeyCreate = z.input<typeof ApiKeyCreateSchema>;

export const ApiKeyCreatedSchema = z
  .object({
    key: ApiKeySchema,
    secret: boundedText(100).describe('The key itself. Shown only now: it is stored as a hash and cannot be shown again'),
  })
  .meta({ id: 'ApiKeyCreated' });
export type ApiKeyCreated = z.infer<typeof ApiKeyCreatedSchema>;

export const ApiKeyListSchema = listSchema(ApiKeySchema, 1000, 'ApiKeyList');
