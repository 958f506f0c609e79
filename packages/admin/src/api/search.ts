import { SearchResultSchema, type SearchQuery } from '@euregionet/shared';
import { request, toQuery } from './http';

export type SearchFilters = Partial<Omit<SearchQuery, 'limit'>> & { limit?: number };

export const searchDirectory = (filters: SearchFilters, signal?: AbortSignal) =>
  request('GET', `/search${toQuery({ ...filters })}`, SearchResultSchema, { signal });
