import {
  IMPORT_COLUMNS,
  MembershipImportRowSchema,
  type ImportReference,
  type MembershipImportRow,
  type PartnerCode,
} from '@euregionet/shared';
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../../db/client.js';
import type { Importer, Outcome, RowFailure } from '../imports.engine.js';
import { importDenied, OWN_SOURCE, UUID } from './common.js';

interface Found {
  id: string;
  partner: PartnerCode | null;
}

/** A cluster or organisation named by its natural key, its id (source `euregionet`) or its name (a cluster also by slug). */
async function resolve(tx: Db, kind: 'cluster' | 'organisation', ref: ImportReference): Promise<Found | RowFailure> {
  const table = sql.raw(kind === 'cluster' ? 'clusters' : 'organisations');
  const partner = sql.raw(kind === 'cluster' ? 'partner' : 'NULL::text');
  let where: SQL;
  let field: string;
  if (ref.source && ref.externalId) {
    field = `${kind}.externalId`;
    where =
      ref.source === OWN_SOURCE && UUID.test(ref.externalId)
        ? sql`(id = ${ref.externalId}::uuid OR (source = ${ref.source} AND external_id = ${ref.externalId}))`
        : sql`source = ${ref.source} AND external_id = ${ref.externalId}`;
  } else {
    field = `${kind}.name`;
    const name = ref.name!;
    where =
      kind === 'cluster'
        ? sql`(slug = ${name} OR lower(name->>'de') = lower(${name}) OR lower(name->>'pl') = lower(${name}) OR lower(name->>'en') = lower(${name}))`
        : sql`lower(name) = lower(${name})`;
  }
  const found = await queryRows<Found>(
    tx,
    sql`SELECT id, ${partner} AS partner FROM ${table} WHERE deleted_at IS NULL AND ${where} LIMIT 2`,
  );
  if (found.length === 0)
    return { field, code: 'not_found', message: `No ${kind} by this ${ref.name && !ref.externalId ? 'name' : 'key'}` };
  if (found.length > 1) return { field, code: 'ambiguous', message: `Several ${kind}s have this name: name it by source and externalId` };
  return found[0]!;
}

const isFailure = (x: Found | RowFailure): x is RowFailure => 'code' in x;

/** Memberships of organisations in clusters, keyed by the two; whoever may change the cluster may change its members. */
export const membershipImporter: Importer<MembershipImportRow> = {
  entity: 'memberships',
  auditEntity: 'membership',
  columns: IMPORT_COLUMNS.memberships,
  schema: MembershipImportRowSchema,
  key: (row) => JSON.stringify([row.cluster, row.organisation]),
  async upsert(tx, ctx, rows) {
    const out: (Outcome | RowFailure)[] = [];
    for (const row of rows) {
      const cluster = await resolve(tx, 'cluster', row.cluster);
      if (isFailure(cluster)) {
        out.push(cluster);
        continue;
      }
      const denied = importDenied(ctx, cluster.partner!);
      if (denied) {
        out.push({ ...denied, field: 'cluster' });
        continue;
      }
      const organisation = await resolve(tx, 'organisation', row.organisation);
      if (isFailure(organisation)) {
        out.push(organisation);
        continue;
      }
      const written = await queryRows<{ created: boolean }>(
        tx,
        sql`INSERT INTO memberships (cluster_id, organisation_id, role, since)
            VALUES (${cluster.id}, ${organisation.id}, ${row.role}, ${row.since})
            ON CONFLICT (cluster_id, organisation_id) DO UPDATE SET role = excluded.role, since = excluded.since
            WHERE (memberships.role, memberships.since) IS DISTINCT FROM (excluded.role, excluded.since)
            RETURNING (xmax = 0) AS created`,
      );
      out.push(written.length === 0 ? 'unchanged' : written[0]!.created ? 'created' : 'updated');
    }
    return out;
  },
};
