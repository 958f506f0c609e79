import {
  ActionItemParamsSchema,
  ActionItemStatusUpdateSchema,
  EDITORS,
  EvaluationFollowUpSchema,
  EvaluationShareCreatedSchema,
  EvaluationShareCreateSchema,
  EvaluationShareListSchema,
  EvaluationShareParamsSchema,
  EvaluationShareSchema,
  IdParamsSchema,
} from '@euregionet/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { apiRoutes } from '../../api-route.js';
import type { Config } from '../../config.js';
import { STAFF } from '../auth/access.js';
import { contextOf } from '../auth/auth.plugin.js';
import { createEvaluationShareService } from './evaluation-shares.service.js';

/**
 * Handing an approved evaluation's results to its cluster, and following up its action items.
 * Every staff member sees the links and the follow-up; staff of the evaluating partner (and
 * administrators) create and revoke links; whoever may edit the evaluation updates its items.
 */
export const evaluationShareRoutes: FastifyPluginAsyncZod<{ config: Config }> = async (app, { config }) => {
  const shares = createEvaluationShareService(app.db, { clock: app.clock, publicBaseUrl: config.publicBaseUrl });
  const tags = ['evaluations'];
  const route = apiRoutes(tags);

  app.get('/evaluations/:id/shares', {
    ...route({
      access: STAFF,
      operationId: 'listEvaluationShares',
      summary: 'The results links of an evaluation, newest first, with how often each was opened',
      params: IdParamsSchema,
      response: { 200: EvaluationShareListSchema },
    }),
    handler: async (request) => ({ items: await shares.list(request.params.id) }),
  });

  app.post('/evaluations/:id/shares', {
    ...route({
      access: { roles: EDITORS },
      operationId: 'createEvaluationShare',
      summary: 'Create a link to the results page of an approved evaluation (the link is shown only in this answer)',
      params: IdParamsSchema,
      body: EvaluationShareCreateSchema,
      response: { 201: EvaluationShareCreatedSchema },
      errors: [409],
    }),
    handler: async (request, reply) => {
      const share = await shares.create(contextOf(request), request.params.id, request.body);
      // The answer carries the token: no cache may keep it.
      return reply.status(201).header('cache-control', 'no-store').send(share);
    },
  });

  app.post('/evaluations/:id/shares/:shareId/revocation', {
    ...route({
      access: { roles: EDITORS },
      operationId: 'revokeEvaluationShare',
      summary: 'Revoke a results link: it opens nothing from now on',
      params: EvaluationShareParamsSchema,
      response: { 200: EvaluationShareSchema },
    }),
    handler: async (request) => shares.revoke(contextOf(request), request.params.id, request.params.shareId),
  });

  app.get('/evaluations/:id/follow-up', {
    ...route({
      access: STAFF,
      operationId: 'getEvaluationFollowUp',
      summary: 'The status of each action item, and how far the previous evaluation’s items got',
      params: IdParamsSchema,
      response: { 200: EvaluationFollowUpSchema },
    }),
    handler: async (request) => shares.followUp(request.params.id),
  });

  app.put('/evaluations/:id/action-items/:index/status', {
    ...route({
      access: { roles: EDITORS },
      operationId: 'setActionItemStatus',
      summary: 'Set the follow-up status of an action item of an approved evaluation',
      params: ActionItemParamsSchema,
      body: ActionItemStatusUpdateSchema,
      response: { 200: EvaluationFollowUpSchema },
      errors: [409],
    }),
    handler: async (request) => shares.setStatus(contextOf(request), request.params.id, request.params.index, request.body.status),
  });
};
