import {
  CheckInSchema,
  DialogueEventCreateSchema,
  DialogueEventTransitionSchema,
  EventAttendanceSchema,
  EventRegistrationCreateSchema,
  EventRegistrationListQuerySchema,
  EventRegistrationPageSchema,
  EventRegistrationParamsSchema,
  EventRegistrationSchema,
  DialogueEventListQuerySchema,
  DialogueEventPageSchema,
  DialogueEventSchema,
  DialogueEventUpdateSchema,
  EDITORS,
  IdParamsSchema,
} from '@euregionet/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { apiRoutes } from '../../api-route.js';
import { baseUrlOf } from '../../http.js';
import { recordRoutes } from '../../record-routes.js';
import { contextOf } from '../auth/auth.plugin.js';
import { eventLinkRoutes } from './dialogue-events.public.js';
import { createDialogueEventService } from './dialogue-events.service.js';
import { eventInvitationLinkRoutes, eventInvitationRoutes } from './event-invitations.routes.js';
import { eventMeetingRoutes } from './event-meetings.routes.js';
import { READERS } from '../auth/access.js';

/**
 * Every staff member (and keys with `read`, for reporting) reads events; the organising
 * partner's editors change an event. Registrations hold personal data: editors of any partner
 * read them, register people and check them in (on the day, whoever is at the desk).
 */
export const dialogueEventRoutes: FastifyPluginAsyncZod = async (app) => {
  const events = createDialogueEventService(app.db, { clock: app.clock });
  const tags = ['events'];
  const route = apiRoutes(tags);
  await app.register(eventLinkRoutes);
  await app.register(eventMeetingRoutes);
  await app.register(eventInvitationRoutes);
  await app.register(eventInvitationLinkRoutes);

  const routes = recordRoutes(app, { path: '/events', tags, record: DialogueEventSchema });

  routes.list({
    access: READERS,
    operationId: 'listDialogueEvents',
    summary: 'Events of the cluster dialogue, newest first',
    query: DialogueEventListQuerySchema,
    page: DialogueEventPageSchema,
    list: (query) => events.list(query),
  });

  routes.create({
    access: { roles: EDITORS },
    operationId: 'createDialogueEvent',
    summary: 'Record an event of the cluster dialogue',
    body: DialogueEventCreateSchema,
    create: (ctx, body) => events.create(ctx, body),
  });

  routes.get({
    access: READERS,
    operationId: 'getDialogueEvent',
    summary: 'An event with its participating clusters and organisations',
    get: (id) => events.get(id),
  });

  routes.change({
    access: { roles: EDITORS },
    operationId: 'updateDialogueEvent',
    summary: 'Change an event (needs If-Match)',
    body: DialogueEventUpdateSchema,
    change: (ctx, id, version, body) => events.update(ctx, id, version, body),
  });

  routes.remove({
    access: { roles: EDITORS },
    operationId: 'deleteDialogueEvent',
    summary: 'Delete an event',
    remove: (ctx, id) => events.remove(ctx, id),
  });

  routes.change({
    access: { roles: EDITORS },
    operationId: 'transitionDialogueEvent',
    summary: 'Move an event along its life (409 EVENT_STATUS_CHANGE_NOT_ALLOWED outside it)',
    description:
      'draft → published → registration_closed → held → documented (published ⇄ draft and registration_closed → published to correct a step; documented → held to reopen the documentation); cancelled from any state before held, with a notice e-mailed to everyone registered in their language. `If-Match` is optional.',
    method: 'POST',
    action: 'transitions',
    body: DialogueEventTransitionSchema,
    optionalIfMatch: true,
    change: (ctx, id, version, body, request) => events.transition(ctx, id, body, version, baseUrlOf(request)),
  });

  app.get('/events/:id/registrations', {
    ...route({
      access: { roles: EDITORS },
      operationId: 'listEventRegistrations',
      summary: 'People registered for an event, in the order they registered (search by name, e-mail or organisation)',
      params: IdParamsSchema,
      querystring: EventRegistrationListQuerySchema,
      response: { 200: EventRegistrationPageSchema },
    }),
    handler: async (request) => events.registrations(request.params.id, request.query),
  });

  app.post('/events/:id/registrations', {
    ...route({
      access: { roles: EDITORS },
      operationId: 'createEventRegistration',
      summary: 'Register someone for an event (staff, e.g. by phone); beyond capacity they join the waiting list',
      params: IdParamsSchema,
      body: EventRegistrationCreateSchema,
      response: { 201: EventRegistrationSchema },
      errors: [409],
    }),
    handler: async (request, reply) => {
      const { organisationId, ...input } = request.body;
      const result = await events.register(
        contextOf(request),
        { id: request.params.id },
        input,
        { kind: 'staff', organisationId },
        baseUrlOf(request),
      );
      return reply.status(201).send(await events.registration(request.params.id, result.id!));
    },
  });

  app.post('/events/:id/registrations/:registrationId/cancellation', {
    ...route({
      access: { roles: EDITORS },
      operationId: 'cancelEventRegistration',
      summary: 'Cancel a registration; the first on the waiting list moves up',
      params: EventRegistrationParamsSchema,
      response: { 200: EventRegistrationSchema },
    }),
    handler: async (request) =>
      events.cancelRegistration(contextOf(request), request.params.id, request.params.registrationId, baseUrlOf(request)),
  });

  app.put('/events/:id/registrations/:registrationId/check-in', {
    ...route({
      access: { roles: EDITORS },
      operationId: 'checkInEventRegistration',
      summary: 'Mark a confirmed registrant present (or not) on the day',
      params: EventRegistrationParamsSchema,
      body: CheckInSchema,
      response: { 200: EventRegistrationSchema },
      errors: [409],
    }),
    handler: async (request) => events.checkIn(contextOf(request), request.params.id, request.params.registrationId, request.body.present),
  });

  app.get('/events/:id/attendance', {
    ...route({
      access: READERS,
      operationId: 'getEventAttendance',
      summary: 'Who came, from the check-ins: per country, per organisation type, and the share from across the border',
      params: IdParamsSchema,
      response: { 200: EventAttendanceSchema },
    }),
    handler: async (request) => events.attendance(request.params.id),
  });
};
