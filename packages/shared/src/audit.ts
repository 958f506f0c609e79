import { z } from 'zod';
import { boundedText, pageSchema, PaginationQuerySchema, PersonNameTextSchema, TimestampSchema } from './common.js';

export const AUDIT_ACTIONS = [
  'create',
  'update',
  'delete',
  'restore',
  'login',
  'logout',
  'login_failed',
  'password_change',
  'revoke',
  'erase',
  'export',
  'import',
] as const;
export const AuditActionSchema = z.enum(AUDIT_ACTIONS).meta({ id: 'AuditAction' });
export type AuditAction = z.infer<typeof AuditActionSchema>;

export const ActorTypeSchema = z.enum(['user', 'api_key', 'system']).meta({ id: 'ActorType' });

export const AuditChangeSchema = z.object({ before: z.unknown().optional(), after: z.unknown().optional() }).meta({ id: 'AuditChange' });

export const AuditEntrySchema = z
  .object({
    id: boundedText(20).describe('Sequential id (as text)'),
    at: TimestampSchema,
    actorType: ActorTypeSchema,
    actorId: boundedText(64).nullable(),
    actorLabel: PersonNameTextSchema.describe('E-mail of the user or name of the key, as it was then'),
    action: AuditActionSchema,
    entity: boundedText(40).describe('Kind of record, e.g. `cluster`, `user`, `api_key`'),
    entityId: boundedText(64).nullable(),
    changes: z.record(boundedText(100), AuditChangeSchema).describe('Changed fields with the value before and after'),
    requestId: boundedText(64).nullable(),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const AuditQuerySchema = PaginationQuerySchema.extend({
  actorId: z.string().max(64).optional().describe('A user or key id'),
  entity: z.string().max(40).optional(),
  entityId: z.string().max(64).optional(),
  action: AuditActionSchema.optional(),
  from: TimestampSchema.optional(),
  to: TimestampSchema.optional(),
});
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

export const AuditPageSchema = pageSchema(AuditEntrySchema, 'AuditPage');
export type AuditPage = z.infer<typeof AuditPageSchema>;
