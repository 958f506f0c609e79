import { ApiKeyCreateSchema, type ApiKey, type ApiKeyCreate, type ApiKeyCreated } from '@euregionet/shared';
import type { Db } from '../../db/client.js';
import { AppError, notFound } from '../../errors.js';
import type { RequestContext } from '../auth/actor.js';
import { newSecret, safeEqual, sha256 } from '../auth/tokens.js';
import { recordAudit } from '../audit/audit.repo.js';
import { createApiKeyRepo } from './api-keys.repo.js';

/** Keys begin with this, so that a leaked key is recognisable (e.g. by secret scanners). */
export const KEY_PREFIX = 'eurn_';

/** Last-use times are written at most once a minute per key and process. */
const TOUCH_EVERY_MS = 60_000;

export function createApiKeyService(db: Db) {
  const repo = createApiKeyRepo(db);
  const byHash = repo.usableByHash();
  const touchedAt = new Map<string, number>();

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

    /** Revoked keys are refused from the next request on; the record stays for the audit trail. */
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
      return get(id);
    },

    /** The key a request presents, if it exists, is not revoked and has not expired. */
    async authenticate(secret: string) {
      if (!secret.startsWith(KEY_PREFIX) || secret.length > 200) return undefined;
      const hash = sha256(secret);
      const row = await byHash(hash);
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
