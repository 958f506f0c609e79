import {
  ADMINS,
  EDITORS,
  EvaluationComparisonQuerySchema,
  EvaluationComparisonSchema,
  EvaluationCreateSchema,
  EvaluationFrameworkCreateSchema,
  EvaluationFrameworkListQuerySchema,
  EvaluationFrameworkPageSchema,
  EvaluationFrameworkSchema,
  EvaluationFrameworkUpdateSchema,
  EvaluationListQuerySchema,
  EvaluationPageSchema,
  EvaluationProgressSchema,
  EvaluationReturnSchema,
  EvaluationSchema,
  EvaluationUpdateSchema,
  IdParamsSchema,
  MANAGERS,
} from '@euregionet/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { apiRoute, apiRoutes } from '../../api-route.js';
import { etagOf } from '../../http.js';
import { recordRoutes } from '../../record-routes.js';
import { contextOf } from '../auth/auth.plugin.js';
import { createEvaluationService } from './evaluations.service.js';
import { createFrameworkService } from './frameworks.service.js';
import { READERS, STAFF } from '../auth/access.js';

/**
 * Who may do what: every staff member reads; the methodology (frameworks) is the
 * administrators'; consultants, coordinators and administrators write evaluations (consultants
 * those of their own partner's clusters and those they evaluate); coordinators and
 * administrators review them, never their own. The progress figure is also open to API keys
 * with `read`, for reporting; the evaluations themselves are internal and are not.
 */
