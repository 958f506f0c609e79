import {
  ApiKeyCreatedSchema,
  ApiKeyListSchema,
  ApiKeySchema,
  WebhookDeliveryListSchema,
  WebhookDeliverySchema,
  WebhookEndpointCreatedSchema,
  WebhookEndpointListSchema,
  type ApiKeyCreate,
  type WebhookEndpointCreate,
} from '@euregionet/shared';
import { z } from 'zod';
import { request } from './http';

export const listApiKeys = () => request('GET', '/api-keys', ApiKeyListSchema);
export const getApiKey = (id: string) => request('GET', `/api-keys/${id}`, ApiKeySchema);
export const createApiKey = (body: ApiKeyCreate) => request('POST', '/api-keys', ApiKeyCreatedSchema, { body });
export const revokeApiKey = (id: string) => request('DELETE', `/api-keys/${id}`, ApiKeySchema);

export const listWebhookEndpoints = (keyId: string) => request('GET', `/api-keys/${keyId}/webhooks`, WebhookEndpointListSchema);
export const createWebhookEndpoint = (keyId: string, body: WebhookEndpointCreate) =>
  request('POST', `/api-keys/${keyId}/webhooks`, WebhookEndpointCreatedSchema, { body });
export const deleteWebhookEndpoint = (keyId: string, endpointId: string) =>
  request('DELETE', `/api-keys/${keyId}/webhooks/${endpointId}`, z.null());
export const listWebhookDeliveries = (keyId: string, endpointId: string) =>
  request('GET', `/api-keys/${keyId}/webhooks/${endpointId}/deliveries`, WebhookDeliveryListSchema);
export const sendWebhookTest = (keyId: string, endpointId: string) =>
  request('POST', `/api-keys/${keyId}/webhooks/${endpointId}/test`, WebhookDeliverySchema);
