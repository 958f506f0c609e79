import createFetchClient, { type Client } from 'openapi-fetch';
import type { paths } from './schema.js';

export type { components, operations, paths } from './schema.js';

export interface ClientOptions {
  /** Where the API is, e.g. `https://euregionet.example.eu` (the document's `servers`). */
  baseUrl: string;
  /**
   * The portal's API key (scope `public:read`; `requests:create` or `registrations:create` to
   * submit). Without one, only what needs no key: a registrant's own meetings, with the token of
   * their e-mail, badges and verification.
   */
  apiKey?: string;
  /** Another fetch (a test's, or one with a proxy); the global one otherwise. */
  fetch?: (request: Request) => Promise<Response>;
}

/**
 * A client of the public API (`/api/v1/public/…`), typed from the OpenAPI document: paths,
 * parameters, bodies and answers are checked by the compiler.
 */
export function createClient({ baseUrl, apiKey, fetch }: ClientOptions): Client<paths> {
  return createFetchClient<paths>({
    baseUrl,
    ...(apiKey ? { headers: { authorization: `Bearer ${apiKey}` } } : {}),
    ...(fetch ? { fetch } : {}),
  });
}
