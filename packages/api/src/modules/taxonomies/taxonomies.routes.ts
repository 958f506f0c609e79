import { ANY_STAFF, taxonomy, TaxonomySchema, PublicTaxonomyParamsSchema } from '@euregionet/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { apiRoute } from '../../api-route.js';
import { conditionalGet } from '../public/http-cache.js';

/**
 * Reference data for filters and forms: NACE Rev. 2, the programme area's NUTS regions and the
 * smart-specialisation areas, with labels in de, pl and en. Shipped with the code (packages/shared),
 * so that the API, its validation and the admin app use the same lists.
 */
export const taxonomyRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook(
    'onSend',
    conditionalGet(() => 'private, max-age=86400'),
  );

  app.get('/taxonomies/:name', {
    ...apiRoute(['taxonomies'], {
      access: { roles: ANY_STAFF, scopes: ['read', 'public:read'] },
      operationId: 'getTaxonomy',
      summary: 'A reference list with labels in de, pl and en (nace, regions or ris3)',
      params: PublicTaxonomyParamsSchema,
      response: { 200: TaxonomySchema },
    }),
    handler: async (request) => taxonomy(request.params.name),
  });
};
