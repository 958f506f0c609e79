import {
  EDITORS,
  IdParamsSchema,
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
import { z } from 'zod';
import { apiErrors, etagOf, IfMatchHeadersSchema, versionFromIfMatch } from '../../http.js';
import { READERS } from '../auth/access.js';
import { contextOf } from '../auth/auth.plugin.js';
import type { FileStore } from '../files/file-store.js';
import { createPublicationService } from './publications.service.js';

/**
 * Staff maintain publications: every staff member (and keys with `read`) reads them, drafts
 * included; consultants change their own partner's, coordinators and administrators any.
 */
export const publicationRoutes: FastifyPluginAsyncZod<{ store: FileStore }> = async (app, { store }) => {
  const publications = createPublicationService(app.db, { clock: app.clock, store });
  const tags = ['publications'];

  app.get('/publications', {
    config: { access: READERS },
    schema: {
      operationId: 'listPublications',
      summary: 'List, search and filter publications, the latest change first',
      tags,
      querystring: PublicationListQuerySchema,
      response: { 200: PublicationPageSchema, ...apiErrors() },
    },
    handler: async (request) => publications.list(request.query),
  });

  app.post('/publications', {
    config: { access: { roles: EDITORS } },
    schema: {
      operationId: 'createPublication',
      summary: 'Write a publication (a draft)',
      tags,
      body: PublicationCreateSchema,
      response: { 201: PublicationSchema, ...apiErrors(409, 413, 415) },
    },
    handler: async (request, reply) => {
      const created = await publications.create(contextOf(request), request.body);
      return reply
        .status(201)
        .header('location', `/api/v1/publications/${created.id}`)
        .header('etag', etagOf(created.version))
        .send(created);
    },
  });

  app.post('/publications/preview', {
    config: { access: { roles: EDITORS } },
    schema: {
      operationId: 'previewPublicationBody',
      summary: 'Markdown as readers will get it: sanitised HTML',
      tags,
      body: MarkdownPreviewSchema,
      response: { 200: RenderedHtmlSchema, ...apiErrors(413, 415) },
    },
    handler: async (request) => publications.preview(request.body.markdown),
  });

  app.get('/publications/:id', {
    config: { access: READERS },
    schema: {
      operationId: 'getPublication',
      summary: 'Get a publication',
      tags,
      params: IdParamsSchema,
      response: { 200: PublicationSchema, ...apiErrors(404) },
    },
    handler: async (request, reply) => {
      const found = await publications.get(request.params.id);
      return reply.header('etag', etagOf(found.version)).send(found);
    },
  });

  app.patch('/publications/:id', {
    config: { access: { roles: EDITORS } },
    schema: {
      operationId: 'updatePublication',
      summary: 'Change a publication (needs If-Match)',
      tags,
      params: IdParamsSchema,
      headers: IfMatchHeadersSchema,
      body: PublicationUpdateSchema,
      response: { 200: PublicationSchema, ...apiErrors(404, 409, 412, 413, 415, 428) },
    },
    handler: async (request, reply) => {
      const version = versionFromIfMatch(request.headers['if-match']);
      const changed = await publications.update(contextOf(request), request.params.id, version, request.body);
      return reply.header('etag', etagOf(changed.version)).send(changed);
    },
  });

  app.post('/publications/:id/transitions', {
    config: { access: { roles: EDITORS } },
    schema: {
      operationId: 'transitionPublication',
      summary: 'Publish, archive or withdraw a publication (needs If-Match)',
      tags,
      params: IdParamsSchema,
      headers: IfMatchHeadersSchema,
      body: PublicationTransitionSchema,
      response: { 200: PublicationSchema, ...apiErrors(404, 409, 412, 413, 415, 428) },
    },
    handler: async (request, reply) => {
      const version = versionFromIfMatch(request.headers['if-match']);
      const moved = await publications.transition(contextOf(request), request.params.id, version, request.body.to);
      return reply.header('etag', etagOf(moved.version)).send(moved);
    },
  });

  app.delete('/publications/:id', {
    config: { access: { roles: EDITORS } },
    schema: {
      operationId: 'deletePublication',
      summary: 'Delete a publication and its files',
      tags,
      params: IdParamsSchema,
      response: { 204: z.null().describe('Deleted'), ...apiErrors(404) },
    },
    handler: async (request, reply) => {
      await publications.remove(contextOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  });
};
