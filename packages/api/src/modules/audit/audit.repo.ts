import { and, desc, eq, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { AuditAction, AuditEntry, AuditQuery } from '@euregionet/shared';
import type { Db } from '../../db/client.js';
import { cursorCodec, key, keysetPage } from '../../db/cursor.js';
import { changedMeanwhile } from '../../errors.js';
import type { RequestContext } from '../auth/actor.js';
import { auditLogTable, type AuditChanges } from './audit.table.js';

/** Fields that never enter the audit trail: secrets, and bookkeeping that changes every time. */
const NEVER_AUDITED = new Set([
  'passwordHash',
  'password',
  'secretHash',
  'secret',
  'tokenHash',
  'search',
  'version',
  'updatedAt',
  'createdAt',
]);

/** The changed fields of a record, each with its value before and after. */
export function diff(before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined): AuditChanges {
  const changes: AuditChanges = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const key of keys) {
    if (NEVER_AUDITED.has(key)) continue;
    const b = before?.[key];
    const a = after?.[key];
    if (JSON.stringify(b) === JSON.stringify(a)) continue;
    changes[key] = { ...(before ? { before: b ?? null } : {}), ...(after ? { after: a ?? null } : {}) };
  }
  return changes;
}

export interface AuditRecord {
  action: AuditAction;
  entity: string;
  entityId: string | null;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  /** Instead of a diff, e.g. for a login. */
  changes?: AuditChanges;
}

/** Appends to the audit trail; call it inside the transaction of the change it records. */
export async function recordAudit(db: Db, ctx: RequestContext, record: AuditRecord): Promise<void> {
  const actor = ctx.actor;
  await db.insert(auditLogTable).values({
    actorType: actor === null ? 'system' : actor.kind === 'user' ? 'user' : 'api_key',
    actorId: actor?.id ?? null,
    actorLabel: actor === null ? 'system' : actor.kind === 'user' ? actor.email : actor.name,
    action: record.action,
    entity: record.entity,
    entityId: record.entityId,
    changes: record.changes ?? diff(record.before, record.after),
    requestId: ctx.requestId,
    ip: ctx.ip,
  });
}

/** Newest first: the id, which grows with every entry. */
const cursor = cursorCodec(key.bigint);

export async function listAudit(db: Db, query: AuditQuery): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
  const where: SQL[] = [];
  if (query.actorId) where.push(eq(auditLogTable.actorId, query.actorId));
  if (query.entity) where.push(eq(auditLogTable.entity, query.entity));
  if (query.entityId) where.push(eq(auditLogTable.entityId, query.entityId));
  if (query.action) where.push(eq(auditLogTable.action, query.action));
  if (query.from) where.push(gte(auditLogTable.at, new Date(query.from)));
  if (query.to) where.push(lte(auditLogTable.at, new Date(query.to)));
  if (query.cursor) {
    const [id] = cursor.decode(query.cursor);
    where.push(lt(auditLogTable.id, BigInt(id)));
  }
  return keysetPage(
    query.limit,
    (rowLimit) =>
      db
        .select()
        .from(auditLogTable)
        .where(where.length ? and(...where) : undefined)
        .orderBy(desc(auditLogTable.id))
        .limit(rowLimit),
    (last) => cursor.encode([last.id.toString()]),
    (r) => ({
      id: r.id.toString(),
      at: r.at.toISOString(),
      actorType: r.actorType,
      actorId: r.actorId,
      actorLabel: r.actorLabel,
      action: r.action,
      entity: r.entity,
      entityId: r.entityId,
      changes: r.changes,
      requestId: r.requestId,
    }),
  );
}

export const auditCount = async (db: Db) => (await db.select({ n: sql<number>`count(*)::int` }).from(auditLogTable))[0]?.n ?? 0;

/**
 * The end of every change of a versioned record, inside its transaction: `write` changes the row
 * only at the version the client read (false: someone changed it first, the 412 of
 * `changedMeanwhile`); then the record is read back and the change audited from `before` to the
 * record read, each as `audited` shows it. Answers the record after the change.
 */
export async function auditedUpdate<R extends { version: number }>(
  tx: Db,
  ctx: RequestContext,
  change: {
    entity: string;
    /** How the 412 names the record ("cluster", "call"). */
    what: string;
    id: string;
    before: R;
    write: () => Promise<boolean>;
    read: () => Promise<R>;
    audited: (record: R) => Record<string, unknown>;
  },
): Promise<R> {
  if (!(await change.write())) throw changedMeanwhile(change.what, change.before.version);
  const after = await change.read();
  await recordAudit(tx, ctx, {
    action: 'update',
    entity: change.entity,
    entityId: change.id,
    before: change.audited(change.before),
    after: change.audited(after),
  });
  return after;
}
