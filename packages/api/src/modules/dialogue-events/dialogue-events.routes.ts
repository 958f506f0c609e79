import {
  DialogueEventCreateSchema,
  DialogueEventListQuerySchema,
  DialogueEventPageSchema,
  DialogueEventSchema,
  DialogueEventUpdateSchema,
  EDITORS,
  IdParamsSchema,
} from '@euregionet/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiErrors, etagOf, IfMatchHeadersSchema, versionFromIfMatch } from '../../http.js';
import { contextOf } from '../auth/auth.plugin.js';
import { createDialogueEventService } from './dialogue-events.service.js';
import { READERS } from '../auth/access.js';

/** Every staff member (and keys with `read`, for reporting) reads; the organising partner's editors change an event. */
export const dialogueEventRoutes: FastifyPluginAsyncZod = async (app) => {
  const events = createDialogueEventService(app.db);
  const tags = ['events'];

  app.get('/events', {
    config: { access: READERS },
    schema: {
      operationId: 'listDialogueEvents',
      summary: 'Events of the cluster dialogue, newest first',
      tags,
      querystring: DialogueEventListQuerySchema,
      response: { 200: DialogueEventPageSchema, ...apiErrors() },
    },
    handler: async (request) => events.list(request.query),
  });

  app.post('/events', {
    config: { access: { roles: EDITORS } },
    schema: {
      operationId: 'createDialogueEvent',
      summary: 'Record an event of the cluster dialogue',
      tags,
      body: DialogueEventCreateSchema,
      response: { 201: DialogueEventSchema, ...apiErrors(409, 413, 415) },
    },
    handler: async (request, reply) => {
      const event = await events.create(contextOf(request), request.body);
      return reply.status(201).header('location', `/api/v1/events/${event.id}`).header('etag', etagOf(event.version)).send(event);
    },
  });

  app.get('/events/:id', {
    config: { access: READERS },
    schema: {
      operationId: 'getDialogueEvent',
      summary: 'An event with its participating clusters and organisations',
      tags,
      params: IdParamsSchema,
      response: { 200: DialogueEventSchema, ...apiErrors(404) },
    },
    handler: async (request, reply) => {
      const event = await events.get(request.params.id);
      return reply.header('etag', etagOf(event.version)).send(event);
    },
  });

  app.patch('/events/:id', {
    config: { access: { roles: EDITORS } },
    schema: {
      operationId: 'updateDialogueEvent',
      summary: 'Change an event (needs If-Match)',
      tags,
      params: IdParamsSchema,
      headers: IfMatchHeadersSchema,
      body: DialogueEventUpdateSchema,
      response: { 200: DialogueEventSchema, ...apiErrors(404, 409, 412, 413, 415, 428) },
    },
    handler: async (request, reply) => {
      const version = versionFromIfMatch(request.headers['if-match']);
      const event = await events.update(contextOf(request), request.params.id, version, request.body);
      return reply.header('etag', etagOf(event.version)).send(event);
    },
  });

  app.delete('/events/:id', {
    config: { access: { roles: EDITORS } },
    schema: {
      operationId: 'deleteDialogueEvent',
      summary: 'Delete an event',
      tags,
      params: IdParamsSchema,
      response: { 204: z.null().describe('Deleted'), ...apiErrors(404) },
    },
    handler: async (request, reply) => {
      await events.remove(contextOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  });
};
