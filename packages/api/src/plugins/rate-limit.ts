import fastifyRateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';

/**
 * Requests per minute: each API key its own limit, signed-in users and anonymous addresses
 * the configured one. Answers 429 with `RateLimit-*` and `Retry-After` headers. Counts are kept
 * per process; behind several processes, the limit is per process.
 */
export const rateLimitPlugin = fp<{ perMinute: number }>(
  async (app, { perMinute }) => {
    await app.register(fastifyRateLimit, {
      global: true,
      // After authentication, so that a key's own limit applies.
      hook: 'preHandler',
      timeWindow: 60_000,
      enableDraftSpec: true,
      allowList: (request) => !request.url.startsWith('/api/'),
      keyGenerator: (request) => (request.actor ? `${request.actor.kind}:${request.actor.id}` : `ip:${request.ip}`),
      max: (request) => (request.actor?.kind === 'apiKey' ? request.actor.rateLimitPerMinute : perMinute),
    });
  },
  { name: 'rate-limit', dependencies: ['auth'] },
);
