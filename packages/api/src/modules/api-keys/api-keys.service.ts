import { ApiKeyCreateSchema, type ApiKey, type ApiKeyCreate, type ApiKeyCreated } from '@euregionet/shared';
import { systemClock, type Clock } from '../../clock.js';
import type { Db } from '../../db/client.js';
import { AppError, notFound } from '../../errors.js';
import type { RequestContext } from '../auth/actor.js';
import { newSecret, safeEqual, sha256 } from '../auth/tokens.js';
import { recordAudit } from '../audit/audit.repo.js';
import { createApiKeyRepo, type StoredApiKey } from './api-keys.repo.js';

/** Keys begin with this, so that a leaked key is recognisable (e.g. by secret scanners). */
export const KEY_PREFIX = 'eurn_';

/** Last-use times are written at most once a minute per key and process. */
const TOUCH_EVERY_MS = 60_000;

/** Verified keys kept at most: a bound on memory, far above the number of portals and scripts. */
const CACHE_MAX_KEYS = 10_000;

export interface ApiKeyServiceOptions {
  /** Where the cache's time is read (the app's clock). */
  clock?: Clock;
  /**
   * How long a verified key is believed without asking the database again (0: every request
   * asks). A revocation made in this process applies at once; one made by another process (or
   * directly in the database) applies within this time.
   */
  cacheTtlMs?: number;
}

export function createApiKeyService(db: Db, { clock = systemClock, cacheTtlMs = 0 }: ApiKeyServiceOptions = {}) {
  const repo = createApiKeyRepo(db);
  const byHash = repo.usableByHash();
  const touchedAt = new Map<string, number>();
  // Every request of a portal presents its key: a lookup per request was the largest fixed cost
  // of a public read. Keyed by the secret's hash, which the lookup computes anyway.
  const verified = new Map<string, { key: StoredApiKey; until: number }>();
  // Counts revocations, so that a lookup that began before one does not put the key back after it.
  let revocations = 0;

  /** Forgets a key at once (its revocation), whatever secret it was verified with. */
  function forget(id: string) {
    revocations++;
    for (const [hash, entry] of verified) if (entry.key.id === id) verified.delete(hash);
  }

  /** The key with this hash: from the cache while it is fresh and the key has not expired, else from the database. */
  async function usable(hash: string): Promise<StoredApiKey | undefined> {
    const now = clock.now().getTime();
    const cached = verified.get(hash);
    if (cached && cached.until > now) {
      // An expiry is exact, not delayed by the cache: the database would refuse the key from then on.
      if (cached.key.expiresAt && cached.key.expiresAt.getTime() <= now) {
        verified.delete(hash);
        return undefined;
      }
      return cached.key;
    }
    verified.delete(hash);
    const before = revocations;
    const key = await byHash(hash);
    if (key && cacheTtlMs > 0 && revocations === before) {
      // The oldest entry makes room (a Map iterates in insertion order).
      if (verified.size >= CACHE_MAX_KEYS) verified.delete(verified.keys().next().value!);
      verified.set(hash, { key, until: now + cacheTtlMs });
    }
    return key;
  }

  async function get(id: string): Promise<ApiKey> {
    const key = await repo.get(id);
    if (!key) throw notFound('API_KEY_NOT_FOUND', `No API key with id ${id}`);
    return key;
  }

  return {
    get,

    async list(): Promise<ApiKey[]> {
      return repo.list();
    },

    /** The secret is returned once and stored only as its hash. */
    async create(ctx: RequestContext, input: ApiKeyCreate): Promise<ApiKeyCreated> {
      const data = ApiKeyCreateSchema.parse(input);
      // A key that is expired at birth would be refused at its first use, with no hint why.
      if (data.expiresAt && new Date(data.expiresAt).getTime() <= Date.now()) {
        throw new AppError(400, 'VALIDATION_FAILED', 'The key would be expired already', {
          errors: [{ pointer: '/body/expiresAt', code: 'expires_in_past', message: 'Choose a time in the future' }],
        });
      }
      const secret = `${KEY_PREFIX}${newSecret()}`;
      return db.transaction(async (tx) => {
        const key = await createApiKeyRepo(tx).insert({
          ...data,
          expiresAt: data.expiresAt ? new Date(data.expiresAt) : null,
          prefix: secret.slice(0, KEY_PREFIX.length + 6),
          secretHash: sha256(secret),
          createdBy: ctx.actor?.kind === 'user' ? ctx.actor.id : null,
        });
        await recordAudit(tx, ctx, { action: 'create', entity: 'api_key', entityId: key.id, after: key });
        return { key, secret };
      });
    },

    /**
     * Revoked keys are refused by this process from the next request on, by others once their
     * cache of verified keys lets go of it (`API_KEY_CACHE_SECONDS`); the record stays for the
     * audit trail.
     */
    async revoke(ctx: RequestContext, id: string): Promise<ApiKey> {
      const before = await get(id);
      await db.transaction(async (tx) => {
        await createApiKeyRepo(tx).revoke(id);
        await recordAudit(tx, ctx, {
          action: 'revoke',
          entity: 'api_key',
          entityId: id,
          changes: { revokedAt: { before: before.revokedAt, after: 'now' } },
        });
      });
      forget(id);
      return get(id);
    },

    /** The key a request presents, if it exists, is not revoked and has not expired. */
    async authenticate(secret: string) {
      if (!secret.startsWith(KEY_PREFIX) || secret.length > 200) return undefined;
      const hash = sha256(secret);
      const row = await usable(hash);
      // The lookup is by hash; comparing the hashes once more in constant time costs nothing.
      if (!row || !safeEqual(row.secretHash, hash)) return undefined;
      if (Date.now() - (touchedAt.get(row.id) ?? 0) < TOUCH_EVERY_MS) return row;
      touchedAt.set(row.id, Date.now());
      await repo.touch(row.id);
      return row;
    },
  };
}

export type ApiKeyService = ReturnType<typeof createApiKeyService>;
