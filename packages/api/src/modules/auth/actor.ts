import type { ApiScope, Locale, PartnerCode, Role } from '@euregionet/shared';

/** Who makes a request: a signed-in staff member or an API key. */
export type Actor =
  | { kind: 'user'; id: string; email: string; name: string; partner: PartnerCode; role: Role; language: Locale; sessionHash: string }
  | {
      kind: 'apiKey';
      id: string;
      name: string;
      partner: PartnerCode;
      scopes: ApiScope[];
      allowedOrigins: string[];
      rateLimitPerMinute: number;
    };

/**
 * What a service needs to know of the request that asks it to act: who, and the ids that let
 * the audit trail be followed back to the log.
 */
export interface RequestContext {
  actor: Actor | null;
  requestId: string;
  ip: string;
}

/** The system itself, e.g. for the first administrator at start. */
export const SYSTEM_CONTEXT: RequestContext = { actor: null, requestId: 'system', ip: '127.0.0.1' };
