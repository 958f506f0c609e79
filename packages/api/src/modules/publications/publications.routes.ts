import {
  EDITORS,
  MarkdownPreviewSchema,
  PublicationCreateSchema,
  PublicationListQuerySchema,
  PublicationPageSchema,
  PublicationSchema,
  PublicationTransitionSchema,
  PublicationUpdateSchema,
  RenderedHtmlSchema,
} from '@euregionet/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { apiRoutes } from '../../api-route.js';
import { recordRoutes } from '../../record-routes.js';
import { READERS } from '../auth/access.js';
import type { FileStore } from '../files/file-store.js';
import { createPublicationService } from './publications.service.js';

/**
 * Staff maintain publications: every staff member (and keys with `read`) reads them, drafts
 * included; consultants change their own partner's, coordinators and administrators any.
 */
export const publicationRoutes: FastifyPluginAsyncZod<{ store: FileStore }> = async (app, { store }) => {
  const publications = createPublicationService(app.db, { clock: app.clock, store });
  const tags = ['publications'];
  const route = apiRoutes(tags);

  const routes = recordRoutes(app, { path: '/publications', tags, record: PublicationSchema });

  routes.list({
    access: READERS,
    operationId: 'listPublications',
    summary: 'List, search and filter publications, the latest change first',
    query: PublicationListQuerySchema,
    page: PublicationPageSchema,
    list: (query) => publications.list(query),
  });

  routes.create({
    access: { roles: EDITORS },
    operationId: 'createPublication',
    summary: 'Write a publication (a draft)',
    body: PublicationCreateSchema,
    create: (ctx, body) => publications.create(ctx, body),
  });

  app.post('/publications/preview', {
    ...route({
      access: { roles: EDITORS },
      operationId: 'previewPublicationBody',
      summary: 'Markdown as readers will get it: sanitised HTML',
      body: MarkdownPreviewSchema,
      response: { 200: RenderedHtmlSchema },
    }),
    handler: async (request) => publications.preview(request.body.markdown),
  });

  routes.get({
    access: READERS,
    operationId: 'getPublication',
    summary: 'Get a publication',
    get: (id) => publications.get(id),
  });

  routes.change({
    access: { roles: EDITORS },
    operationId: 'updatePublication',
    summary: 'Change a publication (needs If-Match)',
    body: PublicationUpdateSchema,
    change: (ctx, id, version, body) => publications.update(ctx, id, version, body),
  });

  routes.change({
    access: { roles: EDITORS },
    operationId: 'transitionPublication',
    summary: 'Publish, archive or withdraw a publication (needs If-Match)',
    method: 'POST',
    action: 'transitions',
    body: PublicationTransitionSchema,
    change: (ctx, id, version, body) => publications.transition(ctx, id, version, body.to),
  });

  routes.remove({
    access: { roles: EDITORS },
    operationId: 'deletePublication',
    summary: 'Delete a publication and its files',
    remove: (ctx, id) => publications.remove(ctx, id),
  });
};
