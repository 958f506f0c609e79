import { and, eq, gt, lt, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { usersTable } from '../users/users.table.js';
import { sessionsTable } from './auth.table.js';
import { newSecret, sha256 } from './tokens.js';

export interface SessionPolicy {
  idleMinutes: number;
  absoluteHours: number;
}

/** Last-seen times are written at most this often, so that reads do not each cost a write. */
const TOUCH_AFTER_MS = 60_000;

export function createSessions(db: Db, policy: SessionPolicy) {
  return {
    /** A new session with a new id (never reused across logins). Returns the id for the cookie. */
    async create(userId: string, meta: { ip: string; userAgent: string | undefined }) {
      const token = newSecret();
      const expiresAt = new Date(Date.now() + policy.absoluteHours * 3_600_000);
      await db
        .insert(sessionsTable)
        .values({ tokenHash: sha256(token), userId, expiresAt, ip: meta.ip, userAgent: meta.userAgent?.slice(0, 300) });
      return { token, expiresAt };
    },

    /**
     * The session and its user, if the session is within both expiries and the user is active.
     * Status and role are read here on every request, so a deactivation or a new role takes
     * effect at once.
     */
    async resolve(token: string) {
      const tokenHash = sha256(token);
      const [row] = await db
        .select({
          tokenHash: sessionsTable.tokenHash,
          lastSeenAt: sessionsTable.lastSeenAt,
          expiresAt: sessionsTable.expiresAt,
          user: {
            id: usersTable.id,
            email: usersTable.email,
            name: usersTable.name,
            partner: usersTable.partner,
            role: usersTable.role,
            language: usersTable.language,
            status: usersTable.status,
          },
        })
        .from(sessionsTable)
        .innerJoin(usersTable, eq(usersTable.id, sessionsTable.userId))
        .where(
          and(
            eq(sessionsTable.tokenHash, tokenHash),
            gt(sessionsTable.expiresAt, sql`now()`),
            gt(sessionsTable.lastSeenAt, sql`now() - ${sql.raw(`interval '${Math.floor(policy.idleMinutes)} minutes'`)}`),
          ),
        );
      if (!row || row.user.status !== 'active') return undefined;
      if (Date.now() - row.lastSeenAt.getTime() > TOUCH_AFTER_MS) {
        await db
          .update(sessionsTable)
          .set({ lastSeenAt: sql`now()` })
          .where(eq(sessionsTable.tokenHash, tokenHash));
      }
      return { tokenHash, expiresAt: row.expiresAt, user: row.user };
    },

    async destroy(tokenHash: string) {
      await db.delete(sessionsTable).where(eq(sessionsTable.tokenHash, tokenHash));
    },

    async destroyAllOf(userId: string, options: { except?: string } = {}) {
      await db
        .delete(sessionsTable)
        .where(and(eq(sessionsTable.userId, userId), options.except ? ne(sessionsTable.tokenHash, options.except) : undefined));
    },

    /** Deletes the sessions `resolve` would no longer accept (expired or idle too long), and answers how many. */
    async purgeExpired(): Promise<number> {
      const gone = await db
        .delete(sessionsTable)
        .where(
          or(
            lt(sessionsTable.expiresAt, sql`now()`),
            lt(sessionsTable.lastSeenAt, sql`now() - ${sql.raw(`interval '${Math.floor(policy.idleMinutes)} minutes'`)}`),
          ),
        )
        .returning({ tokenHash: sessionsTable.tokenHash });
      return gone.length;
    },
  };
}
export type Sessions = ReturnType<typeof createSessions>;
