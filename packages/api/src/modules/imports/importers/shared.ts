import { canEditRecord, type PartnerCode } from '@euregionet/shared';
import { sql, type SQL } from 'drizzle-orm';
import type { RequestContext } from '../../auth/actor.js';
import type { RowFailure } from '../imports.engine.js';

/** Records created in this platform carry this source when exported, their id as external id. */
export const OWN_SOURCE = 'euregionet';

export const rowKey = (source: string, externalId: string) => `${source}\u0000${externalId}`;

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** `"table"."column"` and `excluded."column"` for the columns an upsert compares and sets. */
export function upsertSql(table: string, columns: readonly string[]) {
  const current = columns.map((c) => sql.raw(`"${table}"."${snake(c)}"`));
  const incoming = columns.map((c) => sql.raw(`excluded."${snake(c)}"`));
  const set: Record<string, SQL> = {};
  for (const c of columns) set[c] = sql.raw(`excluded."${snake(c)}"`);
  return {
    set,
    /** Only rows that differ are updated: the others are `unchanged`, and keep their version. */
    differs: sql`(${sql.join(current, sql`, `)}) IS DISTINCT FROM (${sql.join(incoming, sql`, `)})`,
  };
}

/**
 * Whether the caller may import a record of this partner: staff by the record rule (consultants
 * their own partner's records), import keys the records of their key's partner.
 */
export function importDenied(ctx: RequestContext, partner: PartnerCode): RowFailure | undefined {
  const actor = ctx.actor;
  if (actor === null) return undefined;
  const allowed =
    actor.kind === 'apiKey' ? actor.scopes.includes('import:write') && actor.partner === partner : canEditRecord(actor, { partner });
  return allowed
    ? undefined
    : {
        field: 'partner',
        code: 'FORBIDDEN',
        message: `Only staff or keys of ${partner}, a coordinator or an administrator may change this record`,
      };
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A PostgreSQL array literal of texts, sent as one parameter (drizzle would spread a JS array). */
export function textArrayParam(values: readonly string[]): SQL {
  const literal = `{${values.map((v) => `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;
  return sql`${literal}::text[]`;
}

/**
 * Rows of an export of records made here (source `euregionet`, their id as external id) take
 * that key on first re-import, without counting as a change: a round trip stays unchanged.
 */
export async function adoptOwnKeys(
  tx: { execute(query: SQL): Promise<unknown> },
  table: 'organisations' | 'clusters',
  rows: readonly { source: string; externalId: string }[],
) {
  const ids = rows.filter((r) => r.source === OWN_SOURCE && UUID.test(r.externalId)).map((r) => r.externalId);
  if (!ids.length) return;
  await tx.execute(
    sql`UPDATE ${sql.raw(`"${table}"`)} SET source = ${OWN_SOURCE}, external_id = id::text WHERE source IS NULL AND id = ANY(${textArrayParam(ids)}::uuid[])`,
  );
}
