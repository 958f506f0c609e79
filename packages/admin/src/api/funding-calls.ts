import { z } from 'zod';
import {
  ClusterFundingMatchesSchema,
  FollowedClusterListSchema,
  FundingCallClusterMatchesSchema,
  FundingCallPageSchema,
  FundingCallSchema,
  FundingRemindersSchema,
  type FundingCallCreate,
  type FundingCallListQuery,
  type FundingCallUpdate,
} from '@euregionet/shared';
import { request, toQuery } from './http';

export type FundingCallFilters = Partial<Omit<FundingCallListQuery, 'limit'>> & { limit?: number };

export const listFundingCalls = (filters: FundingCallFilters, signal?: AbortSignal) =>
  request('GET', `/funding-calls${toQuery({ ...filters })}`, FundingCallPageSchema, { signal });
export const getFundingCall = (id: string) => request('GET', `/funding-calls/${id}`, FundingCallSchema);
export const createFundingCall = (body: FundingCallCreate) => request('POST', '/funding-calls', FundingCallSchema, { body });
export const updateFundingCall = (id: string, etag: string, body: FundingCallUpdate) =>
  request('PATCH', `/funding-calls/${id}`, FundingCallSchema, { body, headers: { 'if-match': etag } });
export const deleteFundingCall = (id: string) => request('DELETE', `/funding-calls/${id}`, z.null());
export const getFundingCallClusterMatches = (id: string, all = false) =>
  request('GET', `/funding-calls/${id}/cluster-matches${toQuery({ all: all || undefined })}`, FundingCallClusterMatchesSchema);
export const getClusterFundingMatches = (clusterId: string, all = false, signal?: AbortSignal) =>
  request('GET', `/clusters/${clusterId}/funding-matches${toQuery({ all: all || undefined })}`, ClusterFundingMatchesSchema, { signal });
export const getFundingReminders = (days?: number) =>
  request('GET', `/funding-calls/reminders${toQuery({ days })}`, FundingRemindersSchema);

export const listFollowedClusters = () => request('GET', '/followed-clusters', FollowedClusterListSchema);
export const followCluster = (clusterId: string) => request('PUT', `/followed-clusters/${clusterId}`, FollowedClusterListSchema);
export const unfollowCluster = (clusterId: string) => request('DELETE', `/followed-clusters/${clusterId}`, z.null());
