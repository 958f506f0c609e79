import { AuditPageSchema, AuditQuerySchema, MANAGERS } from '@euregionet/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { apiErrors } from '../../http.js';
import { listAudit } from './audit.repo.js';

/** Read-only by design: the trail has no route to change or delete an entry. */
export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/audit-log', {
    config: { access: { roles: MANAGERS } },
    schema: {
      operationId: 'listAuditLog',
      summary: 'Browse the audit trail, newest first',
      tags: ['audit'],
      querystring: AuditQuerySchema,
      response: { 200: AuditPageSchema, ...apiErrors() },
    },
    handler: async (request) => listAudit(app.db, request.query),
  });
};
