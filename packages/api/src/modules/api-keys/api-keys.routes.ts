import { ADMINS, ApiKeyCreatedSchema, ApiKeyCreateSchema, ApiKeyListSchema, ApiKeySchema, IdParamsSchema } from '@euregionet/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { apiRoutes } from '../../api-route.js';
import { contextOf } from '../auth/auth.plugin.js';

export const apiKeyRoutes: FastifyPluginAsyncZod = async (app) => {
  // The auth plugin's service: a revocation here must reach its cache of verified keys.
  const keys = app.apiKeys;
  const tags = ['api-keys'];
  const route = apiRoutes(tags);
  const access = { roles: ADMINS };

  app.get('/api-keys', {
    ...route({
      access,
      operationId: 'listApiKeys',
      summary: 'List API keys (never their secrets)',
      response: { 200: ApiKeyListSchema },
    }),
    handler: async () => ({ items: await keys.list() }),
  });

  app.post('/api-keys', {
    ...route({
      access,
      operationId: 'createApiKey',
      summary: 'Create an API key; the answer shows the secret once',
      body: ApiKeyCreateSchema,
      response: { 201: ApiKeyCreatedSchema },
    }),
    handler: async (request, reply) => {
      const created = await keys.create(contextOf(request), request.body);
      // The secret is in this body only: no cache may keep it.
      return reply.status(201).header('cache-control', 'no-store').header('location', `/api/v1/api-keys/${created.key.id}`).send(created);
    },
  });

  app.get('/api-keys/:id', {
    ...route({
      access,
      operationId: 'getApiKey',
      summary: 'Get an API key',
      params: IdParamsSchema,
      response: { 200: ApiKeySchema },
    }),
    handler: async (request) => keys.get(request.params.id),
  });

  app.delete('/api-keys/:id', {
    ...route({
      access,
      operationId: 'revokeApiKey',
      summary: 'Revoke an API key at once',
      description:
        'The process that answers refuses the key from the next request on; other API processes, which keep verified keys for `API_KEY_CACHE_SECONDS` (30 s by default), refuse it within that time.',
      params: IdParamsSchema,
      response: { 200: ApiKeySchema },
    }),
    handler: async (request) => keys.revoke(contextOf(request), request.params.id),
  });
};
