import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { addVary, conditionalGet } from './http-cache.js';

/**
 * A key's web origins: a browser may read an answer only from an origin the key allows. The
 * preflight cannot know the key (browsers send none), so it is answered for any origin; the
 * answer itself carries Access-Control-Allow-Origin only for the key's allowed origins. For
 * every route under /api/v1/public, the directory's and the intake of consulting requests.
 */
export function restrictCors(request: FastifyRequest, reply: FastifyReply) {
  const origin = request.headers.origin?.toLowerCase();
  // Only a browser's cross-origin request (which names its Origin) reads the CORS headers.
  if (!origin) void reply.removeHeader('access-control-expose-headers');
  if (!origin || request.routeOptions.config.access === undefined || 'public' in request.routeOptions.config.access) return;
  const actor = request.actor;
  const allowed = actor?.kind === 'apiKey' && actor.allowedOrigins.includes(origin);
  if (!allowed) void reply.removeHeader('access-control-allow-origin').removeHeader('access-control-expose-headers');
}

/**
 * The hooks of a plugin of portal reads: the key's web origins (`restrictCors`), and an ETag with
 * 304 and the given Cache-Control on every successful GET (`conditionalGet`).
 *
 * An answer that needs a key varies with the key (`Vary: Authorization`), although its body is the
 * same for every key: its CORS headers follow the key's web origins, its RateLimit headers the
 * key's budget, and a cache keyed without it would hand answers to requests with no key, or a
 * revoked one. A portal calls with its one key, so a shared cache still serves all its visitors
 * from one entry (per URL, language and origin).
 */
export function portalReads(app: FastifyInstance, cacheControl: (request: FastifyRequest) => string) {
  const cache = conditionalGet(cacheControl);
  // One hook with a callback: these run on every portal request.
  app.addHook('onSend', (request, reply, payload, done) => {
    restrictCors(request, reply);
    const access = request.routeOptions.config.access;
    if (access !== undefined && !('public' in access)) addVary(reply, 'Authorization');
    cache(request, reply, payload, done);
  });
}
