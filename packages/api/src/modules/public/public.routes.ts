import {
  PublicClusterDetailSchema,
  PublicClusterFeatureCollectionSchema,
  PublicClusterListQuerySchema,
  PublicClusterPageSchema,
  PublicFacetsQuerySchema,
  PublicFacetsSchema,
  PublicLangQuerySchema,
  PublicSlugParamsSchema,
  PublicTaxonomyParamsSchema,
  PublicTaxonomySchema,
} from '@euregionet/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiRoutes } from '../../api-route.js';
import { baseUrlOf } from '../../http.js';
import type { Config } from '../../config.js';
import { publicDialogueEventRoutes } from '../dialogue-events/dialogue-events.public.js';
import { publicFundingCallRoutes } from '../funding-calls/funding-calls.public.js';
import { sharedCacheControl } from './http-cache.js';
import { portalReads } from './portal-cors.js';
import { answerLanguage, languagesOf } from './languages.js';
import { createPublicService } from './public.service.js';
import { createPublicDocuments } from './public-documents.js';
import { sendDocument } from './document-kinds.js';
import { todayOn } from '../../clock.js';
import { PORTALS } from '../auth/access.js';
import { BADGE_MAX } from './badge.js';

/** Portal routes: only keys with `public:read` (staff sessions are not portals). */

/** How long portals and browsers may reuse an answer before asking again (with If-None-Match). */
const DIRECTORY_MAX_AGE = 60;
const TAXONOMY_MAX_AGE = 86_400;
const BADGE_MAX_AGE = 3_600;

export const publicRoutes: FastifyPluginAsyncZod<{ config: Config }> = async (app, { config }) => {
  // Portals cannot write what these routes read: they may come from a read replica (app.readDb).
  const directory = createPublicService(app.readDb, { clock: app.clock });
  const documents = createPublicDocuments(app.db, todayOn(app.clock), {
    db: app.readDb,
    pool: app.database.readPool ?? app.database.pool,
  });
  const tags = ['public'];
  const route = apiRoutes(tags);

  portalReads(app, (request) => {
    const url = request.routeOptions.url ?? '';
    if (url.endsWith('/badge.svg')) return `public, max-age=${BADGE_MAX_AGE}`;
    // The same for every key: a reverse proxy or CDN in front of the API may keep them (per key).
    return sharedCacheControl(url.includes('/taxonomies/') ? TAXONOMY_MAX_AGE : DIRECTORY_MAX_AGE);
  });

  app.get('/clusters', {
    ...route({
      access: PORTALS,
      operationId: 'listPublicClusters',
      summary: 'Published clusters: list, search and filter',
      description:
        'Localised by `?lang=` or `Accept-Language`; each text says the language it came in. Answers carry `ETag` and `Cache-Control`; send `If-None-Match` to get `304` while nothing changed.',
      querystring: PublicClusterListQuerySchema,
      response: { 200: PublicClusterPageSchema },
    }),
    handler: async (request, reply) => {
      const order = languagesOf(request);
      answerLanguage(request, reply, order[0]!);
      const answer = await documents.list(request.query, order, baseUrlOf(request));
      // `updatedSince`, and documents rebuilt by writes three times over, read the tables.
      if (answer !== undefined) return sendDocument(reply, answer);
      return directory.list(request.query, order, baseUrlOf(request));
    },
  });

  app.get('/clusters/facets', {
    ...route({
      access: PORTALS,
      operationId: 'getPublicClusterFacets',
      summary: 'Counts per filter value of the published clusters (e.g. "Lubuskie (7)")',
      querystring: PublicFacetsQuerySchema,
      response: { 200: PublicFacetsSchema },
    }),
    handler: async (request) => directory.facets(request.query),
  });

  app.get('/clusters.geojson', {
    ...route({
      access: PORTALS,
      operationId: 'getPublicClusterMap',
      summary: 'Published clusters as GeoJSON points, for a map',
      description:
        'A GeoJSON FeatureCollection (RFC 7946, WGS84, `[longitude, latitude]`), under the same filters as the cluster list. A cluster is placed at its own coordinates, else at the centre of the town of its coordinating member (`properties.coordinatesSource`); a cluster with neither is left out. Names are localised like the list; `ETag`/`304` as everywhere here.',
      querystring: PublicFacetsQuerySchema,
      response: {
        200: {
          description: 'The clusters as points',
          content: { 'application/geo+json': { schema: PublicClusterFeatureCollectionSchema } },
        },
      },
    }),
    handler: async (request, reply) => {
      const order = languagesOf(request);
      const collection = await directory.geojson(request.query, order, baseUrlOf(request));
      return answerLanguage(request, reply, order[0]!).type('application/geo+json; charset=utf-8').send(JSON.stringify(collection));
    },
  });

  app.get('/clusters/:slug', {
    ...route({
      access: PORTALS,
      operationId: 'getPublicCluster',
      summary: 'A published cluster by its slug, with its published member organisations',
      params: PublicSlugParamsSchema,
      querystring: PublicLangQuerySchema,
      response: { 200: PublicClusterDetailSchema },
    }),
    handler: async (request, reply) => {
      const order = languagesOf(request);
      answerLanguage(request, reply, order[0]!);
      const answer = await documents.detail(request.params.slug, order, baseUrlOf(request));
      // No document: not published (the tables answer 404), or rebuilt by writes three times over.
      if (answer !== undefined) return sendDocument(reply, answer);
      return directory.detail(request.params.slug, order, baseUrlOf(request));
    },
  });

  app.get('/clusters/:slug/badge.svg', {
    ...route({
      access: { public: true },
      operationId: 'getPublicClusterBadge',
      summary: 'The joint-brand badge of a cluster (SVG, no key needed)',
      description:
        'Embed with `<img src="…/badge.svg?lang=pl" alt="…">`. Only published clusters that carry the joint Polish–German cluster brand have one; others answer 404.',
      params: PublicSlugParamsSchema,
      querystring: PublicLangQuerySchema,
      response: {
        200: { description: 'The badge', content: { 'image/svg+xml': { schema: z.string().max(BADGE_MAX) } } },
      },
    }),
    handler: async (request, reply) => {
      const order = languagesOf(request);
      const svg = await directory.badge(request.params.slug, order);
      // Other sites embed it: the default same-site resource policy would block that.
      return answerLanguage(request, reply, order[0]!)
        .header('cross-origin-resource-policy', 'cross-origin')
        .type('image/svg+xml; charset=utf-8')
        .send(svg);
    },
  });

  app.get('/taxonomies/:name', {
    ...route({
      access: PORTALS,
      operationId: 'getPublicTaxonomy',
      summary: 'Codes and localised labels of NACE sectors, regions or smart-specialisation areas',
      params: PublicTaxonomyParamsSchema,
      querystring: PublicLangQuerySchema,
      response: { 200: PublicTaxonomySchema },
    }),
    handler: async (request, reply) => {
      const order = languagesOf(request);
      answerLanguage(request, reply, order[0]!);
      return directory.taxonomy(request.params.name, order);
    },
  });

  // Published funding calls: under the same hooks (key check, CORS, ETags, caching).
  await app.register(publicFundingCallRoutes);
  await app.register(publicDialogueEventRoutes, { config });
};
