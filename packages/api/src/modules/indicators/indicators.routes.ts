import {
  EDITORS,
  IdParamsSchema,
  IndicatorCsvQuerySchema,
  IndicatorQuerySchema,
  InternationalisationMeasureCreateSchema,
  InternationalisationMeasureListQuerySchema,
  InternationalisationMeasurePageSchema,
  InternationalisationMeasureSchema,
  ProjectIndicatorsSchema,
} from '@euregionet/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiRoutes } from '../../api-route.js';
import { contextOf } from '../auth/auth.plugin.js';
import { indicatorsCsv } from './indicators.csv.js';
import { createIndicatorService } from './indicators.service.js';
import type { MatchFigureSource } from './match-figures.js';
import type { FileStore } from '../files/file-store.js';
import { READERS } from '../auth/access.js';

/**
 * The project's indicators: every staff member reads them, and keys with `read` (a reporting
 * tool). Internationalisation measures are recorded by whoever may change their cluster.
 */
export const indicatorRoutes: FastifyPluginAsyncZod<{ matches?: MatchFigureSource; store: FileStore }> = async (app, options) => {
  const indicators = createIndicatorService(app.db, {
    clock: app.clock,
    store: options.store,
    ...(options.matches ? { matches: options.matches } : {}),
  });
  const tags = ['indicators'];
  const route = apiRoutes(tags);

  app.get('/indicators', {
    ...route({
      access: READERS,
      operationId: 'getProjectIndicators',
      summary: 'The project’s indicators for a reporting period, each with the records that count',
      querystring: IndicatorQuerySchema,
      response: { 200: ProjectIndicatorsSchema },
    }),
    handler: async (request) => indicators.dashboard(request.query),
  });

  app.get('/indicators/export.csv', {
    ...route({
      access: READERS,
      operationId: 'exportProjectIndicators',
      summary: 'The indicators of a reporting period as CSV (UTF-8 with BOM)',
      querystring: IndicatorCsvQuerySchema,
      response: {
        200: { description: 'The figures, a line each', content: { 'text/csv': { schema: z.string() } } },
      },
    }),
    handler: async (request, reply) => {
      const { from, to, lang, evidence, delimiter } = request.query;
      const data = await indicators.dashboard({ from, to, lang });
      const name = `euregionet-indicators-${from ?? 'start'}-${to ?? data.today}.csv`;
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(indicatorsCsv(data, { lang, evidence: evidence ?? false, delimiter: delimiter === 'semicolon' ? ';' : ',' }));
    },
  });

  app.get('/internationalisation-measures', {
    ...route({
      access: READERS,
      operationId: 'listInternationalisationMeasures',
      summary: 'Measures that extended, networked or internationalised clusters, newest first',
      querystring: InternationalisationMeasureListQuerySchema,
      response: { 200: InternationalisationMeasurePageSchema },
    }),
    handler: async (request) => indicators.listMeasures(request.query),
  });

  app.post('/internationalisation-measures', {
    ...route({
      access: { roles: EDITORS },
      operationId: 'createInternationalisationMeasure',
      summary: 'Record a measure that extended, networked or internationalised a cluster',
      body: InternationalisationMeasureCreateSchema,
      response: { 201: InternationalisationMeasureSchema },
    }),
    handler: async (request, reply) => reply.status(201).send(await indicators.createMeasure(contextOf(request), request.body)),
  });

  app.delete('/internationalisation-measures/:id', {
    ...route({
      access: { roles: EDITORS },
      operationId: 'deleteInternationalisationMeasure',
      summary: 'Delete a measure recorded by mistake',
      params: IdParamsSchema,
      response: { 204: z.null().describe('Deleted') },
    }),
    handler: async (request, reply) => {
      await indicators.deleteMeasure(contextOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  });
};
