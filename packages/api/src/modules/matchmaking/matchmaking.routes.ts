import {
  ADMINS,
  CandidateListSchema,
  CandidateQuerySchema,
  EDITORS,
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
import { apiRoutes } from '../../api-route.js';
import { etagOf, versionFromIfMatch } from '../../http.js';
import { recordRoutes } from '../../record-routes.js';
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
    const profileRoutes = recordRoutes(app, { path: '/profiles', tags, record: ProfileSchema });

    profileRoutes.list({
      access: READERS,
      operationId: 'listProfiles',
      summary: 'List cooperation profiles, latest change first',
      query: ProfileListQuerySchema,
      page: ProfilePageSchema,
      list: (query) => service.listProfiles(query),
    });

    profileRoutes.create({
      access: editors,
      operationId: 'createProfile',
      summary: 'Create a cooperation profile (an offer or a request)',
      errors: [413, 415],
      body: ProfileCreateSchema,
      create: (ctx, body) => service.createProfile(ctx, body),
    });

    profileRoutes.get({
      access: READERS,
      operationId: 'getProfile',
      summary: 'Get a cooperation profile',
      get: (id) => service.getProfile(id),
    });

    profileRoutes.change({
      access: editors,
      operationId: 'updateProfile',
      summary: 'Change a cooperation profile (needs If-Match)',
      errors: [404, 412, 413, 415, 428],
      body: ProfileUpdateSchema,
      change: (ctx, id, version, body) => service.updateProfile(ctx, id, version, body),
    });

    profileRoutes.remove({
      access: editors,
      operationId: 'deleteProfile',
      summary: 'Delete a cooperation profile',
      remove: (ctx, id) => service.deleteProfile(ctx, id),
    });
  }

  // ---- candidates and weights
  {
    const tags = ['matchmaking'];
    const route = apiRoutes(tags);
    app.get('/matchmaking/candidates', {
      ...route({
        access: READERS,
        operationId: 'listMatchCandidates',
        summary: 'Partners for an organisation, cluster or profile, best first, each score explained',
        querystring: CandidateQuerySchema,
        response: { 200: CandidateListSchema },
        errors: [404],
      }),
      handler: async (request) => service.candidates(request.query),
    });

    app.get('/matchmaking/weights', {
      ...route({
        access: READERS,
        operationId: 'getMatchWeights',
        summary: 'The weights of the score’s components',
        response: { 200: MatchWeightsRecordSchema },
      }),
      handler: async (_request, reply) => {
        const record = await service.weights();
        return reply.header('etag', etagOf(record.version)).send(record);
      },
    });

    app.put('/matchmaking/weights', {
      ...route({
        access: { roles: ADMINS },
        operationId: 'setMatchWeights',
        summary: 'Change the weights (administrators; needs If-Match); the ranking uses them at once',
        ifMatch: 'required',
        body: MatchWeightsSchema,
        response: { 200: MatchWeightsRecordSchema },
      }),
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
    const route = apiRoutes(tags);
    const matchRoutes = recordRoutes(app, { path: '/matches', tags, record: MatchSchema });

    matchRoutes.list({
      access: READERS,
      operationId: 'listMatches',
      summary: 'List matches, newest first',
      query: MatchListQuerySchema,
      page: MatchPageSchema,
      list: (query) => service.listMatches(query),
    });

    app.get('/matches/counts', {
      ...route({
        access: READERS,
        operationId: 'countMatches',
        summary: 'Introductions made and cooperations agreed in a period, the cross-border ones apart, and matches at each stage',
        querystring: MatchCountsQuerySchema,
        response: { 200: MatchCountsSchema },
      }),
      handler: async (request) => service.counts(request.query),
    });

    matchRoutes.create({
      access: editors,
      operationId: 'proposeMatch',
      summary: 'Propose a match between two parties',
      errors: [404, 413, 415, 422],
      body: MatchCreateSchema,
      create: (ctx, body) => service.proposeMatch(ctx, body),
    });

    matchRoutes.get({
      access: READERS,
      operationId: 'getMatch',
      summary: 'Get a match with its steps',
      get: (id) => service.getMatch(id),
    });

    matchRoutes.change({
      access: editors,
      operationId: 'updateMatch',
      summary: 'Change the note or record the outcomes of an agreed cooperation (needs If-Match)',
      body: MatchUpdateSchema,
      change: (ctx, id, version, body) => service.updateMatch(ctx, id, version, body),
    });

    matchRoutes.change({
      access: editors,
      operationId: 'moveMatch',
      summary: 'Move a match to its next stage, or decline it with a reason (needs If-Match)',
      method: 'POST',
      action: 'transitions',
      body: MatchTransitionSchema,
      change: (ctx, id, version, body) => service.moveMatch(ctx, id, version, body),
    });
  }
};
