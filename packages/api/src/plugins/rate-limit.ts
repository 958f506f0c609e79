import fastifyRateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';
import { Redis } from 'ioredis';
import { redisStoreWithFallback } from './rate-limit-store.js';

/** While Redis is away, one warning a minute says that limits are counted per process. */
const FALLBACK_WARN_EVERY_MS = 60_000;

/**
 * Requests per minute: each API key its own limit, signed-in users and anonymous addresses
 * the configured one. Every answer under /api carries `RateLimit-Limit`, `RateLimit-Remaining` and
 * `RateLimit-Reset`; a 429 also `Retry-After` (seconds). With `redisUrl` the counts are kept in
 * Redis and every process shares them (the limits that routes make with `app.createRateLimit`,
 * the intake limits among them, too); without it, or while Redis cannot be reached, in this
 * process (see rate-limit-store.ts).
 */
export const rateLimitPlugin = fp<{ perMinute: number; redisUrl?: string | undefined }>(
  async (app, { perMinute, redisUrl }) => {
    let store;
    if (redisUrl) {
      const redis = new Redis(redisUrl, {
        // A request never waits for Redis: without a connection a count fails at once (and is
        // taken in this process), and one that Redis does not answer fails after a second.
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        commandTimeout: 1000,
        connectTimeout: 2000,
        connectionName: 'euregionet-api',
      });
      let warnedAt = 0;
      let down = false;
      redis.on('error', () => undefined); // reported below, at most once a minute
      redis.on('ready', () => {
        if (down) app.log.info('Redis answers again: rate limits are shared across processes');
        down = false;
      });
      store = redisStoreWithFallback(redis, (err) => {
        app.metrics.rateLimitStoreFallbacks.inc();
        down = true;
        const now = Date.now();
        if (now - warnedAt < FALLBACK_WARN_EVERY_MS) return;
        warnedAt = now;
        app.log.warn({ err }, 'Redis cannot be reached: rate limits are counted in this process until it answers');
      });
      app.addHook('onClose', async () => {
        redis.disconnect();
      });
    }
    await app.register(fastifyRateLimit, {
      global: true,
      // After authentication, so that a key's own limit applies, and before the access check, so
      // that every answer of the API (401 and 403 included) is counted and carries the headers.
      hook: 'onRequest',
      timeWindow: 60_000,
      enableDraftSpec: true,
      ...(store ? { store } : {}),
      allowList: (request) => !request.url.startsWith('/api/'),
      keyGenerator: (request) => (request.actor ? `${request.actor.kind}:${request.actor.id}` : `ip:${request.ip}`),
      max: (request) => (request.actor?.kind === 'apiKey' ? request.actor.rateLimitPerMinute : perMinute),
    });
  },
  { name: 'rate-limit', dependencies: ['auth', 'metrics'] },
);
