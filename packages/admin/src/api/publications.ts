import { z } from 'zod';
import {
  PublicationPageSchema,
  PublicationSchema,
  RenderedHtmlSchema,
  type PublicationCreate,
  type PublicationListQuery,
  type PublicationStatus,
  type PublicationUpdate,
} from '@euregionet/shared';
import { request, toQuery } from './http';

export type PublicationFilters = Partial<Omit<PublicationListQuery, 'limit'>> & { limit?: number };

export const listPublications = (filters: PublicationFilters, signal?: AbortSignal) =>
  request('GET', `/publications${toQuery({ ...filters })}`, PublicationPageSchema, { signal });
export const getPublication = (id: string) => request('GET', `/publications/${id}`, PublicationSchema);
export const createPublication = (body: PublicationCreate) => request('POST', '/publications', PublicationSchema, { body });
export const updatePublication = (id: string, etag: string, body: PublicationUpdate) =>
  request('PATCH', `/publications/${id}`, PublicationSchema, { body, headers: { 'if-match': etag } });
export const transitionPublication = (id: string, etag: string, to: PublicationStatus) =>
  request('POST', `/publications/${id}/transitions`, PublicationSchema, { body: { to }, headers: { 'if-match': etag } });
export const deletePublication = (id: string) => request('DELETE', `/publications/${id}`, z.null());
export const previewMarkdown = (markdown: string, signal?: AbortSignal) =>
  request('POST', '/publications/preview', RenderedHtmlSchema, { body: { markdown }, signal });
