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
import { apiErrors } from '../../http.js';
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

  app.get('/indicators', {
    config: { access: READERS },
    schema: {
      operationId: 'getProjectIndicators',
      summary: 'The project’s indicators for a reporting period, each with the records that count',
      tags,
      querystring: IndicatorQuerySchema,
      response: { 200: ProjectIndicatorsSchema, ...apiErrors() },
    },
    handler: async (request) => indicators.dashboard(request.query),
  });

  app.get('/indicators/export.csv', {
    config: { access: READERS },
    schema: {
      operationId: 'exportProjectIndicators',
      summary: 'The indicators of a reporting period as CSV (UTF-8 with BOM)',
      tags,
      querystring: IndicatorCsvQuerySchema,
      response: {
        200: { description: 'The figures, a line each', content: { 'text/csv': { schema: z.string() } } },
        ...apiErrors(),
      },
    },
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
    config: { access: READERS },
    schema: {
      operationId: 'listInternationalisationMeasures',
      summary: 'Measures that extended, networked or internationalised clusters, newest first',
      tags,
      querystring: InternationalisationMeasureListQuerySchema,
      response: { 200: InternationalisationMeasurePageSchema, ...apiErrors() },
    },
    handler: async (request) => indicators.listMeasures(request.query),
  });

  app.post('/internationalisation-measures', {
    config: { access: { roles: EDITORS } },
    schema: {
      operationId: 'createInternationalisationMeasure',
      summary: 'Record a measure that extended, networked or internationalised a cluster',
      tags,
      body: InternationalisationMeasureCreateSchema,
      response: { 201: InternationalisationMeasureSchema, ...apiErrors(413, 415) },
    },
    handler: async (request, reply) => reply.status(201).send(await indicators.createMeasure(contextOf(request), request.body)),
  });

  app.delete('/internationalisation-measures/:id', {
    config: { access: { roles: EDITORS } },
    schema: {
      operationId: 'deleteInternationalisationMeasure',
      summary: 'Delete a measure recorded by mistake',
      tags,
      params: IdParamsSchema,
      response: { 204: z.null().describe('Deleted'), ...apiErrors(404) },
    },
    handler: async (request, reply) => {
      await indicators.deleteMeasure(contextOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  });
};
