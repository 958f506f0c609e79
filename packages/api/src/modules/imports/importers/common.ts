import { canEditRecord, roundCoordinate, type PartnerCode } from '@euregionet/shared';
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../../db/client.js';
import { textArray, uuidArray } from '../../../db/sql.js';
import type { RequestContext } from '../../auth/actor.js';
import type { RowFailure } from '../imports.engine.js';

/** Records created in this platform carry this source when exported, their id as external id. */
export const OWN_SOURCE = 'euregionet';

export const rowKey = (source: string, externalId: string) => `${source}\u0000${externalId}`;

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

/**
 * Rows of an export of records made here (source `euregionet`, their id as external id) take
 * that key on first re-import, without counting as a change: a round trip stays unchanged.
 */
export async function adoptOwnKeys(
  tx: { execute(query: SQL): Promise<unknown> },
  table: 'organisations' | 'clusters' | 'funding_calls',
  rows: readonly { source: string; externalId: string }[],
) {
  const ids = rows.filter((r) => r.source === OWN_SOURCE && UUID.test(r.externalId)).map((r) => r.externalId);
  if (!ids.length) return;
  await tx.execute(
    sql`UPDATE ${sql.raw(`"${table}"`)} SET source = ${OWN_SOURCE}, external_id = id::text WHERE source IS NULL AND id = ANY(${uuidArray(ids)})`,
  );
}

/** A column of a bulk upsert: its name in SQL and the type its text is cast to. */
export interface BulkColumn {
  name: string;
  type: 'text' | 'int' | 'numeric' | 'boolean' | 'jsonb' | 'text[]';
}

const literal = (values: readonly (string | null)[]) =>
  `{${values.map((v) => (v === null ? 'NULL' : `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`)).join(',')}}`;

/** A value as the text a bulk upsert sends: arrays as PostgreSQL array literals, objects as JSON. */
export function cellText(value: unknown, type: BulkColumn['type']): string | null {
  if (value === null || value === undefined) return null;
  if (type === 'text[]') return literal((value as unknown[]).map(String));
  if (type === 'jsonb') return JSON.stringify(value);
  return String(value);
}

/**
 * Creates or updates a batch in one statement with one parameter per column (arrays through
 * `unnest`), whatever the number of rows: no 65,535-parameter limit, and no per-value work in the
 * query builder. Rows equal to the stored record are not touched. Answers the keys written and
 * whether each was created.
 */
export async function bulkUpsert(
  tx: Db,
  table: string,
  columns: readonly BulkColumn[],
  rows: readonly (string | null)[][],
): Promise<{ source: string; external_id: string; created: boolean }[]> {
  const names = columns.map((c) => `"${c.name}"`);
  const compared = columns.filter((c) => c.name !== 'source' && c.name !== 'external_id').map((c) => `"${c.name}"`);
  const params = columns.map((_, i) => sql`${literal(rows.map((r) => r[i] ?? null))}::text[]`);
  const select = columns.map((c) => `r."${c.name}"::${c.type}`).join(', ');
  return queryRows(
    tx,
    sql`INSERT INTO ${sql.raw(`"${table}"`)} (${sql.raw(names.join(', '))})
        SELECT ${sql.raw(select)} FROM unnest(${sql.join(params, sql`, `)}) AS r(${sql.raw(names.join(', '))})
        ON CONFLICT (source, external_id) DO UPDATE SET ${sql.raw(compared.map((n) => `${n} = excluded.${n}`).join(', '))},
          version = ${sql.raw(`"${table}"`)}.version + 1, updated_at = now()
        WHERE (${sql.raw(compared.map((n) => `"${table}".${n}`).join(', '))}) IS DISTINCT FROM (${sql.raw(compared.map((n) => `excluded.${n}`).join(', '))})
        RETURNING source, external_id, (xmax = 0) AS created`,
  );
}

/** The keys of a batch whose record is deleted: such a row is refused, not silently written to a record nobody sees. */
export async function deletedKeys(tx: Db, table: 'organisations' | 'clusters', rows: readonly { source: string; externalId: string }[]) {
  const found = await queryRows<{ source: string; external_id: string }>(
    tx,
    sql`SELECT source, external_id FROM ${sql.raw(`"${table}"`)} WHERE deleted_at IS NOT NULL
        AND (source, external_id) IN (SELECT * FROM unnest(${textArray(rows.map((r) => r.source))}, ${textArray(rows.map((r) => r.externalId))}))`,
  );
  return new Set(found.map((f) => rowKey(f.source, f.external_id)));
}

export const DELETED: RowFailure = {
  field: 'externalId',
  code: 'deleted',
  message: 'The record with this key is deleted: an administrator can restore it, then import again',
};

interface RowCoordinates {
  source: string;
  externalId: string;
  latitude?: number | undefined;
  longitude?: number | undefined;
}
type StoredPoint = { latitude: string | null; longitude: string | null };

/**
 * A record's own coordinates as a batch writes them: those of the row (rounded to the 5 decimals
 * stored, so that a repeat is unchanged), else those stored (a file without coordinates keeps the
 * point staff set). Answers a function from a row to its two values.
 */
export async function coordinatesFor(tx: Db, table: 'organisations' | 'clusters', rows: readonly RowCoordinates[]) {
  const without = rows.filter((r) => r.latitude === undefined);
  const stored = new Map<string, StoredPoint>();
  if (without.length) {
    const found = await queryRows<StoredPoint & { source: string; external_id: string }>(
      tx,
      sql`SELECT source, external_id, latitude::text AS latitude, longitude::text AS longitude FROM ${sql.raw(`"${table}"`)}
          WHERE (source, external_id) IN (SELECT * FROM unnest(${textArray(without.map((r) => r.source))}, ${textArray(without.map((r) => r.externalId))}))`,
    );
    for (const f of found) stored.set(rowKey(f.source, f.external_id), { latitude: f.latitude, longitude: f.longitude });
  }
  return (r: RowCoordinates): { latitude: number | string | null; longitude: number | string | null } =>
    r.latitude !== undefined && r.longitude !== undefined
      ? { latitude: roundCoordinate(r.latitude), longitude: roundCoordinate(r.longitude) }
      : (stored.get(rowKey(r.source, r.externalId)) ?? { latitude: null, longitude: null });
}
