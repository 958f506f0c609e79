import {
  ConsultingRequestReceiptSchema,
  EDITORS,
  IdParamsSchema,
  InterestMatchSchema,
  MatchSchema,
  OpportunityInterestSchema,
  PublicLangQuerySchema,
  PublicOpportunityListQuerySchema,
  PublicOpportunityPageSchema,
  PublicOpportunityParamsSchema,
  PublicOpportunitySchema,
} from '@euregionet/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { apiRoute, apiRoutes } from '../../api-route.js';
import type { Config } from '../../config.js';
import { AppError } from '../../errors.js';
import { etagOf, baseUrlOf } from '../../http.js';
import { PORTALS } from '../auth/access.js';
import { contextOf } from '../auth/auth.plugin.js';
import { consultingOptions } from '../consulting/consulting.service.js';
import { publicIntake } from '../public/intake.js';
import { answerLanguage, languagesOf } from '../public/languages.js';
import { sharedCacheControl } from '../public/http-cache.js';
import { portalReads } from '../public/portal-cors.js';
import { createOpportunityService } from './opportunities.service.js';
import { sendDocument } from '../public/document-kinds.js';
import { todayOn } from '../../clock.js';
import { createOpportunityDocuments } from './opportunities.documents.js';

const MAX_AGE = 60;

/**
 * Partnering opportunities for portals, under /api/v1/public with the directory's rules: a
 * `public:read` key, the key's web origins, ETags and `304`; interest with `requests:create`
 * and the protections of the consulting intake.
 */
export const publicOpportunityRoutes: FastifyPluginAsyncZod<{ config: Config }> = async (app, { config }) => {
  const opportunities = createOpportunityService(app.db, { clock: app.clock, consulting: consultingOptions(config, app.clock) });
  // Portals cannot write what these routes read: the documents may be read from a read replica.
  const documents = createOpportunityDocuments(app.db, { db: app.readDb, pool: app.database.readPool ?? app.database.pool });
  const today = todayOn(app.clock);
  const tags = ['public'];
  const route = apiRoutes(tags);
  // Its own limit per client address, apart from the consulting form's.
  const intake = publicIntake(app, { name: 'opportunity-interest', perAddressPerHour: config.consulting.intakePerAddressPerHour });

  portalReads(app, () => sharedCacheControl(MAX_AGE));

  app.get('/opportunities', {
    ...route({
      access: PORTALS,
      operationId: 'listPublicOpportunities',
      summary: 'Partnering opportunities: published cooperation offers and requests, the latest change first',
      description:
        'Localised by `?lang=` or `Accept-Language`, like the clusters; each text says the language it came in. An owner that has not agreed to be published is anonymous (no name, website or contacts); contact persons appear only with their consent. Answers carry `ETag`; `If-None-Match` gets `304`.',
      querystring: PublicOpportunityListQuerySchema,
      response: { 200: PublicOpportunityPageSchema },
    }),
    handler: async (request, reply) => {
      const order = languagesOf(request);
      answerLanguage(request, reply, order[0]!);
      const answer = await documents.list(request.query, order, baseUrlOf(request), today());
      // `updatedSince` (and an opportunity without a document) reads the tables.
      if (answer !== undefined) return sendDocument(reply, answer);
      return opportunities.list(request.query, order);
    },
  });

  app.get('/opportunities/:id', {
    ...route({
      access: PORTALS,
      operationId: 'getPublicOpportunity',
      summary: 'A published partnering opportunity by its id',
      params: PublicOpportunityParamsSchema,
      querystring: PublicLangQuerySchema,
      response: { 200: PublicOpportunitySchema },
    }),
    handler: async (request, reply) => {
      const order = languagesOf(request);
      answerLanguage(request, reply, order[0]!);
      const answer = await documents.detail(request.params.id, order, baseUrlOf(request), today());
      // No document, or not public today (expired, its owner deleted): the tables answer (404).
      if (answer !== undefined) return sendDocument(reply, answer);
      return opportunities.detail(request.params.id, order);
    },
  });

  app.post('/opportunities/:id/interest', {
    ...intake,
    ...route({
      access: { roles: [], scopes: ['requests:create'] },
      operationId: 'expressInterestInOpportunity',
      summary: 'A visitor is interested in an opportunity: a consulting request on partner search (key scope requests:create)',
      description:
        'Answers 201 with the reference the requester can quote; the partner that maintains the opportunity takes it on. The same submission again within a few minutes answers the first request again (header `Idempotent-Replayed: true`). An opportunity that is not (or no longer) published is 404 `OPPORTUNITY_NOT_FOUND`.',
      params: PublicOpportunityParamsSchema,
      body: OpportunityInterestSchema,
      response: { 201: ConsultingRequestReceiptSchema },
    }),
    handler: async (request, reply) => {
      const actor = request.actor!;
      if (actor.kind !== 'apiKey') throw new AppError(403, 'FORBIDDEN', 'Portals submit with an API key');
      if (request.body.website?.trim()) request.log.info('opportunity interest: honeypot field filled, submission discarded');
      // The client address may be the requester's own: it stays out of the append-only audit trail.
      const result = await opportunities.interest({ ...contextOf(request), ip: '' }, request.params.id, request.body, {
        apiKeyId: actor.id,
      });
      if (result.replayed) void reply.header('idempotent-replayed', 'true');
      return reply.status(201).send(result.receipt);
    },
  });
};

/** Staff: an interest in an opportunity becomes a proposed match with one action. */
export const opportunityStaffRoutes: FastifyPluginAsyncZod<{ config: Config }> = async (app, { config }) => {
  const opportunities = createOpportunityService(app.db, { clock: app.clock, consulting: consultingOptions(config, app.clock) });

  app.post('/consulting-requests/:id/proposed-match', {
    ...apiRoute(['consulting'], {
      access: { roles: EDITORS },
      operationId: 'proposeMatchFromInterest',
      summary: 'Turn an interest in an opportunity into a proposed match between the requester and the profile',
      description:
        'The requester’s side is the organisation or cluster the request names, or `party`. The match is linked to the request and noted in its timeline. 409 `REQUEST_WITHOUT_OPPORTUNITY` when the request is about no opportunity, `REQUEST_WITHOUT_PARTY` when no side is known.',
      params: IdParamsSchema,
      body: InterestMatchSchema,
      response: { 201: MatchSchema },
      errors: [409, 422],
    }),
    handler: async (request, reply) => {
      const match = await opportunities.proposeMatch(contextOf(request), request.params.id, request.body);
      return reply.status(201).header('location', `/api/v1/matches/${match.id}`).header('etag', etagOf(match.version)).send(match);
    },
  });
};
