import { and, desc, eq, getTableColumns, isNull, or, sql } from 'drizzle-orm';
import type { ApiKey } from '@euregionet/shared';
import type { Db } from '../../db/client.js';
import { usersTable } from '../users/users.table.js';
import { apiKeysTable } from './api-keys.table.js';

export type ApiKeyInsert = Pick<
  typeof apiKeysTable.$inferInsert,
  'name' | 'partner' | 'scopes' | 'allowedOrigins' | 'rateLimitPerMinute' | 'expiresAt' | 'prefix' | 'secretHash' | 'createdBy'
>;

/** A key as stored, its secret's hash included: for the check of a presented key only. */
export type StoredApiKey = typeof apiKeysTable.$inferSelect;

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

// The secret's hash never leaves the database layer.
const { secretHash: _secretHash, ...keyColumns } = getTableColumns(apiKeysTable);

const selectKeys = (db: Db) =>
  db
    .select({ ...keyColumns, createdByName: usersTable.name })
    .from(apiKeysTable)
    .leftJoin(usersTable, eq(usersTable.id, apiKeysTable.createdBy));

export function createApiKeyRepo(db: Db) {
  return {
    async get(id: string): Promise<ApiKey | undefined> {
      const [row] = await selectKeys(db).where(eq(apiKeysTable.id, id));
      return row && toApiKey(row);
    },

    async list(): Promise<ApiKey[]> {
      return (await selectKeys(db).orderBy(desc(apiKeysTable.createdAt))).map(toApiKey);
    },

    async insert(values: ApiKeyInsert): Promise<ApiKey> {
      const [row] = await db.insert(apiKeysTable).values(values).returning({ id: apiKeysTable.id });
      const [created] = await selectKeys(db).where(eq(apiKeysTable.id, row!.id));
      return toApiKey(created!);
    },

    /** A key revoked once keeps its first revocation time. */
    async revoke(id: string): Promise<void> {
      await db
        .update(apiKeysTable)
        .set({ revokedAt: sql`now()` })
        .where(and(eq(apiKeysTable.id, id), isNull(apiKeysTable.revokedAt)));
    },

    /**
     * The usable key with this hash, with the hash itself. Every request of a portal checks its
     * key (the service keeps verified keys for a bounded time): a prepared statement, planned
     * once per connection.
     */
    usableByHash() {
      const statement = db
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
      return async (hash: string): Promise<StoredApiKey | undefined> => (await statement.execute({ hash }))[0];
    },

    /** Records a use; the time is written at most once a minute, whatever the callers do. */
    async touch(id: string): Promise<void> {
      await db
        .update(apiKeysTable)
        .set({ lastUsedAt: sql`now()` })
        .where(
          and(eq(apiKeysTable.id, id), or(isNull(apiKeysTable.lastUsedAt), sql`${apiKeysTable.lastUsedAt} < now() - interval '1 minute'`)),
        );
    },
  };
}
