import { z } from 'zod';
import {
  DialogueEventPageSchema,
  DialogueEventSchema,
  type DialogueEventCreate,
  type DialogueEventListQuery,
  type DialogueEventUpdate,
} from '@euregionet/shared';
import { request, toQuery } from './http';

export const listDialogueEvents = (query: Partial<DialogueEventListQuery> = {}, signal?: AbortSignal) =>
  request('GET', `/events${toQuery({ ...query })}`, DialogueEventPageSchema, { signal });
export const getDialogueEvent = (id: string) => request('GET', `/events/${id}`, DialogueEventSchema);
export const createDialogueEvent = (body: DialogueEventCreate) => request('POST', '/events', DialogueEventSchema, { body });
export const updateDialogueEvent = (id: string, etag: string, body: DialogueEventUpdate) =>
  request('PATCH', `/events/${id}`, DialogueEventSchema, { body, headers: { 'if-match': etag } });
export const deleteDialogueEvent = (id: string) => request('DELETE', `/events/${id}`, z.null());
