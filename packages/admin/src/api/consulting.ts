import { z } from 'zod';
import {
  AnswerDraftSchema,
  AnswerTemplateListSchema,
  AnswerTemplateSchema,
  ConsultingCountsSchema,
  ConsultingRequestDetailSchema,
  ConsultingRequestPageSchema,
  ConsultingSettingsSchema,
  ConsultingStatusViewSchema,
  ConsultingStatusLinkRevokedSchema,
  ConsultingSuggestionSchema,
  OutboxPageSchema,
  PartnerMailboxListSchema,
  PartnerMailboxSchema,
  MatchSchema,
  type AnswerDraftRequest,
  type AnswerTemplateCreate,
  type AnswerTemplateListQuery,
  type AnswerTemplateUpdate,
  type ConsultingAssignment,
  type ConsultingComment,
  type ConsultingListQuery,
  type ConsultingRequestCreate,
  type ConsultingSharedFiles,
  type ConsultingStatusLinkRevocation,
  type ConsultingTransition,
  type InterestMatch,
  type OutboxListQuery,
  type PartnerCode,
  type PartnerMailboxUpdate,
} from '@euregionet/shared';
import { request, toQuery } from './http';

export type ConsultingFilters = Partial<Omit<ConsultingListQuery, 'limit'>> & { limit?: number };

export const listConsultingRequests = (filters: ConsultingFilters, signal?: AbortSignal) =>
  request('GET', `/consulting-requests${toQuery({ ...filters })}`, ConsultingRequestPageSchema, signal ? { signal } : {});

export const countConsultingRequests = () => request('GET', '/consulting-requests/counts', ConsultingCountsSchema);

export const getConsultingRequest = (id: string) => request('GET', `/consulting-requests/${id}`, ConsultingRequestDetailSchema);

export const createConsultingRequest = (body: ConsultingRequestCreate) =>
  request('POST', '/consulting-requests', ConsultingRequestDetailSchema, { body });

export const suggestConsultingAssignment = (id: string) =>
  request('GET', `/consulting-requests/${id}/suggested-assignment`, ConsultingSuggestionSchema);

export const assignConsultingRequest = (id: string, etag: string | null, body: ConsultingAssignment) =>
  request('POST', `/consulting-requests/${id}/assignment`, ConsultingRequestDetailSchema, {
    body,
    ...(etag ? { headers: { 'if-match': etag } } : {}),
  });

export const transitionConsultingRequest = (id: string, etag: string | null, body: ConsultingTransition) =>
  request('POST', `/consulting-requests/${id}/transitions`, ConsultingRequestDetailSchema, {
    body,
    ...(etag ? { headers: { 'if-match': etag } } : {}),
  });

export const addConsultingComment = (id: string, body: ConsultingComment) =>
  request('POST', `/consulting-requests/${id}/comments`, ConsultingRequestDetailSchema, { body });

/** Which of the request's files the requester sees on the status page. */
export const shareConsultingFiles = (id: string, etag: string | null, body: ConsultingSharedFiles) =>
  request('PUT', `/consulting-requests/${id}/shared-files`, ConsultingRequestDetailSchema, {
    body,
    ...(etag ? { headers: { 'if-match': etag } } : {}),
  });

export const revokeConsultingStatusLinks = (id: string, body: ConsultingStatusLinkRevocation) =>
  request('POST', `/consulting-requests/${id}/status-links/revocation`, ConsultingStatusLinkRevokedSchema, { body });

export const listOutbox = (query: Partial<OutboxListQuery>, signal?: AbortSignal) =>
  request('GET', `/outbox${toQuery({ ...query })}`, OutboxPageSchema, { signal });

export const listAnswerTemplates = (query: AnswerTemplateListQuery = {}) =>
  request('GET', `/consulting-answer-templates${toQuery({ ...query })}`, AnswerTemplateListSchema);
export const getAnswerTemplate = (id: string) => request('GET', `/consulting-answer-templates/${id}`, AnswerTemplateSchema);
export const createAnswerTemplate = (body: AnswerTemplateCreate) =>
  request('POST', '/consulting-answer-templates', AnswerTemplateSchema, { body });
export const updateAnswerTemplate = (id: string, etag: string, body: AnswerTemplateUpdate) =>
  request('PATCH', `/consulting-answer-templates/${id}`, AnswerTemplateSchema, { body, headers: { 'if-match': etag } });
export const deleteAnswerTemplate = (id: string) => request('DELETE', `/consulting-answer-templates/${id}`, z.null());
export const draftConsultingAnswer = (id: string, body: AnswerDraftRequest) =>
  request('POST', `/consulting-requests/${id}/answer-drafts`, AnswerDraftSchema, { body });

export const listPartnerMailboxes = () => request('GET', '/partner-mailboxes', PartnerMailboxListSchema);
export const setPartnerMailbox = (partner: PartnerCode, body: PartnerMailboxUpdate) =>
  request('PUT', `/partner-mailboxes/${partner}`, PartnerMailboxSchema, { body });

export const getConsultingSettings = () => request('GET', '/consulting-settings', ConsultingSettingsSchema);
export const previewConsultingStatus = (id: string) => request('GET', `/consulting-requests/${id}/status-view`, ConsultingStatusViewSchema);

/** An interest in a public opportunity becomes a proposed match between the requester and the profile. */
export const proposeMatchFromInterest = (id: string, body: InterestMatch) =>
  request('POST', `/consulting-requests/${id}/proposed-match`, MatchSchema, { body });
