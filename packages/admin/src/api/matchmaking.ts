import { z } from 'zod';
import {
  CandidateListSchema,
  MatchCountsSchema,
  MatchPageSchema,
  MatchSchema,
  MatchWeightsRecordSchema,
  ProfilePageSchema,
  ProfileSchema,
  type CandidateQuery,
  type MatchCreate,
  type MatchListQuery,
  type MatchTransition,
  type MatchUpdate,
  type MatchWeights,
  type ProfileCreate,
  type ProfileListQuery,
  type ProfileUpdate,
} from '@euregionet/shared';
import { request, toQuery } from './http';

export type ProfileFilters = Partial<Omit<ProfileListQuery, 'limit'>> & { limit?: number };
export type CandidateFilters = Partial<Omit<CandidateQuery, 'for'>>;
export type MatchFilters = Partial<Omit<MatchListQuery, 'limit'>> & { limit?: number };

export const listProfiles = (filters: ProfileFilters, signal?: AbortSignal) =>
  request('GET', `/profiles${toQuery({ ...filters })}`, ProfilePageSchema, { signal });
export const getProfile = (id: string) => request('GET', `/profiles/${id}`, ProfileSchema);
export const createProfile = (body: ProfileCreate) => request('POST', '/profiles', ProfileSchema, { body });
export const updateProfile = (id: string, etag: string, body: ProfileUpdate) =>
  request('PATCH', `/profiles/${id}`, ProfileSchema, { body, headers: { 'if-match': etag } });
export const deleteProfile = (id: string) => request('DELETE', `/profiles/${id}`, z.null());

export const listCandidates = (subjectId: string, filters: CandidateFilters, signal?: AbortSignal) =>
  request('GET', `/matchmaking/candidates${toQuery({ for: subjectId, ...filters })}`, CandidateListSchema, { signal });
export const getMatchWeights = () => request('GET', '/matchmaking/weights', MatchWeightsRecordSchema);
export const setMatchWeights = (etag: string, body: MatchWeights) =>
  request('PUT', '/matchmaking/weights', MatchWeightsRecordSchema, { body, headers: { 'if-match': etag } });

export const listMatches = (filters: MatchFilters) => request('GET', `/matches${toQuery({ ...filters })}`, MatchPageSchema);
export const getMatchCounts = () => request('GET', '/matches/counts', MatchCountsSchema);
export const proposeMatch = (body: MatchCreate) => request('POST', '/matches', MatchSchema, { body });
export const updateMatch = (id: string, etag: string, body: MatchUpdate) =>
  request('PATCH', `/matches/${id}`, MatchSchema, { body, headers: { 'if-match': etag } });
export const moveMatch = (id: string, etag: string, body: MatchTransition) =>
  request('POST', `/matches/${id}/transitions`, MatchSchema, { body, headers: { 'if-match': etag } });
