import { and, desc, eq, getTableColumns, isNull, or, sql } from 'drizzle-orm';
import { ApiKeyCreateSchema, type ApiKey, type ApiKeyCreate, type ApiKeyCreated } from '@euregionet/shared';
import type { Db } from '../../db/client.js';
import { AppError, notFound } from '../../errors.js';
import type { RequestContext } from '../auth/actor.js';
import { newSecret, safeEqual, sha256 } from '../auth/tokens.js';
import { recordAudit } from '../audit/audit.repo.js';
import { usersTable } from '../users/users.table.js';
import { apiKeysTable } from './api-keys.table.js';

type Row = Omit<typeof apiKeysTable.$inferSelect, 'secretHash'> & { createdByName: string | null };

function toApiKey(row: Row): ApiKey {
  return {
    id: row.id,
    name: row.name,
    partner: row.partner,
    scopes: row.scopes,
    allowedOrigins: row.allowedOrigins,
    prefix: row.prefix,
    rateLimitPerMinute: row.rateLimitPerMinute,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdByName,
  };
}

/** Keys begin with this, so that a leaked key is recognisable (e.g. by secret scanners). */
export const KEY_PREFIX = 'eurn_';

// The secret's hash never leaves the database layer.
const { secretHash: _secretHash, ...keyColumns } = getTableColumns(apiKeysTable);

const selectKeys = (db: Db) =>
  db
    .select({ ...keyColumns, createdByName: usersTable.name })
    .from(apiKeysTable)
    .leftJoin(usersTable, eq(usersTable.id, apiKeysTable.createdBy));

/** Last-use times are written at most once a minute per key and process. */
const TOUCH_EVERY_MS = 60_000;

export function createApiKeyService(db: Db) {
  const select = () => selectKeys(db);
  // Every request of a portal checks its key: a prepared statement, planned once per connection.
  // The check stays a database read each time, so that a revocation applies at once.
  const byHash = db
    .select()
    .from(apiKeysTable)
    .where(
      and(
        eq(apiKeysTable.secretHash, sql.placeholder('hash')),
        isNull(apiKeysTable.revokedAt),
        or(isNull(apiKeysTable.expiresAt), sql`${apiKeysTable.expiresAt} > now()`),
      ),
    )
    .prepare('api_key_by_hash');
  const touchedAt = new Map<string, number>();

  async function get(id: string): Promise<ApiKey> {
    const [row] = await select().where(eq(apiKeysTable.id, id));
    if (!row) throw notFound('API_KEY_NOT_FOUND', `No API key with id ${id}`);
    return toApiKey(row);
  }

  return {
    get,

    async list(): Promise<ApiKey[]> {
      return (await select().orderBy(desc(apiKeysTable.createdAt))).map(toApiKey);
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
        const [row] = await tx
          .insert(apiKeysTable)
          .values({
            ...data,
            expiresAt: data.expiresAt ? new Date(data.expiresAt) : null,
            prefix: secret.slice(0, KEY_PREFIX.length + 6),
            secretHash: sha256(secret),
            createdBy: ctx.actor?.kind === 'user' ? ctx.actor.id : null,
          })
          .returning({ id: apiKeysTable.id });
        const [created] = await selectKeys(tx).where(eq(apiKeysTable.id, row!.id));
        const key = toApiKey(created!);
        await recordAudit(tx, ctx, { action: 'create', entity: 'api_key', entityId: key.id, after: key });
        return { key, secret };
      });
    },

    /** Revoked keys are refused from the next request on; the record stays for the audit trail. */
    async revoke(ctx: RequestContext, id: string): Promise<ApiKey> {
      const before = await get(id);
      await db.transaction(async (tx) => {
        await tx
          .update(apiKeysTable)
          .set({ revokedAt: sql`now()` })
          .where(and(eq(apiKeysTable.id, id), isNull(apiKeysTable.revokedAt)));
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
      const [row] = await byHash.execute({ hash });
      // The lookup is by hash; comparing the hashes once more in constant time costs nothing.
      if (!row || !safeEqual(row.secretHash, hash)) return undefined;
      if (Date.now() - (touchedAt.get(row.id) ?? 0) < TOUCH_EVERY_MS) return row;
      touchedAt.set(row.id, Date.now());
      await db
        .update(apiKeysTable)
        .set({ lastUsedAt: sql`now()` })
        .where(
          and(
            eq(apiKeysTable.id, row.id),
            or(isNull(apiKeysTable.lastUsedAt), sql`${apiKeysTable.lastUsedAt} < now() - interval '1 minute'`),
          ),
        );
      return row;
    },
  };
}

export type ApiKeyService = ReturnType<typeof createApiKeyService>;
