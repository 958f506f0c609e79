import {
  BrandApplicationPageSchema,
  BrandApplicationSchema,
  BrandAwardPageSchema,
  BrandAwardSchema,
  BrandCheckSchema,
  BrandCriteriaListSchema,
  BrandCriteriaSchema,
  BrandVerificationSchema,
  PublicationPageSchema,
  type BrandApplicationListQuery,
  type BrandAwardAction,
  type BrandAwardListQuery,
  type BrandCriteriaCreate,
  type BrandCriteriaUpdate,
  type BrandDecision,
  type Locale,
} from '@euregionet/shared';
import { request, toQuery } from './http.js';

const ifMatch = (etag: string) => ({ 'if-match': etag });

export const listBrandCriteria = () => request('GET', '/brand/criteria', BrandCriteriaListSchema);
export const getBrandCriteria = (id: string) => request('GET', `/brand/criteria/${id}`, BrandCriteriaSchema);
export const createBrandCriteria = (body: BrandCriteriaCreate) => request('POST', '/brand/criteria', BrandCriteriaSchema, { body });
export const updateBrandCriteria = (id: string, etag: string, body: BrandCriteriaUpdate) =>
  request('PATCH', `/brand/criteria/${id}`, BrandCriteriaSchema, { body, headers: ifMatch(etag) });
export const publishBrandCriteria = (id: string, etag: string) =>
  request('POST', `/brand/criteria/${id}/publish`, BrandCriteriaSchema, { headers: ifMatch(etag) });

export const checkBrand = (clusterId: string) => request('GET', `/brand/check${toQuery({ clusterId })}`, BrandCheckSchema);

export const listBrandApplications = (query: Partial<BrandApplicationListQuery> = {}) =>
  request('GET', `/brand/applications${toQuery({ limit: 100, ...query })}`, BrandApplicationPageSchema);
export const getBrandApplication = (id: string, signal?: AbortSignal) =>
  request('GET', `/brand/applications/${id}`, BrandApplicationSchema, { signal });
export const applyForBrand = (clusterId: string) => request('POST', '/brand/applications', BrandApplicationSchema, { body: { clusterId } });
export const decideBrandApplication = (id: string, etag: string, body: BrandDecision) =>
  request('POST', `/brand/applications/${id}/decision`, BrandApplicationSchema, { body, headers: ifMatch(etag) });

export const listBrandAwards = (query: Partial<BrandAwardListQuery> = {}) =>
  request('GET', `/brand/awards${toQuery({ limit: 100, ...query })}`, BrandAwardPageSchema);
export const getBrandAward = (id: string, signal?: AbortSignal) => request('GET', `/brand/awards/${id}`, BrandAwardSchema, { signal });
export const changeBrandAward = (id: string, etag: string, body: BrandAwardAction) =>
  request('POST', `/brand/awards/${id}/actions`, BrandAwardSchema, { body, headers: ifMatch(etag) });

/** The public, signed verification of a certificate (no key needed). */
export const verifyBrand = (certificate: string, signal?: AbortSignal) =>
  request('GET', `/public/brand/${encodeURIComponent(certificate)}`, BrandVerificationSchema, { signal });

/** The verification page and the badge are opened by the browser itself. */
export const brandVerifyUrl = (certificate: string, lang: Locale) => `/api/v1/public/brand/${encodeURIComponent(certificate)}?lang=${lang}`;
export const brandBadgeUrl = (certificate: string, lang: Locale) =>
  `/api/v1/public/brand/${encodeURIComponent(certificate)}/badge.svg?lang=${lang}`;

/** Published publications, to choose the usage guidelines from. */
export const listGuidelineCandidates = () =>
  request('GET', `/publications${toQuery({ status: 'published', limit: 100 })}`, PublicationPageSchema);
