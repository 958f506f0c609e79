import { z } from 'zod';
import { ClusterDetailSchema, ClusterPageSchema, type ClusterCreate, type ClusterListQuery, type ClusterUpdate } from '@euregionet/shared';
import { request, toQuery } from './http.js';

export type ClusterFilters = Partial<Omit<ClusterListQuery, 'limit'>> & { limit?: number };

export const listClusters = (filters: ClusterFilters, signal?: AbortSignal) =>
  request('GET', `/clusters${toQuery({ ...filters })}`, ClusterPageSchema, { signal });

export const getCluster = (id: string, signal?: AbortSignal) => request('GET', `/clusters/${id}`, ClusterDetailSchema, { signal });

export const createCluster = (body: ClusterCreate) => request('POST', '/clusters', ClusterDetailSchema, { body });

export const updateCluster = (id: string, etag: string, body: ClusterUpdate) =>
  request('PATCH', `/clusters/${id}`, ClusterDetailSchema, { body, headers: { 'if-match': etag } });

export const deleteCluster = (id: string) => request('DELETE', `/clusters/${id}`, z.null());

export const restoreCluster = (id: string) => request('POST', `/clusters/${id}/restore`, ClusterDetailSchema);
