import {
  ClusterImportRowSchema,
  countriesOfRegions,
  IMPORT_COLUMNS,
  LOCALES,
  slugify,
  type ClusterImportRow,
  type PartnerCode,
} from '@euregionet/shared';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../db/client.js';
import { textArray } from '../../../db/sql.js';
import { type clustersTable } from '../../clusters/clusters.table.js';
import type { Importer, Outcome, RowFailure } from '../imports.engine.js';
import {
  adoptOwnKeys,
  bulkUpsert,
  cellText,
  coordinatesFor,
  DELETED,
  deletedKeys,
  importDenied,
  OWN_SOURCE,
  rowKey,
  type BulkColumn,
} from './common.js';

const COLUMNS: readonly BulkColumn[] = [
  { name: 'source', type: 'text' },
  { name: 'external_id', type: 'text' },
  { name: 'slug', type: 'text' },
  { name: 'kind', type: 'text' },
  { name: 'status', type: 'text' },
  { name: 'cross_border', type: 'boolean' },
  { name: 'name', type: 'jsonb' },
  { name: 'description', type: 'jsonb' },
  { name: 'regions', type: 'text[]' },
  { name: 'countries', type: 'text[]' },
  { name: 'latitude', type: 'numeric' },
  { name: 'longitude', type: 'numeric' },
  { name: 'sectors', type: 'text[]' },
  { name: 'ris3_areas', type: 'text[]' },
  { name: 'website', type: 'text' },
  { name: 'founded_year', type: 'int' },
  { name: 'partner', type: 'text' },
  { name: 'published', type: 'boolean' },
  { name: 'notes', type: 'text' },
];

const camel = (name: string) => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

type StoredCluster = typeof clustersTable.$inferSelect;

/** A stored cluster as an import row: what an export writes. */
export function clusterExportRow(c: Omit<StoredCluster, 'search'>): ClusterImportRow {
  return {
    source: c.source ?? OWN_SOURCE,
    externalId: c.externalId ?? c.id,
    slug: c.slug,
    kind: c.kind,
    status: c.status,
    crossBorder: c.crossBorder,
    name: c.name,
    description: c.description,
    regions: c.regions as ClusterImportRow['regions'],
    ...(c.latitude !== null && c.longitude !== null ? { latitude: c.latitude, longitude: c.longitude } : {}),
    sectors: c.sectors,
    ris3Areas: c.ris3Areas as ClusterImportRow['ris3Areas'],
    website: c.website,
    foundedYear: c.foundedYear,
    partner: c.partner,
    published: c.published,
    notes: c.notes,
  };
}

/** Free slugs for new clusters named in a batch: the name's slug, else with -2, -3, … */
async function freeSlugs(tx: Db, bases: string[]): Promise<(base: string) => string> {
  const taken = new Set(
    (
      await queryRows<{ slug: string }>(tx, sql`SELECT slug FROM clusters WHERE slug LIKE ANY(${textArray(bases.map((b) => `${b}%`))})`)
    ).map((r) => r.slug),
  );
  return (base) => {
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? base : `${base.slice(0, 76)}-${n}`;
      if (!taken.has(candidate)) {
        taken.add(candidate);
        return candidate;
      }
    }
  };
}

/** Clusters by (source, externalId). Consultants and keys import only their own partner's clusters. */
export const clusterImporter: Importer<ClusterImportRow> = {
  entity: 'clusters',
  auditEntity: 'cluster',
  columns: IMPORT_COLUMNS.clusters,
  schema: ClusterImportRowSchema,
  key: (row) => rowKey(row.source, row.externalId),
  constraintFields: { clusters_slug_unique: 'slug' },
  async upsert(tx, ctx, rows) {
    await adoptOwnKeys(tx, 'clusters', rows);
    const existing = new Map(
      (
        await queryRows<{ source: string; external_id: string; slug: string; partner: PartnerCode }>(
          tx,
          sql`SELECT source, external_id, slug, partner FROM clusters
              WHERE (source, external_id) IN (SELECT * FROM unnest(${textArray(rows.map((r) => r.source))}, ${textArray(rows.map((r) => r.externalId))}))`,
        )
      ).map((r) => [rowKey(r.source, r.external_id), r]),
    );
    const baseOf = (r: ClusterImportRow) => {
      const base = slugify(LOCALES.map((l) => r.name[l]).find(Boolean) ?? 'cluster');
      return base.length >= 3 ? base : `cluster-${base}`.replace(/-$/, '');
    };
    const needSlug = rows.filter((r) => !r.slug && !existing.has(rowKey(r.source, r.externalId)));
    const slugFor = needSlug.length ? await freeSlugs(tx, [...new Set(needSlug.map(baseOf))]) : (b: string) => b;

    const deleted = await deletedKeys(tx, 'clusters', rows);
    const outcomes: (Outcome | RowFailure | undefined)[] = rows.map((r) => {
      if (deleted.has(rowKey(r.source, r.externalId))) return DELETED;
      const before = existing.get(rowKey(r.source, r.externalId));
      return (before && importDenied(ctx, before.partner)) || importDenied(ctx, r.partner);
    });
    const allowed = rows.filter((_, i) => !outcomes[i]);
    if (allowed.length) {
      const point = await coordinatesFor(tx, 'clusters', allowed);
      const values = allowed.map((r) => {
        const v: Record<string, unknown> = {
          ...r,
          ...point(r),
          slug: r.slug ?? existing.get(rowKey(r.source, r.externalId))?.slug ?? slugFor(baseOf(r)),
          countries: countriesOfRegions(r.regions),
        };
        return COLUMNS.map((c) => cellText(v[camel(c.name)], c.type));
      });
      const written = await bulkUpsert(tx, 'clusters', COLUMNS, values);
      const byKey = new Map<string, Outcome>(written.map((w) => [rowKey(w.source, w.external_id), w.created ? 'created' : 'updated']));
      rows.forEach((r, i) => {
        outcomes[i] ??= byKey.get(rowKey(r.source, r.externalId)) ?? 'unchanged';
      });
    }
    return outcomes as (Outcome | RowFailure)[];
  },
};
