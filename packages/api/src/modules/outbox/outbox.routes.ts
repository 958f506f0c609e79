import { MANAGERS, OutboxListQuerySchema, OutboxPageSchema } from '@euregionet/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { apiRoute } from '../../api-route.js';
import { listOutbox } from './outbox.repo.js';

/** The e-mails the platform sends or has sent; without SMTP this is where they can be read. */
export const outboxRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/outbox', {
    ...apiRoute(['outbox'], {
      access: { roles: MANAGERS },
      operationId: 'listOutboxMessages',
      summary: 'E-mails waiting to be sent and sent, newest first (coordinators and administrators)',
      querystring: OutboxListQuerySchema,
      response: { 200: OutboxPageSchema },
    }),
    handler: async (request) => listOutbox(app.db, request.query),
  });
};
