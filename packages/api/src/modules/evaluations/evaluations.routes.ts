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

  app.get('/evaluations', {
    config: { access: STAFF },
    schema: {
      operationId: 'listEvaluations',
      summary: 'List evaluations, newest first',
      tags,
      querystring: EvaluationListQuerySchema,
      response: { 200: EvaluationPageSchema, ...apiErrors() },
    },
    handler: async (request) => evaluations.list(request.query),
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

  app.post('/evaluations', {
    config: { access: { roles: EDITORS } },
    schema: {
      operationId: 'createEvaluation',
      summary: 'Start an evaluation of a cluster (a draft); indicator values are filled from the directory',
      tags,
      body: EvaluationCreateSchema,
      response: { 201: EvaluationSchema, ...apiErrors(404, 409, 413, 415, 422) },
    },
    handler: async (request, reply) => {
      const evaluation = await evaluations.create(contextOf(request), request.body);
      return reply
        .status(201)
        .header('location', `/api/v1/evaluations/${evaluation.id}`)
        .header('etag', etagOf(evaluation.version))
        .send(evaluation);
    },
  });

  app.get('/evaluations/:id', {
    config: { access: STAFF },
    schema: {
      operationId: 'getEvaluation',
      summary: 'Get an evaluation with its scores',
      tags,
      params: IdParamsSchema,
      response: { 200: EvaluationSchema, ...apiErrors(404) },
    },
    handler: async (request, reply) => {
      const evaluation = await evaluations.get(request.params.id);
      return reply.header('etag', etagOf(evaluation.version)).send(evaluation);
    },
  });

  app.patch('/evaluations/:id', {
    config: { access: { roles: EDITORS } },
    schema: {
      operationId: 'updateEvaluation',
      summary: 'Change a draft or returned evaluation (needs If-Match)',
      tags,
      params: IdParamsSchema,
      headers: IfMatchHeadersSchema,
      body: EvaluationUpdateSchema,
      response: { 200: EvaluationSchema, ...apiErrors(404, 409, 412, 413, 415, 422, 428) },
    },
    handler: async (request, reply) => {
      const version = versionFromIfMatch(request.headers['if-match']);
      const evaluation = await evaluations.update(contextOf(request), request.params.id, version, request.body);
      return reply.header('etag', etagOf(evaluation.version)).send(evaluation);
    },
  });

  app.delete('/evaluations/:id', {
    config: { access: { roles: EDITORS } },
    schema: {
      operationId: 'deleteEvaluation',
      summary: 'Delete a draft that was never submitted',
      tags,
      params: IdParamsSchema,
      response: { 204: z.null().describe('Deleted'), ...apiErrors(404, 409) },
    },
    handler: async (request, reply) => {
      await evaluations.remove(contextOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  });

  app.post('/evaluations/:id/submit', {
    config: { access: { roles: EDITORS } },
    schema: {
      operationId: 'submitEvaluation',
      summary: 'Submit for review (needs If-Match): every criterion scored, every action item with owner and due date',
      tags,
      params: IdParamsSchema,
      headers: IfMatchHeadersSchema,
      response: { 200: EvaluationSchema, ...apiErrors(404, 409, 412, 422, 428) },
    },
    handler: async (request, reply) => {
      const version = versionFromIfMatch(request.headers['if-match']);
      const evaluation = await evaluations.transition(contextOf(request), request.params.id, version, 'submit');
      return reply.header('etag', etagOf(evaluation.version)).send(evaluation);
    },
  });

  app.post('/evaluations/:id/approve', {
    config: { access: { roles: MANAGERS } },
    schema: {
      operationId: 'approveEvaluation',
      summary: 'Approve a submitted evaluation (needs If-Match); not by anyone who wrote or scored it. It is read-only afterwards',
      tags,
      params: IdParamsSchema,
      headers: IfMatchHeadersSchema,
      response: { 200: EvaluationSchema, ...apiErrors(404, 409, 412, 428) },
    },
    handler: async (request, reply) => {
      const version = versionFromIfMatch(request.headers['if-match']);
      const evaluation = await evaluations.transition(contextOf(request), request.params.id, version, 'approve');
      return reply.header('etag', etagOf(evaluation.version)).send(evaluation);
    },
  });

  app.post('/evaluations/:id/return', {
    config: { access: { roles: MANAGERS } },
    schema: {
      operationId: 'returnEvaluation',
      summary: 'Return a submitted evaluation to its author with a reason (needs If-Match)',
      tags,
      params: IdParamsSchema,
      headers: IfMatchHeadersSchema,
      body: EvaluationReturnSchema,
      response: { 200: EvaluationSchema, ...apiErrors(404, 409, 412, 413, 415, 428) },
    },
    handler: async (request, reply) => {
      const version = versionFromIfMatch(request.headers['if-match']);
      const evaluation = await evaluations.transition(contextOf(request), request.params.id, version, 'return', request.body.reason);
      return reply.header('etag', etagOf(evaluation.version)).send(evaluation);
    },
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
