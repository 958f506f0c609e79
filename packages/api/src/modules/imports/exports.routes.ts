import type { Readable } from 'node:stream';
import {
  ClusterListQuerySchema,
  ExportFormatSchema,
  FundingCallListQuerySchema,
  localDay,
  OrganisationListQuerySchema,
} from '@euregionet/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiRoutes } from '../../api-route.js';
import { contextOf } from '../auth/auth.plugin.js';
import { exportStream } from './exports.js';
import { READERS } from '../auth/access.js';

const EXPORT_DOC =
  'The records of the list with the same filters, streamed, with exactly the columns of the import: an export re-imported as it is reports every row unchanged. Records made here carry source `euregionet` and their id as external id. CSV: UTF-8, comma, header row, lists joined with `|`; JSON: an array of rows.';

const csvOrJson = {
  description: 'The records: CSV, or with `format=json` a JSON array of import rows (application/json)',
  content: {
    'text/csv': { schema: z.string() },
    // A row's keys are the import's fields and column names: none is longer than 25 characters.
    'application/json': { schema: z.array(z.record(z.string().max(60), z.unknown())) },
  },
};

export const exportRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['imports'];
  const route = apiRoutes(tags);

  const send = (format: 'csv' | 'json', entity: string, stream: Readable) => ({
    type: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
    disposition: `attachment; filename="${entity}-${localDay(app.clock.now())}.${format}"`,
    // Fastify sends a stream as it is; the schema documents what the stream holds.
    stream: stream as unknown as string,
  });

  app.get('/exports/organisations', {
    ...route({
      access: READERS,
      operationId: 'exportOrganisations',
      summary: 'Export organisations as CSV or JSON, with the filters of the list',
      description: EXPORT_DOC,
      querystring: OrganisationListQuerySchema.omit({ limit: true, cursor: true }).extend({ format: ExportFormatSchema }),
      response: { 200: csvOrJson },
    }),
    handler: async (request, reply) => {
      const { format, ...filters } = request.query;
      const out = send(format, 'organisations', await exportStream(app.db, contextOf(request), 'organisations', filters, format));
      return reply.type(out.type).header('content-disposition', out.disposition).send(out.stream);
    },
  });

  app.get('/exports/clusters', {
    ...route({
      access: READERS,
      operationId: 'exportClusters',
      summary: 'Export clusters as CSV or JSON, with the filters of the list',
      description: EXPORT_DOC,
      querystring: ClusterListQuerySchema.omit({ limit: true, cursor: true }).extend({ format: ExportFormatSchema }),
      response: { 200: csvOrJson },
    }),
    handler: async (request, reply) => {
      const { format, ...filters } = request.query;
      const out = send(format, 'clusters', await exportStream(app.db, contextOf(request), 'clusters', filters, format, app.clock));
      return reply.type(out.type).header('content-disposition', out.disposition).send(out.stream);
    },
  });

  app.get('/exports/funding-calls', {
    ...route({
      access: READERS,
      operationId: 'exportFundingCalls',
      summary: 'Export funding calls as CSV or JSON, with the filters of the list',
      description: EXPORT_DOC,
      querystring: FundingCallListQuerySchema.omit({ limit: true, cursor: true }).extend({ format: ExportFormatSchema }),
      response: { 200: csvOrJson },
    }),
    handler: async (request, reply) => {
      const { format, ...filters } = request.query;
      const out = send(format, 'funding-calls', await exportStream(app.db, contextOf(request), 'funding-calls', filters, format));
      return reply.type(out.type).header('content-disposition', out.disposition).send(out.stream);
    },
  });
};
