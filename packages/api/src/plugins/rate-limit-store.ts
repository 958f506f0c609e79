import { createRequire } from 'node:module';
import type { FastifyRateLimitOptions, FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Redis } from 'ioredis';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;
/** What @fastify/rate-limit's own stores offer beyond its declared type (`read`, since 11.1). */
type Store = FastifyRateLimitStore & { read(key: string, callback: Callback, timeWindow: number, max: number): void };
type ChildOptions = Parameters<FastifyRateLimitStore['child']>[0];

// The plugin's own stores (its Redis Lua script and its in-memory LRU), reused rather than
// rewritten; they are CommonJS files of the package without declared types.
const require = createRequire(import.meta.url);
const RedisStore = require('@fastify/rate-limit/store/RedisStore.js') as new (
  continueExceeding: boolean,
  exponentialBackoff: boolean,
  redis: Redis,
  nameSpace: string,
) => Store;
const LocalStore = require('@fastify/rate-limit/store/LocalStore.js') as new (
  continueExceeding: boolean,
  exponentialBackoff: boolean,
) => Store;

/** Prefix of every counter in Redis: one Redis may serve other applications. */
export const REDIS_KEY_PREFIX = 'euregionet:rate-limit:';

/**
 * Counts in Redis, so that every API process shares a key's limit. While Redis cannot be
 * reached, each request is counted in this process instead: the API keeps serving, and abuse is
 * still held back, at up to one full limit per process, until Redis answers again. Refusing every
 * request while Redis is away would turn a cache outage into an outage of the whole API.
 */
class SharedStore implements Store {
  constructor(
    private readonly shared: Store,
    private readonly local: Store,
    private readonly onFallback: (err: Error) => void,
  ) {}

  incr(key: string, callback: Callback, timeWindow: number, max: number) {
    this.shared.incr(
      key,
      (err, result) => {
        if (!err) return callback(null, result);
        this.onFallback(err);
        this.local.incr(key, callback, timeWindow, max);
      },
      timeWindow,
      max,
    );
  }

  read(key: string, callback: Callback, timeWindow: number, max: number) {
    this.shared.read(
      key,
      (err, result) => {
        if (!err) return callback(null, result);
        this.onFallback(err);
        this.local.read(key, callback, timeWindow, max);
      },
      timeWindow,
      max,
    );
  }

  child(options: ChildOptions): Store {
    return new SharedStore(this.shared.child(options) as Store, this.local.child(options) as Store, this.onFallback);
  }
}

/** The store for `@fastify/rate-limit`'s `store` option. */
export function redisStoreWithFallback(redis: Redis, onFallback: (err: Error) => void): FastifyRateLimitStoreCtor {
  return class extends SharedStore {
    constructor(options: FastifyRateLimitOptions & { continueExceeding?: boolean; exponentialBackoff?: boolean }) {
      const continueExceeding = options.continueExceeding ?? false;
      const exponentialBackoff = options.exponentialBackoff ?? false;
      super(
        new RedisStore(continueExceeding, exponentialBackoff, redis, REDIS_KEY_PREFIX),
        new LocalStore(continueExceeding, exponentialBackoff),
        onFallback,
      );
    }
  };
}
