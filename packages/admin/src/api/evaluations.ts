import { z } from 'zod';
import {
  EvaluationFollowUpSchema,
  EvaluationShareCreatedSchema,
  EvaluationShareListSchema,
  EvaluationShareSchema,
  type ActionItemStatus,
  type EvaluationShareCreate,
  EvaluationComparisonSchema,
  EvaluationFrameworkPageSchema,
  EvaluationFrameworkSchema,
  EvaluationPageSchema,
  EvaluationProgressSchema,
  EvaluationSchema,
  type EvaluationCreate,
  type EvaluationFrameworkListQuery,
  type EvaluationFrameworkUpdate,
  type EvaluationListQuery,
  type EvaluationUpdate,
} from '@euregionet/shared';
import { request, toQuery } from './http';

const ifMatch = (etag: string) => ({ 'if-match': etag });

export const listFrameworks = (query: Partial<EvaluationFrameworkListQuery> = {}) =>
  request('GET', `/evaluation-frameworks${toQuery({ limit: 100, ...query })}`, EvaluationFrameworkPageSchema);
export const getFramework = (id: string) => request('GET', `/evaluation-frameworks/${id}`, EvaluationFrameworkSchema);
export const updateFramework = (id: string, etag: string, body: EvaluationFrameworkUpdate) =>
  request('PATCH', `/evaluation-frameworks/${id}`, EvaluationFrameworkSchema, { body, headers: ifMatch(etag) });
export const newFrameworkVersion = (id: string) => request('POST', `/evaluation-frameworks/${id}/versions`, EvaluationFrameworkSchema);
export const publishFramework = (id: string, etag: string) =>
  request('POST', `/evaluation-frameworks/${id}/publish`, EvaluationFrameworkSchema, { headers: ifMatch(etag) });
export const deleteFramework = (id: string) => request('DELETE', `/evaluation-frameworks/${id}`, z.null());

export const listEvaluations = (query: Partial<EvaluationListQuery> = {}) =>
  request('GET', `/evaluations${toQuery({ ...query })}`, EvaluationPageSchema);
export const getEvaluationProgress = () => request('GET', '/evaluations/progress', EvaluationProgressSchema);
export const createEvaluation = (body: EvaluationCreate) => request('POST', '/evaluations', EvaluationSchema, { body });
export const getEvaluation = (id: string) => request('GET', `/evaluations/${id}`, EvaluationSchema);
export const updateEvaluation = (id: string, etag: string, body: EvaluationUpdate) =>
  request('PATCH', `/evaluations/${id}`, EvaluationSchema, { body, headers: ifMatch(etag) });
export const deleteEvaluation = (id: string) => request('DELETE', `/evaluations/${id}`, z.null());
export const submitEvaluation = (id: string, etag: string) =>
  request('POST', `/evaluations/${id}/submit`, EvaluationSchema, { headers: ifMatch(etag) });
export const approveEvaluation = (id: string, etag: string) =>
  request('POST', `/evaluations/${id}/approve`, EvaluationSchema, { headers: ifMatch(etag) });
export const returnEvaluation = (id: string, etag: string, reason: string) =>
  request('POST', `/evaluations/${id}/return`, EvaluationSchema, { body: { reason }, headers: ifMatch(etag) });
export const getEvaluationComparison = (id: string, target?: string) =>
  request('GET', `/evaluations/${id}/comparison${toQuery({ target })}`, EvaluationComparisonSchema);

// ---- results handed to the cluster, follow-up of action items, evidence

export const listEvaluationShares = (id: string) => request('GET', `/evaluations/${id}/shares`, EvaluationShareListSchema);
export const createEvaluationShare = (id: string, body: EvaluationShareCreate) =>
  request('POST', `/evaluations/${id}/shares`, EvaluationShareCreatedSchema, { body });
export const revokeEvaluationShare = (id: string, shareId: string) =>
  request('POST', `/evaluations/${id}/shares/${shareId}/revocation`, EvaluationShareSchema);
export const getEvaluationFollowUp = (id: string) => request('GET', `/evaluations/${id}/follow-up`, EvaluationFollowUpSchema);
export const setActionItemStatus = (id: string, index: number, status: ActionItemStatus) =>
  request('PUT', `/evaluations/${id}/action-items/${index}/status`, EvaluationFollowUpSchema, { body: { status } });
