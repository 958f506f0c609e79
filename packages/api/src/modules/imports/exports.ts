import { systemClock, type Clock } from '../../clock.js';
import { Readable } from 'node:stream';
import {
  csvCell,
  IMPORT_COLUMNS,
  type ClusterListQuery,
  type ExportEntity,
  type FundingCallListQuery,
  type OrganisationListQuery,
} from '@euregionet/shared';
import { getTableColumns, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { RequestContext } from '../auth/actor.js';
import { createClusterService } from '../clusters/clusters.service.js';
import { clustersTable } from '../clusters/clusters.table.js';
import { createOrganisationService } from '../organisations/organisations.service.js';
import { organisationsTable } from '../organisations/organisations.table.js';
import { createFundingCallService } from '../funding-calls/funding-calls.service.js';
import { clusterExportRow } from './importers/clusters.importer.js';
import { fundingCallExportRow } from './importers/funding-calls.importer.js';
import { organisationExportRow } from './importers/organisations.importer.js';

const PAGE = 100;

const { search: _os, nameKey: _nk, cityKey: _ck, ...organisationColumns } = getTableColumns(organisationsTable);
const { search: _cs, ...clusterColumns } = getTableColumns(clustersTable);

const inOrder = <T extends { id: string }>(ids: string[], rows: T[]) => {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is T => r !== undefined);
};

/**
 * The records of a list, in the list's order and with its filters, page by page (keyset
 * pagination through the list itself), each as an import row: so an export re-imported as it
 * is changes nothing.
 */
async function* organisationRows(db: Db, ctx: RequestContext, filters: Omit<OrganisationListQuery, 'limit' | 'cursor'>) {
  const organisations = createOrganisationService(db);
  let cursor: string | undefined;
  do {
    const page = await organisations.list(ctx, { ...filters, limit: PAGE, cursor });
    const ids = page.items.map((i) => i.id);
    if (ids.length) {
      const rows = await db.select(organisationColumns).from(organisationsTable).where(inArray(organisationsTable.id, ids));
      for (const row of inOrder(ids, rows)) yield organisationExportRow(row) as Record<string, unknown>;
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

async function* clusterRows(db: Db, ctx: RequestContext, filters: Omit<ClusterListQuery, 'limit' | 'cursor'>, clock: Clock) {
  // The clock: the `brand` filter means a valid award on the app's day.
  const clusters = createClusterService(db, { clock });
  let cursor: string | undefined;
  do {
    const page = await clusters.list(ctx, { ...filters, limit: PAGE, cursor }, filters.lang);
    const ids = page.items.map((i) => i.id);
    if (ids.length) {
      const rows = await db.select(clusterColumns).from(clustersTable).where(inArray(clustersTable.id, ids));
      for (const row of inOrder(ids, rows)) yield clusterExportRow(row) as Record<string, unknown>;
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

async function* fundingCallRows(db: Db, filters: Omit<FundingCallListQuery, 'limit' | 'cursor'>) {
  const calls = createFundingCallService(db);
  let cursor: string | undefined;
  do {
    const page = await calls.list({ ...filters, limit: PAGE, cursor });
    for (const call of page.items) yield fundingCallExportRow(call) as Record<string, unknown>;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

function valueAt(record: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((v, part) => (v as Record<string, unknown> | null | undefined)?.[part], record);
}

async function* asCsv(entity: ExportEntity, rows: AsyncIterable<Record<string, unknown>>) {
  const columns = IMPORT_COLUMNS[entity];
  yield `${columns.map((c) => c.name).join(',')}\r\n`;
  for await (const row of rows) yield `${columns.map((c) => csvCell(valueAt(row, c.name))).join(',')}\r\n`;
}

async function* asJson(rows: AsyncIterable<Record<string, unknown>>) {
  yield '[';
  let first = true;
  for await (const row of rows) {
    yield `${first ? '' : ','}\n${JSON.stringify(row)}`;
    first = false;
  }
  yield '\n]\n';
}

export type ExportFilters = {
  organisations: Omit<OrganisationListQuery, 'limit' | 'cursor'>;
  clusters: Omit<ClusterListQuery, 'limit' | 'cursor'>;
  'funding-calls': Omit<FundingCallListQuery, 'limit' | 'cursor'>;
};

/**
 * The first page is read before the answer starts: a filter the list refuses (sorting by
 * relevance without a search text, say) is a 400, not a download cut off after its headers.
 */
async function primed<T>(rows: AsyncGenerator<T>): Promise<AsyncGenerator<T>> {
  const first = await rows.next();
  return (async function* () {
    if (first.done) return;
    yield first.value;
    yield* rows;
  })();
}

/** An export as a stream of CSV (the import's columns, UTF-8, comma) or of a JSON array of import rows. */
export async function exportStream<E extends ExportEntity>(
  db: Db,
  ctx: RequestContext,
  entity: E,
  filters: ExportFilters[E],
  format: 'csv' | 'json',
  clock: Clock = systemClock,
): Promise<Readable> {
  const rows = await primed(
    entity === 'organisations'
      ? organisationRows(db, ctx, filters as ExportFilters['organisations'])
      : entity === 'clusters'
        ? clusterRows(db, ctx, filters as ExportFilters['clusters'], clock)
        : fundingCallRows(db, filters as ExportFilters['funding-calls']),
  );
  return Readable.from(format === 'csv' ? asCsv(entity, rows) : asJson(rows));
}
