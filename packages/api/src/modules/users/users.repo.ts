import { and, asc, count, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { normaliseEmail, type User, type UserListQuery } from '@euregionet/shared';
import type { Db } from '../../db/client.js';
import { cursorCodec, key, keysetPage } from '../../db/cursor.js';
import { containsPattern } from '../../db/sql.js';
import { usersTable } from './users.table.js';

export type UserRow = typeof usersTable.$inferSelect;

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    partner: row.partner,
    role: row.role,
    language: row.language,
    status: row.status,
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Users in name order: (lower(name), id). */
const cursor = cursorCodec(key.text, key.uuid);
const sortKey = sql<string>`lower(${usersTable.name})`;

export function createUserRepo(db: Db) {
  return {
    /** `byEmail`: whether `q` also searches the e-mail addresses (not for those who may not see them). */
    async list(query: UserListQuery, options: { byEmail: boolean } = { byEmail: true }) {
      const where: SQL[] = [];
      if (query.q) {
        const like = containsPattern(query.q);
        where.push(options.byEmail ? or(ilike(usersTable.name, like), ilike(usersTable.email, like))! : ilike(usersTable.name, like));
      }
      if (query.partner) where.push(eq(usersTable.partner, query.partner));
      if (query.role) where.push(eq(usersTable.role, query.role));
      if (query.status) where.push(eq(usersTable.status, query.status));
      if (query.cursor) {
        const [name, id] = cursor.decode(query.cursor);
        where.push(sql`(${sortKey}, ${usersTable.id}) > (${name}, ${id}::uuid)`);
      }
      return keysetPage(
        query.limit,
        (rowLimit) =>
          db
            .select({ row: usersTable, sortKey })
            .from(usersTable)
            .where(where.length ? and(...where) : undefined)
            .orderBy(sortKey, asc(usersTable.id))
            .limit(rowLimit),
        (last) => cursor.encode([last.sortKey, last.row.id]),
        (r) => toUser(r.row),
      );
    },

    async byId(id: string) {
      const [row] = await db.select().from(usersTable).where(eq(usersTable.id, id));
      return row;
    },

    async byEmail(email: string) {
      const [row] = await db
        .select()
        .from(usersTable)
        .where(eq(sql`lower(${usersTable.email})`, normaliseEmail(email)));
      return row;
    },

    async insert(values: typeof usersTable.$inferInsert) {
      const [row] = await db.insert(usersTable).values(values).returning();
      return row!;
    },

    /** Changes a user only if still at the version read; undefined when not (or gone). */
    async update(id: string, expectedVersion: number | undefined, values: Partial<typeof usersTable.$inferInsert>) {
      const [row] = await db
        .update(usersTable)
        .set({ ...values, version: sql`${usersTable.version} + 1`, updatedAt: sql`now()` })
        .where(and(eq(usersTable.id, id), expectedVersion === undefined ? undefined : eq(usersTable.version, expectedVersion)))
        .returning();
      return row;
    },

    async countActiveAdmins(exceptId?: string) {
      const [row] = await db
        .select({ n: count() })
        .from(usersTable)
        .where(
          and(eq(usersTable.role, 'admin'), eq(usersTable.status, 'active'), exceptId ? sql`${usersTable.id} <> ${exceptId}` : undefined),
        );
      return row?.n ?? 0;
    },

    async count() {
      const [row] = await db.select({ n: count() }).from(usersTable);
      return row?.n ?? 0;
    },

    async touchLogin(id: string) {
      await db
        .update(usersTable)
        .set({ lastLoginAt: sql`now()` })
        .where(eq(usersTable.id, id));
    },
  };
}
