import {
  COUNTRIES,
  LOCALES,
  regionCountry,
  slugify,
  type ClusterCreateSchema,
  type ClusterDetail,
  type ClusterListQuery,
  type ClusterUpdate,
  type Country,
  type Locale,
} from '@euregionet/shared';
import type { z } from 'zod';
import type { Db } from '../../db/client.js';
import { AppError, conflict, notFound } from '../../errors.js';
import { createClusterRepo } from './clusters.repo.js';

type ClusterCreateInput = z.output<typeof ClusterCreateSchema>;

function countriesOf(regions: string[]): Country[] {
  const found = new Set(regions.map(regionCountry));
  return COUNTRIES.filter((c) => found.has(c));
}

const clusterNotFound = (id: string) => notFound('CLUSTER_NOT_FOUND', `No cluster with id ${id}`);

/** Business rules of the cluster directory. Knows nothing of HTTP. */
export function createClusterService(db: Db) {
  const repo = createClusterRepo(db);

  async function availableSlug(base: string): Promise<string> {
    const root = base.length >= 3 ? base : `cluster-${base}`.replace(/-$/, '');
    for (let n = 1; n < 100; n++) {
      const candidate = n === 1 ? root : `${root.slice(0, 76)}-${n}`;
      if (!(await repo.slugExists(candidate))) return candidate;
    }
    throw conflict('SLUG_TAKEN', 'Could not derive a free slug from the name; give one');
  }

  return {
    list: (query: ClusterListQuery, lang: Locale) => repo.list({ ...query, lang }),

    async get(id: string): Promise<ClusterDetail> {
      const cluster = await repo.get(id);
      if (!cluster) throw clusterNotFound(id);
      return cluster;
    },

    async create(input: ClusterCreateInput): Promise<ClusterDetail> {
      const name = LOCALES.map((l) => input.name[l]).find(Boolean) ?? 'cluster';
      const slug = input.slug ?? (await availableSlug(slugify(name)));
      const id = await repo.insert({ ...input, slug, countries: countriesOf(input.regions) });
      return this.get(id);
    },

    async update(id: string, expectedVersion: number, patch: ClusterUpdate): Promise<ClusterDetail> {
      const values = patch.regions ? { ...patch, countries: countriesOf(patch.regions) } : patch;
      const changed = await repo.update(id, expectedVersion, values);
      if (!changed) {
        const current = await repo.get(id);
        if (!current) throw clusterNotFound(id);
        throw new AppError(
          412,
          'PRECONDITION_FAILED',
          `The cluster was changed by someone else (now version ${current.version}); reload it and apply your change again`,
        );
      }
      return this.get(id);
    },

    async remove(id: string): Promise<void> {
      if (!(await repo.remove(id))) throw clusterNotFound(id);
    },
  };
}
export type ClusterService = ReturnType<typeof createClusterService>;
