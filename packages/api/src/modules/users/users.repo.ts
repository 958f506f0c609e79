import { and, asc, count, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { User, UserListQuery } from '@euregionet/shared';
import type { Db } from '../../db/client.js';
import { AppError } from '../../errors.js';
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

const cursorError = () =>
  new AppError(400, 'VALIDATION_FAILED', 'The cursor is not valid', {
    errors: [{ pointer: '/query/cursor', code: 'invalid_cursor', message: 'Use nextCursor from a previous page' }],
  });

export function createUserRepo(db: Db) {
  return {
    /** `byEmail`: whether `q` also searches the e-mail addresses (not for those who may not see them). */
    async list(query: UserListQuery, options: { byEmail: boolean } = { byEmail: true }) {
      const where: SQL[] = [];
      if (query.q) {
        const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        where.push(options.byEmail ? or(ilike(usersTable.name, like), ilike(usersTable.email, like))! : ilike(usersTable.name, like));
      }
      if (query.partner) where.push(eq(usersTable.partner, query.partner));
      if (query.role) where.push(eq(usersTable.role, query.role));
      if (query.status) where.push(eq(usersTable.status, query.status));
      if (query.cursor) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(Buffer.from(query.cursor, 'base64url').toString('utf8'));
        } catch {
          throw cursorError();
        }
        if (!Array.isArray(parsed) || typeof parsed[0] !== 'string' || typeof parsed[1] !== 'string' || !/^[0-9a-f-]{36}$/.test(parsed[1]))
          throw cursorError();
        where.push(sql`(lower(${usersTable.name}), ${usersTable.id}) > (${parsed[0]}, ${parsed[1]}::uuid)`);
      }
      const rows = await db
        .select()
        .from(usersTable)
        .where(where.length ? and(...where) : undefined)
        .orderBy(sql`lower(${usersTable.name})`, asc(usersTable.id))
        .limit(query.limit + 1);
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        items: page.map(toUser),
        nextCursor:
          rows.length > query.limit && last ? Buffer.from(JSON.stringify([last.name.toLowerCase(), last.id])).toString('base64url') : null,
      };
    },

    async byId(id: string) {
      const [row] = await db.select().from(usersTable).where(eq(usersTable.id, id));
      return row;
    },

    async byEmail(email: string) {
      const [row] = await db
        .select()
        .from(usersTable)
        .where(eq(sql`lower(${usersTable.email})`, email.trim().toLowerCase()));
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
