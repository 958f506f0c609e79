import { ANY_STAFF } from '@euregionet/shared';
import type { Access } from './auth.plugin.js';

/*
 * The access rules that several modules' routes share, so that a change to who may read
 * reaches every route at once.
 */

/** Every staff member, and API keys with the `read` scope (reporting, partners' own tools). */
export const READERS = { roles: ANY_STAFF, scopes: ['read'] } as const satisfies Access;

/** Every signed-in staff member; no API key. */
export const STAFF = { roles: ANY_STAFF } as const satisfies Access;

/** Portals: API keys with the `public:read` scope, and nobody signed in as staff. */
export const PORTALS = { roles: [], scopes: ['public:read'] } as const satisfies Access;
