import fastifyCookie from '@fastify/cookie';
import type { FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import type { ApiScope, Role } from '@euregionet/shared';
import type { Config } from '../../config.js';
import { AppError } from '../../errors.js';
import { runPeriodically } from '../../plugins/periodic.js';
import { createApiKeyService, type ApiKeyService } from '../api-keys/api-keys.service.js';
import type { Actor, RequestContext } from './actor.js';
import { createAuthService, type AuthService } from './auth.service.js';
import { csrfTokenOf, safeEqual } from './tokens.js';

/**
 * Who may call a route. Every route under /api/v1 must say: the app refuses to start otherwise.
 * `public`: anyone (login, and portal routes that check their key themselves). Otherwise the
 * staff roles and the API key scopes that are let in; record-level rules live in the services.
 */
export type Access = { public: true } | { roles: readonly Role[]; scopes?: readonly ApiScope[] };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    actor: Actor | null;
    /** The raw session id, when the request came with a valid session cookie. */
    sessionToken: string | null;
    /** Why the credentials sent were refused; thrown once the rate limit has counted the request. */
    authFailure?: unknown;
  }
  interface FastifyInstance {
    auth: AuthService;
    /** The one service of API keys, whose cache of verified keys a revocation must reach. */
    apiKeys: ApiKeyService;
  }
}

export const SESSION_COOKIE = 'eurn_session';
/** How often expired sessions and stale login throttle entries are removed. */
const HOUSEKEEPING_MS = 60 * 60_000;
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function contextOf(request: FastifyRequest): RequestContext {
  return { actor: request.actor, requestId: String(request.id), ip: request.ip };
}

export const authPlugin = fp<{ config: Config }>(
  async (app, { config }) => {
    await app.register(fastifyCookie);
    const auth = createAuthService(app.db, { session: config.session, login: config.login });
    const keys = createApiKeyService(app.db, { clock: app.clock, cacheTtlMs: config.apiKeyCacheMs });
    app.decorate('auth', auth);
    app.decorate('apiKeys', keys);
    runPeriodically(app, {
      name: 'session housekeeping',
      intervalMs: HOUSEKEEPING_MS,
      firstAfterMs: 60_000,
      round: async () => {
        const removed = await auth.housekeeping();
        if (removed.sessions || removed.throttle) app.log.info(removed, 'session housekeeping');
      },
    });
    app.decorateRequest('actor', null);
    app.decorateRequest('sessionToken', null);
    app.decorateRequest('authFailure', undefined);

    app.addHook('onRoute', (route: RouteOptions) => {
      if (route.url.startsWith('/api/') && !route.config?.access) {
        throw new Error(`${String(route.method)} ${route.url} declares no access rule (config.access)`);
      }
    });

    async function authenticate(request: FastifyRequest): Promise<Actor | null> {
      const header = request.headers.authorization;
      if (header !== undefined) {
        // A key is only ever accepted in the Authorization header, never in a query string.
        const match = /^Bearer ([\w-]{1,200})$/.exec(header);
        const key = match ? await keys.authenticate(match[1]!) : undefined;
        if (!key)
          throw new AppError(401, 'INVALID_API_KEY', 'The API key is not valid, revoked or expired', {
            headers: { 'www-authenticate': 'Bearer' },
          });
        return {
          kind: 'apiKey',
          id: key.id,
          name: key.name,
          partner: key.partner,
          scopes: key.scopes,
          allowedOrigins: key.allowedOrigins,
          rateLimitPerMinute: key.rateLimitPerMinute,
        };
      }
      const token = request.cookies[SESSION_COOKIE];
      if (!token) return null;
      const session = await auth.sessions.resolve(token);
      if (!session) return null;
      request.sessionToken = token;
      const { status: _status, ...user } = session.user;
      return { kind: 'user', ...user, sessionHash: session.tokenHash };
    }

    function checkOrigin(request: FastifyRequest, actor: Actor) {
      const origin = request.headers.origin?.toLowerCase();
      if (!origin) return;
      if (actor.kind === 'apiKey') {
        if (actor.allowedOrigins.length && !actor.allowedOrigins.includes(origin)) {
          throw new AppError(403, 'ORIGIN_NOT_ALLOWED', 'This key may not be used from this web site');
        }
        return;
      }
      // With a session cookie, a write must come from the app itself or an allowed origin.
      const self = `${request.protocol}://${request.host}`.toLowerCase();
      if (UNSAFE.has(request.method) && origin !== self && !config.corsOrigins.includes(origin)) {
        throw new AppError(403, 'ORIGIN_NOT_ALLOWED', 'Changes are accepted only from the admin app');
      }
    }

    // Who is calling is known first (onRequest), so that the rate limit counts per key or user;
    // what they may do is checked after it (preParsing, still before the body is read), so that
    // refused requests, wrong keys included, are counted and carry the RateLimit-* headers too.
    app.addHook('onRequest', async (request) => {
      const access = request.routeOptions.config.access;
      if (!access) return;
      try {
        request.actor = await authenticate(request);
      } catch (error) {
        request.authFailure = error;
      }
    });

    app.addHook('preParsing', async (request) => {
      const access = request.routeOptions.config.access;
      if (!access) return;
      if (request.authFailure !== undefined) throw request.authFailure;
      const actor = request.actor;
      if ('public' in access) return;
      if (!actor) throw new AppError(401, 'UNAUTHENTICATED', 'Sign in, or send an API key as Authorization: Bearer');
      checkOrigin(request, actor);
      if (actor.kind === 'apiKey') {
        if (!access.scopes?.some((s) => actor.scopes.includes(s))) {
          throw new AppError(
            403,
            'FORBIDDEN',
            `This key lacks the scope for this operation${access.scopes?.length ? ` (${access.scopes.join(' or ')})` : ''}`,
          );
        }
        return;
      }
      if (!access.roles.includes(actor.role)) throw new AppError(403, 'FORBIDDEN', 'Your role does not allow this');
      // Cookies travel with every request a browser makes; a change must also prove that the
      // admin app sent it, with the token only its own script can read.
      if (UNSAFE.has(request.method)) {
        const sent = request.headers['x-csrf-token'];
        if (typeof sent !== 'string' || !safeEqual(sent, csrfTokenOf(request.sessionToken!))) {
          throw new AppError(403, 'CSRF_FAILED', 'Missing or wrong X-CSRF-Token; reload the page');
        }
      }
    });

    // Answers of the API hold personal data (requesters, contacts, staff) or come from a session:
    // no shared or browser cache may keep them. Routes meant to be cached (the portal directory)
    // set their own Cache-Control in hooks that run after this one.
    app.addHook('onSend', (request, reply, payload, done) => {
      if (request.routeOptions.config.access !== undefined && !reply.hasHeader('cache-control')) {
        void reply.header('cache-control', 'no-store');
      }
      done(null, payload);
    });
  },
  { name: 'auth', dependencies: ['database'] },
);
