import {
  ADMINS,
  ClusterCreateSchema,
  EDITORS,
  MANAGERS,
  ClusterDetailSchema,
  ClusterListQuerySchema,
  ClusterPageSchema,
  ClusterUpdateSchema,
  IdParamsSchema,
} from '@euregionet/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiErrors, etagOf, IfMatchHeadersSchema, versionFromIfMatch } from '../../http.js';
import { contextOf } from '../auth/auth.plugin.js';
import { createClusterService } from './clusters.service.js';
import { READERS } from '../auth/access.js';
import type { FileStore } from '../files/file-store.js';

export const clusterRoutes: FastifyPluginAsyncZod<{ store: FileStore }> = async (app, { store }) => {
  const clusters = createClusterService(app.db, { store, clock: app.clock });
  const tags = ['clusters'];

  app.get('/clusters', {
    config: { access: READERS },
    schema: {
      operationId: 'listClusters',
      summary: 'List and search clusters',
      tags,
      querystring: ClusterListQuerySchema,
      response: { 200: ClusterPageSchema, ...apiErrors() },
    },
    handler: async (request) => clusters.list(contextOf(request), request.query, request.query.lang),
  });

  app.post('/clusters', {
    config: { access: { roles: EDITORS } },
    schema: {
      operationId: 'createCluster',
      summary: 'Create a cluster',
      tags,
      body: ClusterCreateSchema,
      response: { 201: ClusterDetailSchema, ...apiErrors(409, 413, 415) },
    },
    handler: async (request, reply) => {
      const cluster = await clusters.create(contextOf(request), request.body);
      return reply.status(201).header('location', `/api/v1/clusters/${cluster.id}`).header('etag', etagOf(cluster.version)).send(cluster);
    },
  });

  app.get('/clusters/:id', {
    config: { access: READERS },
    schema: {
      operationId: 'getCluster',
      summary: 'Get a cluster with its members',
      tags,
      params: IdParamsSchema,
      response: { 200: ClusterDetailSchema, ...apiErrors(404) },
    },
    handler: async (request, reply) => {
      const cluster = await clusters.get(request.params.id);
      return reply.header('etag', etagOf(cluster.version)).send(cluster);
    },
  });

  app.patch('/clusters/:id', {
    config: { access: { roles: EDITORS } },
    schema: {
      operationId: 'updateCluster',
      summary: 'Change a cluster (needs If-Match)',
      tags,
      params: IdParamsSchema,
      headers: IfMatchHeadersSchema,
      body: ClusterUpdateSchema,
      response: { 200: ClusterDetailSchema, ...apiErrors(404, 409, 412, 413, 415, 428) },
    },
    handler: async (request, reply) => {
      const version = versionFromIfMatch(request.headers['if-match']);
      const cluster = await clusters.update(contextOf(request), request.params.id, version, request.body);
      return reply.header('etag', etagOf(cluster.version)).send(cluster);
    },
  });

  app.delete('/clusters/:id', {
    config: { access: { roles: MANAGERS } },
    schema: {
      operationId: 'deleteCluster',
      summary: 'Delete a cluster (coordinators and administrators); administrators can restore it',
      tags,
      params: IdParamsSchema,
      response: { 204: z.null().describe('Deleted'), ...apiErrors(404) },
    },
    handler: async (request, reply) => {
      await clusters.remove(contextOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  });

  app.post('/clusters/:id/restore', {
    config: { access: { roles: ADMINS } },
    schema: {
      operationId: 'restoreCluster',
      summary: 'Restore a deleted cluster (administrators)',
      tags,
      params: IdParamsSchema,
      response: { 200: ClusterDetailSchema, ...apiErrors(404) },
    },
    handler: async (request, reply) => {
      const cluster = await clusters.restore(contextOf(request), request.params.id);
      return reply.header('etag', etagOf(cluster.version)).send(cluster);
    },
  });
};
