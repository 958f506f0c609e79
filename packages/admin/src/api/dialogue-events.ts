import { z } from 'zod';
import {
  DialogueEventPageSchema,
  DialogueEventSchema,
  EventAttendanceSchema,
  EventInvitationListSchema,
  EventInvitationPreviewSchema,
  EventInvitationSendResultSchema,
  type EventInvitationAudience,
  EventMeetingBoardSchema,
  EventMeetingSchema,
  MeetingMatchSchema,
  MeetingSuggestionsSchema,
  type EventMeetingCreate,
  type EventMeetingPlan,
  EventRegistrationPageSchema,
  EventRegistrationSchema,
  type DialogueEventCreate,
  type DialogueEventListQuery,
  type DialogueEventTransition,
  type DialogueEventUpdate,
  type EventRegistrationCreate,
  type EventRegistrationListQuery,
} from '@euregionet/shared';
import { request, toQuery } from './http';

export const listDialogueEvents = (query: Partial<DialogueEventListQuery> = {}, signal?: AbortSignal) =>
  request('GET', `/events${toQuery({ ...query })}`, DialogueEventPageSchema, { signal });
export const getDialogueEvent = (id: string) => request('GET', `/events/${id}`, DialogueEventSchema);
export const createDialogueEvent = (body: DialogueEventCreate) => request('POST', '/events', DialogueEventSchema, { body });
export const updateDialogueEvent = (id: string, etag: string, body: DialogueEventUpdate) =>
  request('PATCH', `/events/${id}`, DialogueEventSchema, { body, headers: { 'if-match': etag } });
export const deleteDialogueEvent = (id: string) => request('DELETE', `/events/${id}`, z.null());

export const transitionDialogueEvent = (id: string, etag: string, body: DialogueEventTransition) =>
  request('POST', `/events/${id}/transitions`, DialogueEventSchema, { body, headers: { 'if-match': etag } });
export const listEventRegistrations = (id: string, query: Partial<EventRegistrationListQuery> = {}, signal?: AbortSignal) =>
  request('GET', `/events/${id}/registrations${toQuery({ ...query })}`, EventRegistrationPageSchema, { signal });
export const createEventRegistration = (id: string, body: EventRegistrationCreate) =>
  request('POST', `/events/${id}/registrations`, EventRegistrationSchema, { body });
export const cancelEventRegistration = (id: string, registrationId: string) =>
  request('POST', `/events/${id}/registrations/${registrationId}/cancellation`, EventRegistrationSchema);
export const checkInEventRegistration = (id: string, registrationId: string, present: boolean) =>
  request('PUT', `/events/${id}/registrations/${registrationId}/check-in`, EventRegistrationSchema, { body: { present } });
export const getEventAttendance = (id: string) => request('GET', `/events/${id}/attendance`, EventAttendanceSchema);

// ---- one-to-one meetings
export const getEventMeetingBoard = (id: string) => request('GET', `/events/${id}/meetings`, EventMeetingBoardSchema);
export const setEventMeetingPlan = (id: string, body: EventMeetingPlan) =>
  request('PUT', `/events/${id}/meeting-plan`, EventMeetingBoardSchema, { body });
export const requestEventMeeting = (id: string, body: EventMeetingCreate) =>
  request('POST', `/events/${id}/meetings`, EventMeetingSchema, { body });
export const answerEventMeeting = (id: string, meetingId: string, accept: boolean) =>
  request('POST', `/events/${id}/meetings/${meetingId}/answer`, EventMeetingSchema, { body: { accept } });
export const suggestEventMeetings = (id: string, registrationId: string) =>
  request('GET', `/events/${id}/meetings/suggestions${toQuery({ for: registrationId })}`, MeetingSuggestionsSchema);
export const matchFromEventMeeting = (id: string, meetingId: string) =>
  request('POST', `/events/${id}/meetings/${meetingId}/match`, MeetingMatchSchema);

// ---- invitations
export const previewEventInvitations = (id: string, body: EventInvitationAudience) =>
  request('POST', `/events/${id}/invitations/preview`, EventInvitationPreviewSchema, { body });
export const sendEventInvitations = (id: string, body: EventInvitationAudience) =>
  request('POST', `/events/${id}/invitations`, EventInvitationSendResultSchema, { body });
export const listEventInvitations = (id: string) => request('GET', `/events/${id}/invitations`, EventInvitationListSchema);
