import {
  ADMINS,
  ClusterCreateSchema,
  EDITORS,
  MANAGERS,
  ClusterDetailSchema,
  ClusterListQuerySchema,
  ClusterPageSchema,
  ClusterUpdateSchema,
} from '@euregionet/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { recordRoutes } from '../../record-routes.js';
import { createClusterService } from './clusters.service.js';
import { READERS } from '../auth/access.js';
import type { FileStore } from '../files/file-store.js';

export const clusterRoutes: FastifyPluginAsyncZod<{ store: FileStore }> = async (app, { store }) => {
  const clusters = createClusterService(app.db, { store, clock: app.clock });
  const tags = ['clusters'];

  const routes = recordRoutes(app, { path: '/clusters', tags, record: ClusterDetailSchema });

  routes.list({
    access: READERS,
    operationId: 'listClusters',
    summary: 'List and search clusters',
    query: ClusterListQuerySchema,
    page: ClusterPageSchema,
    list: (query, ctx) => clusters.list(ctx, query, query.lang),
  });

  routes.create({
    access: { roles: EDITORS },
    operationId: 'createCluster',
    summary: 'Create a cluster',
    body: ClusterCreateSchema,
    create: (ctx, body) => clusters.create(ctx, body),
  });

  routes.get({
    access: READERS,
    operationId: 'getCluster',
    summary: 'Get a cluster with its members',
    get: (id) => clusters.get(id),
  });

  routes.change({
    access: { roles: EDITORS },
    operationId: 'updateCluster',
    summary: 'Change a cluster (needs If-Match)',
    body: ClusterUpdateSchema,
    change: (ctx, id, version, body) => clusters.update(ctx, id, version, body),
  });

  routes.remove({
    access: { roles: MANAGERS },
    operationId: 'deleteCluster',
    summary: 'Delete a cluster (coordinators and administrators); administrators can restore it',
    remove: (ctx, id) => clusters.remove(ctx, id),
  });

  routes.restore({
    access: { roles: ADMINS },
    operationId: 'restoreCluster',
    summary: 'Restore a deleted cluster (administrators)',
    restore: (ctx, id) => clusters.restore(ctx, id),
  });
};
