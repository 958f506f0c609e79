import {
  DigestSubscriptionListSchema,
  DigestSubscriptionSchema,
  type DigestSubscriptionCreate,
  type DigestSubscriptionUpdate,
} from '@euregionet/shared';
import { request } from './http.js';

export const listDigestSubscriptions = (organisationId: string, signal?: AbortSignal) =>
  request('GET', `/organisations/${organisationId}/digest-subscriptions`, DigestSubscriptionListSchema, { signal });

export const createDigestSubscription = (organisationId: string, body: DigestSubscriptionCreate) =>
  request('POST', `/organisations/${organisationId}/digest-subscriptions`, DigestSubscriptionSchema, { body });

export const updateDigestSubscription = (id: string, etag: string, body: DigestSubscriptionUpdate) =>
  request('PATCH', `/digest-subscriptions/${id}`, DigestSubscriptionSchema, { body, headers: { 'if-match': etag } });
