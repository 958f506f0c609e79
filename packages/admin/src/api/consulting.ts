import {
  ConsultingCountsSchema,
  ConsultingRequestDetailSchema,
  ConsultingRequestPageSchema,
  ConsultingStatusLinkRevokedSchema,
  ConsultingSuggestionSchema,
  OutboxPageSchema,
  PersonalDataErasureSchema,
  PersonalDataExportSchema,
  type ConsultingAssignment,
  type ConsultingComment,
  type ConsultingListQuery,
  type ConsultingRequestCreate,
  type ConsultingStatusLinkRevocation,
  type ConsultingTransition,
  type OutboxListQuery,
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

export const revokeConsultingStatusLinks = (id: string, body: ConsultingStatusLinkRevocation) =>
  request('POST', `/consulting-requests/${id}/status-links/revocation`, ConsultingStatusLinkRevokedSchema, { body });

export const exportConsultingPersonalData = (email: string) =>
  request('POST', '/consulting-requests/personal-data/export', PersonalDataExportSchema, { body: { email } });

export const eraseConsultingPersonalData = (email: string) =>
  request('POST', '/consulting-requests/personal-data/erasure', PersonalDataErasureSchema, { body: { email } });

export const listOutbox = (query: Partial<OutboxListQuery>, signal?: AbortSignal) =>
  request('GET', `/outbox${toQuery({ ...query })}`, OutboxPageSchema, { signal });
