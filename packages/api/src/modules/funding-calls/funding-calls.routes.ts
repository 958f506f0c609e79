import {
  ClusterFundingMatchesSchema,
  EDITORS,
  FollowedClusterListSchema,
  FundingCallClusterMatchesSchema,
  FundingCallCreateSchema,
  FundingCallListQuerySchema,
  FundingCallPageSchema,
  FundingCallSchema,
  FundingCallUpdateSchema,
  FundingMatchQuerySchema,
  FundingReminderQuerySchema,
  FundingRemindersSchema,
  IdParamsSchema,
} from '@euregionet/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiRoutes } from '../../api-route.js';
import { recordRoutes } from '../../record-routes.js';
import { contextOf } from '../auth/auth.plugin.js';
import { createFundingCallService } from './funding-calls.service.js';
import { READERS, STAFF } from '../auth/access.js';

/**
 * Every staff member reads the catalogue and the matches (and keys with `read`, for reporting
 * tools); consultants, coordinators and administrators maintain it, consultants their own
 * partner's calls. Following clusters and reminders are a staff member's own.
 */
export const fundingCallRoutes: FastifyPluginAsyncZod = async (app) => {
  const calls = createFundingCallService(app.db, { clock: app.clock });
  const tags = ['funding-calls'];
  const route = apiRoutes(tags);

  const routes = recordRoutes(app, { path: '/funding-calls', tags, record: FundingCallSchema });
  const editors = { roles: EDITORS } as const;

  routes.list({
    access: READERS,
    operationId: 'listFundingCalls',
    summary: 'List and filter funding calls, soonest deadline first',
    query: FundingCallListQuerySchema,
    page: FundingCallPageSchema,
    list: (query) => calls.list(query),
  });

  routes.create({
    access: editors,
    operationId: 'createFundingCall',
    summary: 'Create a funding call',
    body: FundingCallCreateSchema,
    create: (ctx, body) => calls.create(ctx, body),
  });

  app.get('/funding-calls/reminders', {
    ...route({
      access: STAFF,
      operationId: 'listFundingCallReminders',
      summary: 'Open calls closing soon (30 days unless `days` says otherwise) that fit clusters you follow',
      querystring: FundingReminderQuerySchema,
      response: { 200: FundingRemindersSchema },
    }),
    handler: async (request) => calls.reminders(contextOf(request), request.query.days),
  });

  routes.get({ access: READERS, operationId: 'getFundingCall', summary: 'Get a funding call', get: (id) => calls.get(id) });

  routes.change({
    access: editors,
    operationId: 'updateFundingCall',
    summary: 'Change a funding call (needs If-Match)',
    body: FundingCallUpdateSchema,
    change: (ctx, id, version, body) => calls.update(ctx, id, version, body),
  });

  routes.remove({
    access: editors,
    operationId: 'deleteFundingCall',
    summary: 'Delete a funding call',
    remove: (ctx, id) => calls.remove(ctx, id),
  });

  app.get('/funding-calls/:id/cluster-matches', {
    ...route({
      access: READERS,
      operationId: 'listFundingCallClusterMatches',
      summary: 'The clusters a call fits, best first, with the reasons and what is missing',
      params: IdParamsSchema,
      querystring: FundingMatchQuerySchema,
      response: { 200: FundingCallClusterMatchesSchema },
    }),
    handler: async (request) => calls.clustersForCall(request.params.id, request.query),
  });

  app.get('/clusters/:id/funding-matches', {
    ...route({
      access: READERS,
      operationId: 'listClusterFundingMatches',
      summary: 'The open calls a cluster is eligible for, best first, with the reasons, what is missing and partners to fill the gap',
      params: IdParamsSchema,
      querystring: FundingMatchQuerySchema,
      response: { 200: ClusterFundingMatchesSchema },
    }),
    handler: async (request) => calls.matchesForCluster(request.params.id, request.query),
  });

  app.get('/followed-clusters', {
    ...route({
      access: STAFF,
      operationId: 'listFollowedClusters',
      summary: 'The clusters you follow',
      response: { 200: FollowedClusterListSchema },
    }),
    handler: async (request) => calls.followed(contextOf(request)),
  });

  app.put('/followed-clusters/:id', {
    ...route({
      access: STAFF,
      operationId: 'followCluster',
      summary: 'Follow a cluster: its fitting calls appear in your reminders',
      params: IdParamsSchema,
      response: { 200: FollowedClusterListSchema, 201: FollowedClusterListSchema },
    }),
    handler: async (request, reply) => {
      const ctx = contextOf(request);
      const added = await calls.follow(ctx, request.params.id);
      return reply.status(added ? 201 : 200).send(await calls.followed(ctx));
    },
  });

  app.delete('/followed-clusters/:id', {
    ...route({
      access: STAFF,
      operationId: 'unfollowCluster',
      summary: 'Stop following a cluster',
      params: IdParamsSchema,
      response: { 204: z.null().describe('Not followed (any more)') },
    }),
    handler: async (request, reply) => {
      await calls.unfollow(contextOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  });
};
