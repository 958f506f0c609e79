import {
  IMAGE_FILE_TYPES,
  countriesOfRegions,
  LOCALES,
  slugify,
  type ClusterCreateSchema,
  type ClusterDetail,
  type ClusterListQuery,
  type ClusterUpdate,
  type Locale,
} from '@euregionet/shared';
import type { z } from 'zod';
import type { Db } from '../../db/client.js';
import { systemClock, type Clock } from '../../clock.js';
import { conflict, notFound } from '../../errors.js';
import type { RequestContext } from '../auth/actor.js';
import { assertCanEdit, assertRole } from '../auth/policy.js';
import { auditedUpdate, recordAudit } from '../audit/audit.repo.js';
import type { FileStore } from '../files/file-store.js';
import { readsRecordFiles, removeFilesOf, userMayEdit, type FileOwnerResolver } from '../files/files.service.js';
import { createClusterRepo } from './clusters.repo.js';

type ClusterCreateInput = z.output<typeof ClusterCreateSchema>;

const clusterNotFound = (id: string) => notFound('CLUSTER_NOT_FOUND', `No cluster with id ${id}`);
/** The audited view of a cluster: its fields, not the derived member list. */
const audited = ({
  members: _members,
  memberCount: _count,
  makeUp: _makeUp,
  missingTranslations: _missing,
  location: _location,
  coordinatesSource: _source,
  ...cluster
}: ClusterDetail) => cluster;

/** A cluster's logo: one image, public while the cluster's profile is published; its editors change it. */
export const clusterLogoFileOwner: FileOwnerResolver = async (db, ctx, id) => {
  const cluster = await createClusterRepo(db).get(id);
  if (!cluster) return null;
  return {
    public: cluster.published,
    read: readsRecordFiles(ctx),
    edit: userMayEdit(ctx, cluster),
    mediaTypes: IMAGE_FILE_TYPES,
    single: true,
  };
};

/**
 * Business rules of the cluster directory. Knows nothing of HTTP. The clock is the day on which
 * `brand` is read (from the brand awards; no write here changes it).
 */
export function createClusterService(db: Db, options: { store?: FileStore; clock?: Clock } = {}) {
  const clock = options.clock ?? systemClock;
  const repo = createClusterRepo(db, clock);

  async function availableSlug(tx: Db, base: string): Promise<string> {
    const root = base.length >= 3 ? base : `cluster-${base}`.replace(/-$/, '');
    for (let n = 1; n < 100; n++) {
      const candidate = n === 1 ? root : `${root.slice(0, 76)}-${n}`;
      if (!(await createClusterRepo(tx, clock).slugExists(candidate))) return candidate;
    }
    throw conflict('SLUG_TAKEN', 'Could not derive a free slug from the name; give one');
  }

  return {
    list(ctx: RequestContext, query: ClusterListQuery, lang: Locale) {
      if (query.deleted) assertRole(ctx, ['admin'], 'list deleted clusters');
      return repo.list({ ...query, lang });
    },

    async get(id: string): Promise<ClusterDetail> {
      const cluster = await repo.get(id);
      if (!cluster) throw clusterNotFound(id);
      return cluster;
    },

    async create(ctx: RequestContext, input: ClusterCreateInput): Promise<ClusterDetail> {
      assertCanEdit(ctx, { partner: input.partner });
      return db.transaction(async (tx) => {
        const clusters = createClusterRepo(tx, clock);
        const name = LOCALES.map((l) => input.name[l]).find(Boolean) ?? 'cluster';
        const slug = input.slug ?? (await availableSlug(tx, slugify(name)));
        const id = await clusters.insert({ ...input, slug, countries: countriesOfRegions(input.regions) });
        const created = (await clusters.get(id))!;
        await recordAudit(tx, ctx, { action: 'create', entity: 'cluster', entityId: id, after: audited(created) });
        return created;
      });
    },

    async update(ctx: RequestContext, id: string, expectedVersion: number, patch: ClusterUpdate): Promise<ClusterDetail> {
      return db.transaction(async (tx) => {
        const clusters = createClusterRepo(tx, clock);
        const before = await clusters.get(id);
        if (!before) throw clusterNotFound(id);
        assertCanEdit(ctx, before);
        if (patch.partner) assertCanEdit(ctx, { partner: patch.partner });
        const values = patch.regions ? { ...patch, countries: countriesOfRegions(patch.regions) } : patch;
        return auditedUpdate(tx, ctx, {
          entity: 'cluster',
          what: 'cluster',
          id,
          before,
          write: () => clusters.update(id, expectedVersion, values),
          read: async () => (await clusters.get(id))!,
          audited,
        });
      });
    },

    /** Soft delete: gone from lists, search and the public API at once; an administrator can restore it. */
    async remove(ctx: RequestContext, id: string): Promise<void> {
      const { store } = options;
      // Without the store the logo's bytes would outlive the cluster.
      if (!store) throw new Error('Deleting a cluster needs the file store');
      const removeBytes = await db.transaction(async (tx) => {
        const clusters = createClusterRepo(tx, clock);
        const before = await clusters.get(id);
        if (!before) throw clusterNotFound(id);
        assertCanEdit(ctx, before);
        if (!(await clusters.softDelete(id))) throw clusterNotFound(id);
        await recordAudit(tx, ctx, { action: 'delete', entity: 'cluster', entityId: id, before: audited(before) });
        // A deleted cluster shows no logo anywhere; a restored one gets a new upload.
        return removeFilesOf(tx, ctx, store, 'cluster_logo', id);
      });
      await removeBytes();
    },

    async restore(ctx: RequestContext, id: string): Promise<ClusterDetail> {
      assertRole(ctx, ['admin'], 'restore deleted clusters');
      return db.transaction(async (tx) => {
        const clusters = createClusterRepo(tx, clock);
        const before = await clusters.get(id, { includeDeleted: true });
        if (!before) throw clusterNotFound(id);
        if (before.deletedAt) {
          await clusters.restore(id);
          await recordAudit(tx, ctx, {
            action: 'restore',
            entity: 'cluster',
            entityId: id,
            changes: { deletedAt: { before: before.deletedAt, after: null } },
          });
        }
        return (await clusters.get(id))!;
      });
    },
  };
}
export type ClusterService = ReturnType<typeof createClusterService>;
