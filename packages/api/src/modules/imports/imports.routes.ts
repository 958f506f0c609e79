import type { Readable } from 'node:stream';
import {
  ANY_STAFF,
  EDITORS,
  IdParamsSchema,
  IMPORT_COLUMNS,
  IMPORT_ENTITIES,
  ImportEntitySchema,
  ImportHeadersSchema,
  ImportListQuerySchema,
  ImportPageSchema,
  ImportQuerySchema,
  ImportSchema,
} from '@euregionet/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiRoutes } from '../../api-route.js';
import type { Config } from '../../config.js';
import { AppError } from '../../errors.js';
import type { StreamedBody } from '../../plugins/openapi.js';
import { registerBacklog } from '../../plugins/metrics.js';
import { runPeriodically } from '../../plugins/periodic.js';
import { contextOf } from '../auth/auth.plugin.js';
import { createImportService } from './imports.service.js';

const importers = { roles: EDITORS, scopes: ['import:write'] } as const;
const historyReaders = { roles: ANY_STAFF, scopes: ['import:write'] } as const;

const columnsDoc = IMPORT_ENTITIES.map(
  (e) =>
    `- **${e}**: ${IMPORT_COLUMNS[e]
      .map((c) => `\`${c.name}\`${c.required ? ' (required)' : ''}${c.aliases?.length ? ` (also: ${c.aliases.join(', ')})` : ''}`)
      .join(', ')}`,
).join('\n');

const DESCRIPTION = `The body is a CSV file (\`text/csv\`: UTF-8 with or without BOM, \`,\` \`;\` or tab as delimiter, a header row naming the columns) or a JSON array of rows (\`application/json\`, flat \`"description.de"\` or nested \`{"description":{"de":…}}\`).

Each row carries its natural key (\`source\`, \`externalId\`): a new key creates a record, a known one updates it, a row equal to the record counts as unchanged. Memberships name their cluster and organisation by \`source\` and \`externalId\`, or by name (a cluster also by slug). Lists are separated by \`|\` (\`C|J62\`); numbers may have a decimal comma; an organisation's or cluster's own map point is \`latitude\` and \`longitude\` together (WGS84 degrees; both empty keeps the stored point); booleans are true/false, ja/nein, tak/nie, 1/0; dates YYYY-MM-DD or DD.MM.YYYY. An exported record of this platform has source \`euregionet\` and its id as external id.

Columns, with the other names they are recognised by (compared without case and accents); \`map\` names further ones:
${columnsDoc}

\`?dryRun=true\` writes nothing; \`?mode=atomic\` (default) writes nothing if any row is bad; \`?mode=partial\` writes the good rows. The answer lists every bad row with its row number (the first data row is 1), field and reason. With an \`Idempotency-Key\` a retry answers the first result (header \`Idempotent-Replayed: true\`); the same key with another body is a 422. A body may be up to 256 MiB by default (larger: 413). A body larger than the job threshold (4 MiB by default) is answered with 202 and an import to poll at \`GET /api/v1/imports/{id}\`.`;

/**
 * The body as the OpenAPI document shows it; the route streams and checks it itself. Its bounds
 * follow from the body limit: a CSV file of at most that many characters, and a JSON array of at
 * most a third as many rows (the shortest row, `{}` and a comma, takes three bytes).
 */
const importBody = (bodyLimit: number): StreamedBody => ({
  'text/csv': { schema: { type: 'string', maxLength: bodyLimit, description: 'A header row naming the columns, then one row per record' } },
  'application/json': {
    schema: {
      type: 'array',
      maxItems: Math.floor(bodyLimit / 3),
      description: 'One object per record; keys are the column names',
      items: { type: 'object', additionalProperties: true },
    },
  },
});

export const importRoutes: FastifyPluginAsyncZod<{ config: Config }> = async (app, { config }) => {
  let wakeWorker = () => {};
  const imports = createImportService(app.db, config.imports, { log: app.log, clock: app.clock, onQueued: () => wakeWorker() });
  registerBacklog(app, 'import_jobs', 'Imports queued or running', () => imports.backlog());
  let stopWatching = () => {};
  app.addHook('onReady', async () => {
    stopWatching = await imports.watch();
  });
  // Before the worker's own hook, which waits for the job in flight: no further job is claimed.
  app.addHook('preClose', async () => imports.stopClaiming());
  app.addHook('onClose', async () => stopWatching());
  // Every process runs jobs, whichever process took their upload; a job uploaded here starts at once.
  if (config.imports.jobIntervalMs) {
    const worker = runPeriodically(app, { name: 'import jobs', intervalMs: config.imports.jobIntervalMs, round: () => imports.runJobs() });
    wakeWorker = () => worker.wake();
  }
  const tags = ['imports'];
  const route = apiRoutes(tags);

  // In this plugin only: the body reaches the handler as a stream, parsed while it arrives.
  // Any other type (text/plain, forms) is a 415, as on every other route.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(['application/json', 'text/csv'], (_request, payload, done) => done(null, payload));

  app.post('/imports/entities/:entity', {
    ...route({
      access: importers,
      operationId: 'importRecords',
      summary: 'Import records from CSV or JSON: upsert by natural key, dry run, atomic or partial',
      description: DESCRIPTION,
      params: z.strictObject({ entity: ImportEntitySchema }),
      querystring: ImportQuerySchema,
      headers: ImportHeadersSchema,
      streamedBody: importBody(config.imports.bodyLimit),
      response: {
        200: ImportSchema.describe('The result (check `status`)'),
        202: ImportSchema.describe('A job: poll `GET /api/v1/imports/{id}` until `finishedAt` is set'),
      },
      errors: [409, 422],
    }),
    handler: async (request, reply) => {
      const type = String(request.headers['content-type'] ?? '').toLowerCase();
      const length = Number(request.headers['content-length']);
      const body = request.body as Readable | undefined;
      if (!body) throw new AppError(400, 'IMPORT_BODY_INVALID', 'Send the rows as the body (text/csv or application/json)');
      const answer = await imports.start(contextOf(request), {
        entity: request.params.entity,
        format: type.startsWith('text/csv') ? 'csv' : 'json',
        query: request.query,
        idempotencyKey: request.headers['idempotency-key'],
        contentLength: Number.isFinite(length) ? length : undefined,
        body,
      });
      if (answer.replayed) void reply.header('idempotent-replayed', 'true');
      if (answer.status === 202) void reply.header('location', `/api/v1/imports/${answer.import.id}`);
      return reply.status(answer.status).send(answer.import);
    },
  });

  app.get('/imports', {
    ...route({
      access: historyReaders,
      operationId: 'listImports',
      summary: 'The history of imports, newest first (a key sees its own)',
      querystring: ImportListQuerySchema,
      response: { 200: ImportPageSchema },
    }),
    handler: async (request) => imports.list(contextOf(request), request.query),
  });

  app.get('/imports/:id', {
    ...route({
      access: historyReaders,
      operationId: 'getImport',
      summary: 'An import with its bad rows; while a job runs, its progress',
      params: IdParamsSchema,
      response: { 200: ImportSchema },
    }),
    handler: async (request) => imports.get(contextOf(request), request.params.id),
  });
};
