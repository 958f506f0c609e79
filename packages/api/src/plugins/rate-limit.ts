import fastifyRateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';

/**
 * Requests per minute: each API key its own limit, signed-in users and anonymous addresses
 * the configured one. Every answer under /api carries `RateLimit-Limit`, `RateLimit-Remaining` and
 * `RateLimit-Reset`; a 429 also `Retry-After` (seconds). Counts are kept
 * per process; behind several processes, the limit is per process.
 */
export const rateLimitPlugin = fp<{ perMinute: number }>(
  async (app, { perMinute }) => {
    await app.register(fastifyRateLimit, {
      global: true,
      // After authentication, so that a key's own limit applies, and before the access check, so
      // that every answer of the API (401 and 403 included) is counted and carries the headers.
      hook: 'onRequest',
      timeWindow: 60_000,
      enableDraftSpec: true,
      allowList: (request) => !request.url.startsWith('/api/'),
      keyGenerator: (request) => (request.actor ? `${request.actor.kind}:${request.actor.id}` : `ip:${request.ip}`),
      max: (request) => (request.actor?.kind === 'apiKey' ? request.actor.rateLimitPerMinute : perMinute),
    });
  },
  { name: 'rate-limit', dependencies: ['auth'] },
);
