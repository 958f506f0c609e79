import {
  DigestSubscriptionCreateSchema,
  DigestSubscriptionListSchema,
  DigestSubscriptionParamsSchema,
  DigestSubscriptionSchema,
  DigestSubscriptionUpdateSchema,
  EDITORS,
  IdParamsSchema,
} from '@euregionet/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../../config.js';
import { apiRoutes } from '../../api-route.js';
import { etagOf, versionFromIfMatch } from '../../http.js';
import { runPeriodically } from '../../plugins/periodic.js';
import { STAFF } from '../auth/access.js';
import { contextOf } from '../auth/auth.plugin.js';
import { createDigestService } from './digests.service.js';

/**
 * Contact persons' digest preferences and consent. Every staff member sees them (they work with
 * the contacts); editors record a consent and change preferences, as they edit the directory.
 */
export const digestRoutes: FastifyPluginAsyncZod<{ config: Config }> = async (app, { config }) => {
  const digests = createDigestService(app.db, { clock: app.clock, publicBaseUrl: config.publicBaseUrl });
  const tags = ['organisations'];
  const route = apiRoutes(tags);

  app.get('/organisations/:id/digest-subscriptions', {
    ...route({
      access: STAFF,
      operationId: 'listDigestSubscriptions',
      summary: 'The e-mail digest preferences and consents of the organisation’s contact persons',
      params: IdParamsSchema,
      response: { 200: DigestSubscriptionListSchema },
    }),
    handler: async (request) => ({ items: await digests.list(request.params.id) }),
  });

  app.post('/organisations/:id/digest-subscriptions', {
    ...route({
      access: { roles: EDITORS },
      operationId: 'createDigestSubscription',
      summary: 'Record a contact person’s consent to the e-mail digest, with their preferences',
      params: IdParamsSchema,
      body: DigestSubscriptionCreateSchema,
      response: { 201: DigestSubscriptionSchema },
      errors: [409],
    }),
    handler: async (request, reply) => {
      const created = await digests.create(contextOf(request), request.params.id, request.body);
      return reply
        .status(201)
        .header('location', `/api/v1/digest-subscriptions/${created.id}`)
        .header('etag', etagOf(created.version))
        .send(created);
    },
  });

  app.get('/digest-subscriptions/:id', {
    ...route({
      access: STAFF,
      operationId: 'getDigestSubscription',
      summary: 'A contact person’s digest preferences and consent',
      params: DigestSubscriptionParamsSchema,
      response: { 200: DigestSubscriptionSchema },
    }),
    handler: async (request, reply) => {
      const found = await digests.get(request.params.id);
      return reply.header('etag', etagOf(found.version)).send(found);
    },
  });

  app.patch('/digest-subscriptions/:id', {
    ...route({
      access: { roles: EDITORS },
      operationId: 'updateDigestSubscription',
      summary: 'Change a contact person’s digest preferences (needs If-Match)',
      params: DigestSubscriptionParamsSchema,
      ifMatch: 'required',
      body: DigestSubscriptionUpdateSchema,
      response: { 200: DigestSubscriptionSchema },
      errors: [409],
    }),
    handler: async (request, reply) => {
      const version = versionFromIfMatch(request.headers['if-match']);
      const updated = await digests.update(contextOf(request), request.params.id, version, request.body);
      return reply.header('etag', etagOf(updated.version)).send(updated);
    },
  });
};

/**
 * The digest job, on the app's clock, every `DIGEST_INTERVAL_MS` (0: off, as in tests, which run
 * rounds themselves). A round sends only the digests of a period not yet handled, so an hourly
 * round sends each person one digest a month (or week).
 */
export const digestWorker: FastifyPluginAsyncZod<{ config: Config }> = async (app, { config }) => {
  const interval = config.digests.intervalMs;
  if (!interval) return;
  const digests = createDigestService(app.db, { clock: app.clock, publicBaseUrl: config.publicBaseUrl });
  runPeriodically(app, {
    name: 'digests',
    intervalMs: interval,
    firstAfterMs: 5000,
    round: async () => {
      const r = await digests.runDigests();
      if (r.sent) app.log.info(r, 'digests queued');
    },
  });
};
