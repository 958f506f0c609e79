import {
  EDITORS,
  EventMeetingAnswerSchema,
  EventMeetingBoardSchema,
  EventMeetingCreateSchema,
  EventMeetingParamsSchema,
  EventMeetingPlanSchema,
  EventMeetingSchema,
  IdParamsSchema,
  MeetingIdParamsSchema,
  MeetingMatchSchema,
  MeetingProfileUpdateSchema,
  MeetingSuggestionQuerySchema,
  MeetingSuggestionsSchema,
  OwnMeetingRequestSchema,
  OwnMeetingsSchema,
  RegistrationTokenHeadersSchema,
} from '@euregionet/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiRoutes } from '../../api-route.js';
import { contextOf } from '../auth/auth.plugin.js';
import { createEventMeetingService } from './event-meetings.service.js';

/**
 * One-to-one meetings. Staff (editors of any partner, like the registrations: whoever helps
 * participants) see the schedule grid, ask and answer on a participant's behalf and turn a meeting
 * held into a match; the organising partner sets the slots and tables. Participants do the same
 * for themselves with the token of their registration e-mail, sent in `X-Registration-Token` (a
 * header, so that it stays out of access logs), e.g. from a portal.
 */
export const eventMeetingRoutes: FastifyPluginAsyncZod = async (app) => {
  const meetings = createEventMeetingService(app.db, { clock: app.clock });
  const tags = ['events'];
  const route = apiRoutes(tags);
  const staff = { roles: EDITORS };

  app.get('/events/:id/meetings', {
    ...route({
      access: staff,
      operationId: 'getEventMeetingBoard',
      summary: 'The meeting schedule of an event: plan, slots, participants who want meetings, every meeting',
      params: IdParamsSchema,
      response: { 200: EventMeetingBoardSchema },
    }),
    handler: async (request) => meetings.board(request.params.id),
  });

  app.put('/events/:id/meeting-plan', {
    ...route({
      access: staff,
      operationId: 'setEventMeetingPlan',
      summary: 'Set the slots and tables of the meetings (organising partner); accepted meetings waiting for a place get one',
      description: '409 MEETING_PLAN_IN_USE when meetings already have their place (their people have their agendas).',
      params: IdParamsSchema,
      body: EventMeetingPlanSchema,
      response: { 200: EventMeetingBoardSchema },
      errors: [409],
    }),
    handler: async (request) => meetings.setPlan(contextOf(request), request.params.id, request.body),
  });

  app.post('/events/:id/meetings', {
    ...route({
      access: staff,
      operationId: 'requestEventMeeting',
      summary: 'Ask for a meeting on a participant’s behalf; the other side is e-mailed',
      params: IdParamsSchema,
      body: EventMeetingCreateSchema,
      response: { 201: EventMeetingSchema },
      errors: [409],
    }),
    handler: async (request, reply) => reply.status(201).send(await meetings.request(contextOf(request), request.params.id, request.body)),
  });

  app.post('/events/:id/meetings/:meetingId/answer', {
    ...route({
      access: staff,
      operationId: 'answerEventMeeting',
      summary: 'Accept or decline a meeting on the asked participant’s behalf; an accepted one is scheduled',
      params: EventMeetingParamsSchema,
      body: EventMeetingAnswerSchema,
      response: { 200: EventMeetingSchema },
      errors: [409],
    }),
    handler: async (request) => meetings.answer(contextOf(request), request.params.id, request.params.meetingId, request.body.accept),
  });

  app.get('/events/:id/meetings/suggestions', {
    ...route({
      access: staff,
      operationId: 'suggestEventMeetings',
      summary: 'Whom a participant should meet: the others, by matchmaking score',
      params: IdParamsSchema,
      querystring: MeetingSuggestionQuerySchema,
      response: { 200: MeetingSuggestionsSchema },
    }),
    handler: async (request) => meetings.suggestions(request.params.id, request.query.for),
  });

  app.post('/events/:id/meetings/:meetingId/match', {
    ...route({
      access: staff,
      operationId: 'matchFromEventMeeting',
      summary: 'Put a meeting that was held on the matches board (stage: meeting held)',
      params: EventMeetingParamsSchema,
      response: { 201: MeetingMatchSchema },
      errors: [409],
    }),
    handler: async (request, reply) =>
      reply.status(201).send(await meetings.toMatch(contextOf(request), request.params.id, request.params.meetingId)),
  });

  // ---- the participant, with their token

  const participant = { public: true } as const;
  const own = (headers: { 'x-registration-token': string }) => headers['x-registration-token'];

  app.get('/public/event-registrations/meetings', {
    ...route({
      access: participant,
      operationId: 'getOwnEventMeetings',
      summary: 'A registrant’s meetings and the other participants who take meetings (token of the registration e-mail)',
      headers: RegistrationTokenHeadersSchema,
      querystring: z.strictObject({}),
      response: { 200: OwnMeetingsSchema },
      errors: [404],
    }),
    handler: async (request, reply) => reply.header('cache-control', 'no-store').send(await meetings.own(own(request.headers))),
  });

  app.get('/public/event-registrations/meetings/suggestions', {
    ...route({
      access: participant,
      operationId: 'getOwnEventMeetingSuggestions',
      summary: 'Whom the registrant should meet, by matchmaking score',
      headers: RegistrationTokenHeadersSchema,
      querystring: z.strictObject({}),
      response: { 200: MeetingSuggestionsSchema },
      errors: [404],
    }),
    handler: async (request) => meetings.ownSuggestions(own(request.headers)),
  });

  app.put('/public/event-registrations/meeting-profile', {
    ...route({
      access: participant,
      operationId: 'setOwnMeetingProfile',
      summary: 'Publish the registrant’s short meeting profile (or link a cooperation profile); lists them for meetings',
      headers: RegistrationTokenHeadersSchema,
      body: MeetingProfileUpdateSchema,
      response: { 200: OwnMeetingsSchema },
      errors: [404],
    }),
    handler: async (request) => meetings.setProfile({ ...contextOf(request), ip: '' }, own(request.headers), request.body),
  });

  app.post('/public/event-registrations/meetings', {
    ...route({
      access: participant,
      operationId: 'requestOwnEventMeeting',
      summary: 'Ask another participant for a meeting',
      headers: RegistrationTokenHeadersSchema,
      body: OwnMeetingRequestSchema,
      response: { 201: EventMeetingSchema },
      errors: [404, 409],
    }),
    handler: async (request, reply) =>
      reply.status(201).send(await meetings.requestAsParticipant({ ...contextOf(request), ip: '' }, own(request.headers), request.body)),
  });

  app.post('/public/event-registrations/meetings/:meetingId/answer', {
    ...route({
      access: participant,
      operationId: 'answerOwnEventMeeting',
      summary: 'Accept or decline a meeting one was asked for; an accepted one is scheduled and both get their agenda',
      headers: RegistrationTokenHeadersSchema,
      params: MeetingIdParamsSchema,
      body: EventMeetingAnswerSchema,
      response: { 200: EventMeetingSchema },
      errors: [409],
    }),
    handler: async (request) =>
      meetings.answerAsParticipant({ ...contextOf(request), ip: '' }, own(request.headers), request.params.meetingId, request.body.accept),
  });
};
