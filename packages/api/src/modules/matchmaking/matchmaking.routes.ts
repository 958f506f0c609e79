import {
  ADMINS,
  CandidateListSchema,
  CandidateQuerySchema,
  EDITORS,
  IdParamsSchema,
  MatchCountsQuerySchema,
  MatchCountsSchema,
  MatchCreateSchema,
  MatchListQuerySchema,
  MatchPageSchema,
  MatchSchema,
  MatchTransitionSchema,
  MatchUpdateSchema,
  MatchWeightsRecordSchema,
  MatchWeightsSchema,
  ProfileCreateSchema,
  ProfileListQuerySchema,
  ProfilePageSchema,
  ProfileSchema,
  ProfileUpdateSchema,
} from '@euregionet/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiErrors, etagOf, IfMatchHeadersSchema, versionFromIfMatch } from '../../http.js';
import { READERS } from '../auth/access.js';
import { contextOf } from '../auth/auth.plugin.js';
import { createMatchmakingService } from './matchmaking.service.js';

/**
 * Every staff member reads profiles, candidates and matches (and keys with `read`, for reporting
 * tools); consultants, coordinators and administrators maintain profiles and matches, consultants
 * those of their own partner. Only administrators change the weights of the score.
 */
export const matchmakingRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = createMatchmakingService(app.db, { clock: app.clock });
  const editors = { roles: EDITORS } as const;

  // ---- profiles
  {
    const tags = ['profiles'];
    app.get('/profiles', {
      config: { access: READERS },
      schema: {
        operationId: 'listProfiles',
        summary: 'List cooperation profiles, latest change first',
        tags,
        querystring: ProfileListQuerySchema,
        response: { 200: ProfilePageSchema, ...apiErrors() },
      },
      handler: async (request) => service.listProfiles(request.query),
    });

    app.post('/profiles', {
      config: { access: editors },
      schema: {
        operationId: 'createProfile',
        summary: 'Create a cooperation profile (an offer or a request)',
        tags,
        body: ProfileCreateSchema,
        response: { 201: ProfileSchema, ...apiErrors(413, 415) },
      },
      handler: async (request, reply) => {
        const profile = await service.createProfile(contextOf(request), request.body);
        return reply.status(201).header('location', `/api/v1/profiles/${profile.id}`).header('etag', etagOf(profile.version)).send(profile);
      },
    });

    app.get('/profiles/:id', {
      config: { access: READERS },
      schema: {
        operationId: 'getProfile',
        summary: 'Get a cooperation profile',
        tags,
        params: IdParamsSchema,
        response: { 200: ProfileSchema, ...apiErrors(404) },
      },
      handler: async (request, reply) => {
        const profile = await service.getProfile(request.params.id);
        return reply.header('etag', etagOf(profile.version)).send(profile);
      },
    });

    app.patch('/profiles/:id', {
      config: { access: editors },
      schema: {
        operationId: 'updateProfile',
        summary: 'Change a cooperation profile (needs If-Match)',
        tags,
        params: IdParamsSchema,
        headers: IfMatchHeadersSchema,
        body: ProfileUpdateSchema,
        response: { 200: ProfileSchema, ...apiErrors(404, 412, 413, 415, 428) },
      },
      handler: async (request, reply) => {
        const version = versionFromIfMatch(request.headers['if-match']);
        const profile = await service.updateProfile(contextOf(request), request.params.id, version, request.body);
        return reply.header('etag', etagOf(profile.version)).send(profile);
      },
    });

    app.delete('/profiles/:id', {
      config: { access: editors },
      schema: {
        operationId: 'deleteProfile',
        summary: 'Delete a cooperation profile',
        tags,
        params: IdParamsSchema,
        response: { 204: z.null().describe('Deleted'), ...apiErrors(404) },
      },
      handler: async (request, reply) => {
        await service.deleteProfile(contextOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    });
  }

  // ---- candidates and weights
  {
    const tags = ['matchmaking'];
    app.get('/matchmaking/candidates', {
      config: { access: READERS },
      schema: {
        operationId: 'listMatchCandidates',
        summary: 'Partners for an organisation, cluster or profile, best first, each score explained',
        tags,
        querystring: CandidateQuerySchema,
        response: { 200: CandidateListSchema, ...apiErrors(404) },
      },
      handler: async (request) => service.candidates(request.query),
    });

    app.get('/matchmaking/weights', {
      config: { access: READERS },
      schema: {
        operationId: 'getMatchWeights',
        summary: 'The weights of the score’s components',
        tags,
        response: { 200: MatchWeightsRecordSchema, ...apiErrors() },
      },
      handler: async (_request, reply) => {
        const record = await service.weights();
        return reply.header('etag', etagOf(record.version)).send(record);
      },
    });

    app.put('/matchmaking/weights', {
      config: { access: { roles: ADMINS } },
      schema: {
        operationId: 'setMatchWeights',
        summary: 'Change the weights (administrators; needs If-Match); the ranking uses them at once',
        tags,
        headers: IfMatchHeadersSchema,
        body: MatchWeightsSchema,
        response: { 200: MatchWeightsRecordSchema, ...apiErrors(412, 413, 415, 428) },
      },
      handler: async (request, reply) => {
        const version = versionFromIfMatch(request.headers['if-match']);
        const record = await service.setWeights(contextOf(request), version, request.body);
        return reply.header('etag', etagOf(record.version)).send(record);
      },
    });
  }

  // ---- matches
  {
    const tags = ['matches'];
    app.get('/matches', {
      config: { access: READERS },
      schema: {
        operationId: 'listMatches',
        summary: 'List matches, newest first',
        tags,
        querystring: MatchListQuerySchema,
        response: { 200: MatchPageSchema, ...apiErrors() },
      },
      handler: async (request) => service.listMatches(request.query),
    });

    app.get('/matches/counts', {
      config: { access: READERS },
      schema: {
        operationId: 'countMatches',
        summary: 'Introductions made and cooperations agreed in a period, the cross-border ones apart, and matches at each stage',
        tags,
        querystring: MatchCountsQuerySchema,
        response: { 200: MatchCountsSchema, ...apiErrors() },
      },
      handler: async (request) => service.counts(request.query),
    });

    app.post('/matches', {
      config: { access: editors },
      schema: {
        operationId: 'proposeMatch',
        summary: 'Propose a match between two parties',
        tags,
        body: MatchCreateSchema,
        response: { 201: MatchSchema, ...apiErrors(404, 413, 415, 422) },
      },
      handler: async (request, reply) => {
        const match = await service.proposeMatch(contextOf(request), request.body);
        return reply.status(201).header('location', `/api/v1/matches/${match.id}`).header('etag', etagOf(match.version)).send(match);
      },
    });

    app.get('/matches/:id', {
      config: { access: READERS },
      schema: {
        operationId: 'getMatch',
        summary: 'Get a match with its steps',
        tags,
        params: IdParamsSchema,
        response: { 200: MatchSchema, ...apiErrors(404) },
      },
      handler: async (request, reply) => {
        const match = await service.getMatch(request.params.id);
        return reply.header('etag', etagOf(match.version)).send(match);
      },
    });

    app.patch('/matches/:id', {
      config: { access: editors },
      schema: {
        operationId: 'updateMatch',
        summary: 'Change the note or record the outcomes of an agreed cooperation (needs If-Match)',
        tags,
        params: IdParamsSchema,
        headers: IfMatchHeadersSchema,
        body: MatchUpdateSchema,
        response: { 200: MatchSchema, ...apiErrors(404, 409, 412, 413, 415, 428) },
      },
      handler: async (request, reply) => {
        const version = versionFromIfMatch(request.headers['if-match']);
        const match = await service.updateMatch(contextOf(request), request.params.id, version, request.body);
        return reply.header('etag', etagOf(match.version)).send(match);
      },
    });

    app.post('/matches/:id/transitions', {
      config: { access: editors },
      schema: {
        operationId: 'moveMatch',
        summary: 'Move a match to its next stage, or decline it with a reason (needs If-Match)',
        tags,
        params: IdParamsSchema,
        headers: IfMatchHeadersSchema,
        body: MatchTransitionSchema,
        response: { 200: MatchSchema, ...apiErrors(404, 409, 412, 413, 415, 428) },
      },
      handler: async (request, reply) => {
        const version = versionFromIfMatch(request.headers['if-match']);
        const match = await service.moveMatch(contextOf(request), request.params.id, version, request.body);
        return reply.header('etag', etagOf(match.version)).send(match);
      },
    });
  }
};
