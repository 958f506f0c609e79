import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { int64 } from '@euregionet/shared';
import { AppError } from '../../errors.js';
import { problemResponses } from '../../http.js';
import type { BackupStatus } from '../../db/backup/scheduled.js';

const HealthSchema = z
  .object({
    status: z.literal('ok'),
    /** With scheduled backups (BACKUP_DIR): when the latest was taken, and how long ago. */
    details: z
      .object({
        latestBackupAt: z.iso.datetime().max(40).nullable(),
        latestBackupAgeSeconds: int64(Number.MIN_SAFE_INTEGER).nullable(),
      })
      .optional(),
  })
  .meta({ id: 'Health' });

export const healthRoutes: FastifyPluginAsyncZod<{ backups?: BackupStatus }> = async (app, { backups }) => {
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
      if (!backups) return { status: 'ok' as const };
      const at = backups.latestAt;
      return {
        status: 'ok' as const,
        details: {
          latestBackupAt: at?.toISOString() ?? null,
          latestBackupAgeSeconds: at ? Math.floor((app.clock.now().getTime() - at.getTime()) / 1000) : null,
        },
      };
    },
  });
};
