import {
  ADMINS,
  IdParamsSchema,
  WebhookDeliveryListSchema,
  WebhookDeliverySchema,
  WebhookEndpointCreatedSchema,
  WebhookEndpointCreateSchema,
  WebhookEndpointListSchema,
  WebhookEndpointParamsSchema,
} from '@euregionet/shared';
import fp from 'fastify-plugin';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { apiRoutes } from '../../api-route.js';
import type { Config } from '../../config.js';
import { runPeriodically } from '../../plugins/periodic.js';
import { contextOf } from '../auth/auth.plugin.js';
import { createApiKeyService } from '../api-keys/api-keys.service.js';
import { createWebhookSender } from './webhooks.sender.js';
import { createWebhookService } from './webhooks.service.js';

const servicesOf = (app: Parameters<FastifyPluginAsyncZod>[0], config: Config) => ({
  webhooks: createWebhookService(app.db, {
    clock: app.clock,
    publicBaseUrl: config.publicBaseUrl,
    allowPrivateTargets: config.webhooks.allowPrivateTargets,
  }),
  sender: createWebhookSender(app.db, {
    clock: app.clock,
    transport: { allowPrivateTargets: config.webhooks.allowPrivateTargets },
    retryBaseMs: config.webhooks.retryBaseMs,
    maxAttempts: config.webhooks.maxAttempts,
  }),
});

/** Administrators register a portal's webhook endpoints on its API key. */
export const webhookRoutes: FastifyPluginAsyncZod<{ config: Config }> = async (app, { config }) => {
  const { webhooks, sender } = servicesOf(app, config);
  const keys = createApiKeyService(app.db);
  const tags = ['api-keys'];
  const route = apiRoutes(tags);
  const access = { roles: ADMINS };

  app.get('/api-keys/:id/webhooks', {
    ...route({
      access,
      operationId: 'listWebhookEndpoints',
      summary: 'The webhook endpoints of an API key (never their secrets)',
      params: IdParamsSchema,
      response: { 200: WebhookEndpointListSchema },
    }),
    handler: async (request) => {
      await keys.get(request.params.id);
      return { items: await webhooks.list(request.params.id) };
    },
  });

  app.post('/api-keys/:id/webhooks', {
    ...route({
      access,
      operationId: 'createWebhookEndpoint',
      summary: 'Register an HTTPS endpoint for events; the answer shows the signing secret once',
      description:
        'Deliveries are signed as in the Standard Webhooks specification (headers webhook-id, webhook-timestamp, webhook-signature). Addresses that are not public (loopback, private, link-local, IPv4-mapped) are refused when sending, also after DNS resolution; redirects are not followed.',
      params: IdParamsSchema,
      body: WebhookEndpointCreateSchema,
      response: { 201: WebhookEndpointCreatedSchema },
    }),
    handler: async (request, reply) => {
      await keys.get(request.params.id);
      const created = await webhooks.create(contextOf(request), request.params.id, request.body);
      return reply.status(201).header('cache-control', 'no-store').send(created);
    },
  });

  app.delete('/api-keys/:id/webhooks/:endpointId', {
    ...route({
      access,
      operationId: 'deleteWebhookEndpoint',
      summary: 'Remove a webhook endpoint and its delivery log',
      params: WebhookEndpointParamsSchema,
      response: { 204: z.null().describe('Removed') },
    }),
    handler: async (request, reply) => {
      await webhooks.remove(contextOf(request), request.params.id, request.params.endpointId);
      return reply.status(204).send(null);
    },
  });

  app.get('/api-keys/:id/webhooks/:endpointId/deliveries', {
    ...route({
      access,
      operationId: 'listWebhookDeliveries',
      summary: 'The latest 100 deliveries to an endpoint: status, attempts, last answer',
      params: WebhookEndpointParamsSchema,
      response: { 200: WebhookDeliveryListSchema },
    }),
    handler: async (request) => ({ items: await webhooks.deliveries(request.params.id, request.params.endpointId) }),
  });

  app.post('/api-keys/:id/webhooks/:endpointId/test', {
    ...route({
      access,
      operationId: 'sendWebhookTest',
      summary: 'Send a `test` event to the endpoint now; answers the delivery after the first attempt',
      description: 'A failed first attempt is retried like any delivery.',
      params: WebhookEndpointParamsSchema,
      response: { 201: WebhookDeliverySchema },
    }),
    handler: async (request, reply) => {
      const id = await webhooks.enqueueTest(request.params.id, request.params.endpointId);
      await sender.sendDue(id);
      return reply.status(201).send(await webhooks.delivery(id));
    },
  });
};

/** The webhook worker: dispatches new changes, then sends what is due. Off in tests (they run rounds by hand). */
export const webhookWorkerPlugin = fp<{ config: Config }>(
  async (app, { config }) => {
    if (!config.webhooks.intervalMs) return;
    const { webhooks, sender } = servicesOf(app, config);
    runPeriodically(app, {
      name: 'webhooks',
      intervalMs: config.webhooks.intervalMs,
      round: async () => {
        await webhooks.dispatch();
        await sender.sendDue();
      },
    });
  },
  { name: 'webhook-worker', dependencies: ['database'] },
);
