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
import { z } from 'zod';
import { apiErrors, etagOf, IfMatchHeadersSchema, versionFromIfMatch } from '../../http.js';
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

  // ---- frameworks

  app.get('/evaluation-frameworks', {
    config: { access: READERS },
    schema: {
      operationId: 'listEvaluationFrameworks',
      summary: 'List framework versions, by code and newest version first',
      tags: frameworkTags,
      querystring: EvaluationFrameworkListQuerySchema,
      response: { 200: EvaluationFrameworkPageSchema, ...apiErrors() },
    },
    handler: async (request) => frameworks.list(request.query),
  });

  app.post('/evaluation-frameworks', {
    config: { access: { roles: ADMINS } },
    schema: {
      operationId: 'createEvaluationFramework',
      summary: 'Create a new framework (version 1, as a draft)',
      tags: frameworkTags,
      body: EvaluationFrameworkCreateSchema,
      response: { 201: EvaluationFrameworkSchema, ...apiErrors(409, 413, 415) },
    },
    handler: async (request, reply) => {
      const framework = await frameworks.create(contextOf(request), request.body);
      return reply
        .status(201)
        .header('location', `/api/v1/evaluation-frameworks/${framework.id}`)
        .header('etag', etagOf(framework.version))
        .send(framework);
    },
  });

  app.get('/evaluation-frameworks/:id', {
    config: { access: READERS },
    schema: {
      operationId: 'getEvaluationFramework',
      summary: 'Get a framework version with its dimensions and criteria',
      tags: frameworkTags,
      params: IdParamsSchema,
      response: { 200: EvaluationFrameworkSchema, ...apiErrors(404) },
    },
    handler: async (request, reply) => {
      const framework = await frameworks.get(request.params.id);
      return reply.header('etag', etagOf(framework.version)).send(framework);
    },
  });

  app.patch('/evaluation-frameworks/:id', {
    config: { access: { roles: ADMINS } },
    schema: {
      operationId: 'updateEvaluationFramework',
      summary: 'Change a draft framework version (needs If-Match); published versions never change',
      tags: frameworkTags,
      params: IdParamsSchema,
      headers: IfMatchHeadersSchema,
      body: EvaluationFrameworkUpdateSchema,
      response: { 200: EvaluationFrameworkSchema, ...apiErrors(404, 409, 412, 413, 415, 428) },
    },
    handler: async (request, reply) => {
      const version = versionFromIfMatch(request.headers['if-match']);
      const framework = await frameworks.update(contextOf(request), request.params.id, version, request.body);
      return reply.header('etag', etagOf(framework.version)).send(framework);
    },
  });

  app.post('/evaluation-frameworks/:id/versions', {
    config: { access: { roles: ADMINS } },
    schema: {
      operationId: 'createEvaluationFrameworkVersion',
      summary: 'Start the next version of a framework: a draft copy of this version',
      tags: frameworkTags,
      params: IdParamsSchema,
      response: { 201: EvaluationFrameworkSchema, ...apiErrors(404, 409) },
    },
    handler: async (request, reply) => {
      const framework = await frameworks.newVersion(contextOf(request), request.params.id);
      return reply
        .status(201)
        .header('location', `/api/v1/evaluation-frameworks/${framework.id}`)
        .header('etag', etagOf(framework.version))
        .send(framework);
    },
  });

  app.post('/evaluation-frameworks/:id/publish', {
    config: { access: { roles: ADMINS } },
    schema: {
      operationId: 'publishEvaluationFramework',
      summary: 'Publish a draft (needs If-Match): new evaluations use it, the previous version retires',
      tags: frameworkTags,
      params: IdParamsSchema,
      headers: IfMatchHeadersSchema,
      response: { 200: EvaluationFrameworkSchema, ...apiErrors(404, 409, 412, 428) },
    },
    handler: async (request, reply) => {
      const version = versionFromIfMatch(request.headers['if-match']);
      const framework = await frameworks.publish(contextOf(request), request.params.id, version);
      return reply.header('etag', etagOf(framework.version)).send(framework);
    },
  });

  app.delete('/evaluation-frameworks/:id', {
    config: { access: { roles: ADMINS } },
    schema: {
      operationId: 'deleteEvaluationFramework',
      summary: 'Delete a draft framework version',
      tags: frameworkTags,
      params: IdParamsSchema,
      response: { 204: z.null().describe('Deleted'), ...apiErrors(404, 409) },
    },
    handler: async (request, reply) => {
      await frameworks.remove(contextOf(request), request.params.id);
      return reply.status(204).send(null);
    },
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
    config: { access: READERS },
    schema: {
      operationId: 'getEvaluationProgress',
      summary: 'Clusters with an approved evaluation against the project’s target (16), with every cluster’s latest evaluations',
      tags,
      response: { 200: EvaluationProgressSchema, ...apiErrors() },
    },
    handler: async () => evaluations.progress(),
  });

  routes.create({
    access: { roles: EDITORS },
    operationId: 'createEvaluation',
    summary: 'Start an evaluation of a cluster (a draft); indicator values are filled from the directory',
    errors: [404, 409, 413, 415, 422],
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
    errors: [404, 409, 412, 413, 415, 422, 428],
    body: EvaluationUpdateSchema,
    change: (ctx, id, version, body) => evaluations.update(ctx, id, version, body),
  });

  routes.remove({
    access: { roles: EDITORS },
    operationId: 'deleteEvaluation',
    summary: 'Delete a draft that was never submitted',
    errors: [404, 409],
    remove: (ctx, id) => evaluations.remove(ctx, id),
  });

  routes.change({
    access: { roles: EDITORS },
    operationId: 'submitEvaluation',
    summary: 'Submit for review (needs If-Match): every criterion scored, every action item with owner and due date',
    errors: [404, 409, 412, 422, 428],
    method: 'POST',
    action: 'submit',
    change: (ctx, id, version) => evaluations.transition(ctx, id, version, 'submit'),
  });

  routes.change({
    access: { roles: MANAGERS },
    operationId: 'approveEvaluation',
    summary: 'Approve a submitted evaluation (needs If-Match); not by anyone who wrote or scored it. It is read-only afterwards',
    errors: [404, 409, 412, 428],
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
    config: { access: STAFF },
    schema: {
      operationId: 'getEvaluationComparison',
      summary: 'Position among the latest approved evaluations of all clusters, change since the previous one, gap to a target profile',
      tags,
      params: IdParamsSchema,
      querystring: EvaluationComparisonQuerySchema,
      response: { 200: EvaluationComparisonSchema, ...apiErrors(404) },
    },
    handler: async (request) => evaluations.comparison(request.params.id, request.query.target),
  });
};
