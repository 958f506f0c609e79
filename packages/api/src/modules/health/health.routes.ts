import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { problemResponses } from '../../http.js';

const HealthSchema = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['health'];

  app.get('/live', {
    schema: { operationId: 'live', summary: 'The process is up', tags, response: { 200: HealthSchema, ...problemResponses() } },
    handler: async () => ({ status: 'ok' as const }),
  });

  app.get('/ready', {
    schema: {
      operationId: 'ready',
      summary: 'The database answers; take traffic',
      tags,
      response: { 200: HealthSchema, ...problemResponses() },
    },
    handler: async () => {
      try {
        await app.database.ping();
      } catch (err) {
        throw new AppError(503, 'DATABASE_UNAVAILABLE', 'The database is not reachable', { cause: err, headers: { 'retry-after': '2' } });
      }
      return { status: 'ok' as const };
    },
  });
};
