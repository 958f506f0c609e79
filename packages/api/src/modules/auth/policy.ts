import { canEditRecord, type OwnedRecord, type Role } from '@euregionet/shared';
import { AppError } from '../../errors.js';
import type { RequestContext } from './actor.js';

/**
 * The record-level rule on top of the route's role check: consultants change only the records
 * of their own partner and those assigned to them (see `canEditRecord`). The system itself may.
 */
export function assertCanEdit(ctx: RequestContext, record: OwnedRecord) {
  const actor = ctx.actor;
  if (actor === null) return;
  if (actor.kind === 'user' && canEditRecord(actor, record)) return;
  throw new AppError(403, 'FORBIDDEN', `Only staff of ${record.partner}, a coordinator or an administrator may change this record`);
}

/** For a rule finer than the route's: only staff in one of these roles (e.g. listing deleted records). */
export function assertRole(ctx: RequestContext, roles: readonly Role[], what: string) {
  const actor = ctx.actor;
  if (actor === null) return;
  if (actor.kind === 'user' && roles.includes(actor.role)) return;
  throw new AppError(403, 'FORBIDDEN', `Only ${roles.join(' or ')} may ${what}`);
}
