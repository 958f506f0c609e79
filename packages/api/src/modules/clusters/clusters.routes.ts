import {
  ClusterCreateSchema,
  ClusterDetailSchema,
  ClusterListQuerySchema,
  ClusterPageSchema,
  ClusterUpdateSchema,
  IdParamsSchema,
} from '@euregionet/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { etagOf, problemResponses, versionFromIfMatch } from '../../http.js';
import { createClusterService } from './clusters.service.js';

const IfMatchHeadersSchema = z.object({
  'if-match': z.string().max(100).optional().describe('ETag of the version the change is based on (required)'),
});

export const clusterRoutes: FastifyPluginAsyncZod = async (app) => {
  const clusters = createClusterService(app.db);
  const tags = ['clusters'];

  app.get('/clusters', {
    schema: {
      operationId: 'listClusters',
      summary: 'List and search clusters',
      tags,
      querystring: ClusterListQuerySchema,
      response: { 200: ClusterPageSchema, ...problemResponses() },
    },
    handler: async (request) => clusters.list(request.query, request.query.lang),
  });

  app.post('/clusters', {
    schema: {
      operationId: 'createCluster',
      summary: 'Create a cluster',
      tags,
      body: ClusterCreateSchema,
      response: { 201: ClusterDetailSchema, ...problemResponses(409, 413, 415) },
    },
    handler: async (request, reply) => {
      const cluster = await clusters.create(request.body);
      return reply.status(201).header('location', `/api/v1/clusters/${cluster.id}`).header('etag', etagOf(cluster.version)).send(cluster);
    },
  });

  app.get('/clusters/:id', {
    schema: {
      operationId: 'getCluster',
      summary: 'Get a cluster with its members',
      tags,
      params: IdParamsSchema,
      response: { 200: ClusterDetailSchema, ...problemResponses(404) },
    },
    handler: async (request, reply) => {
      const cluster = await clusters.get(request.params.id);
      return reply.header('etag', etagOf(cluster.version)).send(cluster);
    },
  });

  app.patch('/clusters/:id', {
    schema: {
      operationId: 'updateCluster',
      summary: 'Change a cluster (needs If-Match)',
      tags,
      params: IdParamsSchema,
      headers: IfMatchHeadersSchema,
      body: ClusterUpdateSchema,
      response: { 200: ClusterDetailSchema, ...problemResponses(404, 409, 412, 413, 415, 428) },
    },
    handler: async (request, reply) => {
      const version = versionFromIfMatch(request.headers['if-match']);
      const cluster = await clusters.update(request.params.id, version, request.body);
      return reply.header('etag', etagOf(cluster.version)).send(cluster);
    },
  });

  app.delete('/clusters/:id', {
    schema: {
      operationId: 'deleteCluster',
      summary: 'Delete a cluster',
      tags,
      params: IdParamsSchema,
      response: { 204: z.null().describe('Deleted'), ...problemResponses(404) },
    },
    handler: async (request, reply) => {
      await clusters.remove(request.params.id);
      return reply.status(204).send(null);
    },
  });
};
