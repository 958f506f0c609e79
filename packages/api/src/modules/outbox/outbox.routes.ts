import { MANAGERS, OutboxListQuerySchema, OutboxPageSchema } from '@euregionet/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { apiErrors } from '../../http.js';
import { listOutbox } from './outbox.repo.js';

/** The e-mails the platform sends or has sent; without SMTP this is where they can be read. */
export const outboxRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/outbox', {
    config: { access: { roles: MANAGERS } },
    schema: {
      operationId: 'listOutboxMessages',
      summary: 'E-mails waiting to be sent and sent, newest first (coordinators and administrators)',
      tags: ['outbox'],
      querystring: OutboxListQuerySchema,
      response: { 200: OutboxPageSchema, ...apiErrors() },
    },
    handler: async (request) => listOutbox(app.db, request.query),
  });
};
