import { z } from 'zod';
import {
  ClusterMemberSchema,
  OrganisationPageSchema,
  OrganisationSchema,
  type MembershipUpsert,
  type OrganisationCreate,
  type OrganisationListQuery,
  type OrganisationUpdate,
} from '@euregionet/shared';
import { request, toQuery } from './http.js';

export type OrganisationFilters = Partial<Omit<OrganisationListQuery, 'limit'>> & { limit?: number };

export const listOrganisations = (filters: OrganisationFilters, signal?: AbortSignal) =>
  request('GET', `/organisations${toQuery({ ...filters })}`, OrganisationPageSchema, { signal });

export const getOrganisation = (id: string, signal?: AbortSignal) => request('GET', `/organisations/${id}`, OrganisationSchema, { signal });

/** `confirmDistinct`: create although an organisation with a very similar name exists in the same city. */
export const createOrganisation = (body: OrganisationCreate, confirmDistinct = false) =>
  request('POST', `/organisations${confirmDistinct ? '?confirmDistinct=true' : ''}`, OrganisationSchema, { body });

export const updateOrganisation = (id: string, etag: string, body: OrganisationUpdate) =>
  request('PATCH', `/organisations/${id}`, OrganisationSchema, { body, headers: { 'if-match': etag } });

export const deleteOrganisation = (id: string) => request('DELETE', `/organisations/${id}`, z.null());

export const restoreOrganisation = (id: string) => request('POST', `/organisations/${id}/restore`, OrganisationSchema);

export const putClusterMember = (clusterId: string, organisationId: string, body: MembershipUpsert) =>
  request('PUT', `/clusters/${clusterId}/members/${organisationId}`, ClusterMemberSchema, { body });

export const deleteClusterMember = (clusterId: string, organisationId: string) =>
  request('DELETE', `/clusters/${clusterId}/members/${organisationId}`, z.null());