export const evaluationRoutes: FastifyPluginAsyncZod = async (app) => {
  const frameworks = createFrameworkService(app.db);
  const evaluations = createEvaluationService(app.db, { clock: app.clock });
  const frameworkTags = ['evaluation-frameworks'];
  const tags = ['evaluations'];
  const route = apiRoutes(tags);

  // ---- frameworks

  const frameworkRoutes = recordRoutes(app, { path: '/evaluation-frameworks', tags: frameworkTags, record: EvaluationFrameworkSchema });

  frameworkRoutes.list({
    access: READERS,
    operationId: 'listEvaluationFrameworks',
    summary: 'List framework versions, by code and newest version first',
    query: EvaluationFrameworkListQuerySchema,
    page: EvaluationFrameworkPageSchema,
    list: (query) => frameworks.list(query),
  });

  frameworkRoutes.create({
    access: { roles: ADMINS },
    operationId: 'createEvaluationFramework',
    summary: 'Create a new framework (version 1, as a draft)',
    body: EvaluationFrameworkCreateSchema,
    create: (ctx, body) => frameworks.create(ctx, body),
  });

  frameworkRoutes.get({
    access: READERS,
    operationId: 'getEvaluationFramework',
    summary: 'Get a framework version with its dimensions and criteria',
    get: (id) => frameworks.get(id),
  });

  frameworkRoutes.change({
    access: { roles: ADMINS },
    operationId: 'updateEvaluationFramework',
    summary: 'Change a draft framework version (needs If-Match); published versions never change',
    body: EvaluationFrameworkUpdateSchema,
    change: (ctx, id, version, body) => frameworks.update(ctx, id, version, body),
  });

  app.post('/evaluation-frameworks/:id/versions', {
    ...apiRoute(frameworkTags, {
      access: { roles: ADMINS },
      operationId: 'createEvaluationFrameworkVersion',
      summary: 'Start the next version of a framework: a draft copy of this version',
      params: IdParamsSchema,
      response: { 201: EvaluationFrameworkSchema },
      errors: [409],
    }),
    handler: async (request, reply) => {
      const framework = await frameworks.newVersion(contextOf(request), request.params.id);
      return reply
        .status(201)
        .header('location', `/api/v1/evaluation-frameworks/${framework.id}`)
        .header('etag', etagOf(framework.version))
        .send(framework);
    },
  });

  frameworkRoutes.change({
    access: { roles: ADMINS },
    operationId: 'publishEvaluationFramework',
    summary: 'Publish a draft (needs If-Match): new evaluations use it, the previous version retires',
    method: 'POST',
    action: 'publish',
    change: (ctx, id, version) => frameworks.publish(ctx, id, version),
  });

  frameworkRoutes.remove({
    access: { roles: ADMINS },
    operationId: 'deleteEvaluationFramework',
    summary: 'Delete a draft framework version',
    errors: [409],
    remove: (ctx, id) => frameworks.remove(ctx, id),
  });

  // ---- evaluations

  const routes = recordRoutes(app, { path: '/evaluations', tags, record: EvaluationSchema });

  routes.list({
    access: STAFF,
    operationId: 'listEvaluations',
    summary: 'List evaluations, newest first',
    query: EvaluationListQuerySchema,
    page: EvaluationPageSchema,
    list: (query) => evaluations.list(query),
  });

  app.get('/evaluations/progress', {
    ...route({
      access: READERS,
      operationId: 'getEvaluationProgress',
      summary: 'Clusters with an approved evaluation against the project’s target (16), with every cluster’s latest evaluations',
      response: { 200: EvaluationProgressSchema },
    }),
    handler: async () => evaluations.progress(),
  });

  routes.create({
    access: { roles: EDITORS },
    operationId: 'createEvaluation',
    summary: 'Start an evaluation of a cluster (a draft); indicator values are filled from the directory',
    errors: [404, 409, 422],
    body: EvaluationCreateSchema,
    create: (ctx, body) => evaluations.create(ctx, body),
  });

  routes.get({
    access: STAFF,
    operationId: 'getEvaluation',
    summary: 'Get an evaluation with its scores',
    get: (id) => evaluations.get(id),
  });

  routes.change({
    access: { roles: EDITORS },
    operationId: 'updateEvaluation',
    summary: 'Change a draft or returned evaluation (needs If-Match)',
    errors: [409, 422],
    body: EvaluationUpdateSchema,
    change: (ctx, id, version, body) => evaluations.update(ctx, id, version, body),
  });

  routes.remove({
    access: { roles: EDITORS },
    operationId: 'deleteEvaluation',
    summary: 'Delete a draft that was never submitted',
    errors: [409],
    remove: (ctx, id) => evaluations.remove(ctx, id),
  });

  routes.change({
    access: { roles: EDITORS },
    operationId: 'submitEvaluation',
    summary: 'Submit for review (needs If-Match): every criterion scored, every action item with owner and due date',
    errors: [409, 422],
    method: 'POST',
    action: 'submit',
    change: (ctx, id, version) => evaluations.transition(ctx, id, version, 'submit'),
  });

  routes.change({
    access: { roles: MANAGERS },
    operationId: 'approveEvaluation',
    summary: 'Approve a submitted evaluation (needs If-Match); not by anyone who wrote or scored it. It is read-only afterwards',
    method: 'POST',
    action: 'approve',
    change: (ctx, id, version) => evaluations.transition(ctx, id, version, 'approve'),
  });

  routes.change({
    access: { roles: MANAGERS },
    operationId: 'returnEvaluation',
    summary: 'Return a submitted evaluation to its author with a reason (needs If-Match)',
    method: 'POST',
    action: 'return',
    body: EvaluationReturnSchema,
    change: (ctx, id, version, body) => evaluations.transition(ctx, id, version, 'return', body.reason),
  });

  app.get('/evaluations/:id/comparison', {
    ...route({
      access: STAFF,
      operationId: 'getEvaluationComparison',
      summary: 'Position among the latest approved evaluations of all clusters, change since the previous one, gap to a target profile',
      params: IdParamsSchema,
      querystring: EvaluationComparisonQuerySchema,
      response: { 200: EvaluationComparisonSchema },
    }),
    handler: async (request) => evaluations.comparison(request.params.id, request.query.target),
  });
};
