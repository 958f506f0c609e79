import { AuditPageSchema, AuditQuerySchema, MANAGERS } from '@euregionet/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { apiRoute } from '../../api-route.js';
import { listAudit } from './audit.repo.js';

/** Read-only by design: the trail has no route to change or delete an entry. */
export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/audit-log', {
    ...apiRoute(['audit'], {
      access: { roles: MANAGERS },
      operationId: 'listAuditLog',
      summary: 'Browse the audit trail, newest first',
      querystring: AuditQuerySchema,
      response: { 200: AuditPageSchema },
    }),
    handler: async (request) => listAudit(app.db, request.query),
  });
};
