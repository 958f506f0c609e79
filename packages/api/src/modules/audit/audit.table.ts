import { bigserial, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { AuditAction } from '@euregionet/shared';

export type AuditChanges = Record<string, { before?: unknown; after?: unknown }>;

/**
 * Who changed what, when. Append-only: the API has no route to change or delete an entry, and
 * a trigger (migration 0003) refuses UPDATE and DELETE in the database itself.
 */
export const auditLogTable = pgTable(
  'audit_log',
  {
    id: bigserial({ mode: 'bigint' }).primaryKey(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    actorType: text().$type<'user' | 'api_key' | 'system'>().notNull(),
    actorId: text(),
    actorLabel: text().notNull(),
    action: text().$type<AuditAction>().notNull(),
    entity: text().notNull(),
    entityId: text(),
    changes: jsonb().$type<AuditChanges>().notNull().default({}),
    requestId: text(),
    ip: text(),
  },
  (t) => [
    index('audit_entity_idx').on(t.entity, t.entityId, t.id),
    index('audit_actor_idx').on(t.actorId, t.id),
    index('audit_at_idx').on(t.at),
  ],
);
