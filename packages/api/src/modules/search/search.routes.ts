import { SearchQuerySchema, SearchResultSchema } from '@euregionet/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { apiRoute } from '../../api-route.js';
import { createSearchRepo } from './search.repo.js';
import { READERS } from '../auth/access.js';

export const searchRoutes: FastifyPluginAsyncZod = async (app) => {
  const search = createSearchRepo(app.db);

  app.get('/search', {
    ...apiRoute(['search'], {
      access: READERS,
      operationId: 'searchDirectory',
      summary: 'Search clusters and organisations, with facet counts',
      description:
        'Full text in de, pl and en (diacritics optional, small typos forgiven), ranked; filters combine (any of the values within a filter, all filters together). Facets count each value under all the other filters.',
      querystring: SearchQuerySchema,
      response: { 200: SearchResultSchema },
    }),
    handler: async (request) => search.search(request.query),
  });
};
