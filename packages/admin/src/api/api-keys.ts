import { ApiKeyCreatedSchema, ApiKeyListSchema, ApiKeySchema, type ApiKeyCreate } from '@euregionet/shared';
import { request } from './http';

export const listApiKeys = () => request('GET', '/api-keys', ApiKeyListSchema);
export const createApiKey = (body: ApiKeyCreate) => request('POST', '/api-keys', ApiKeyCreatedSchema, { body });
export const revokeApiKey = (id: string) => request('DELETE', `/api-keys/${id}`, ApiKeySchema);
