import { and, asc, desc, eq, gt, isNull, sql, type SQL } from 'drizzle-orm';
import type { ActionItemStatus } from '@euregionet/shared';
import type { Db } from '../../db/client.js';
import { usersTable } from '../users/users.table.js';
import { evaluationActionItemStatusesTable, evaluationSharesTable } from './evaluations.table.js';

export type ShareRow = typeof evaluationSharesTable.$inferSelect & { createdByName: string | null };
export type ShareInsert = Pick<
  typeof evaluationSharesTable.$inferInsert,
  'evaluationId' | 'tokenHash' | 'language' | 'expiresAt' | 'fileIds' | 'createdBy' | 'createdAt'
>;

const s = evaluationSharesTable;
const st = evaluationActionItemStatusesTable;
const shareColumns = {
  id: s.id,
  evaluationId: s.evaluationId,
  tokenHash: s.tokenHash,
  language: s.language,
  expiresAt: s.expiresAt,
  revokedAt: s.revokedAt,
  revokedBy: s.revokedBy,
  fileIds: s.fileIds,
  opens: s.opens,
  firstOpenedAt: s.firstOpenedAt,
  lastOpenedAt: s.lastOpenedAt,
  createdBy: s.createdBy,
  createdAt: s.createdAt,
  createdByName: usersTable.name,
};

/** Share links and the follow-up of action items: both belong to an evaluation. */
export function createEvaluationShareRepo(db: Db) {
  const select = (where: SQL) => db.select(shareColumns).from(s).leftJoin(usersTable, eq(usersTable.id, s.createdBy)).where(where);

  return {
    async insert(values: ShareInsert): Promise<string> {
      const [row] = await db.insert(s).values(values).returning({ id: s.id });
      return row!.id;
    },

    async list(evaluationId: string): Promise<ShareRow[]> {
      return select(eq(s.evaluationId, evaluationId)).orderBy(desc(s.createdAt), desc(s.id));
    },

    async get(evaluationId: string, id: string): Promise<ShareRow | null> {
      const [row] = await select(and(eq(s.evaluationId, evaluationId), eq(s.id, id))!);
      return row ?? null;
    },

    async revoke(id: string, by: string | null, at: Date): Promise<boolean> {
      const rows = await db
        .update(s)
        .set({ revokedAt: at, revokedBy: by })
        .where(and(eq(s.id, id), isNull(s.revokedAt)))
        .returning({ id: s.id });
      return rows.length > 0;
    },

    /** A live link by its token's hash; `count` records the opening in the same statement. */
    async live(tokenHash: string, at: Date, options: { count: boolean }) {
      const where = and(eq(s.tokenHash, tokenHash), isNull(s.revokedAt), gt(s.expiresAt, at))!;
      const returning = { id: s.id, evaluationId: s.evaluationId, language: s.language, fileIds: s.fileIds, expiresAt: s.expiresAt };
      if (!options.count) {
        const [row] = await db.select(returning).from(s).where(where);
        return row ?? null;
      }
      const [row] = await db
        .update(s)
        .set({ opens: sql`${s.opens} + 1`, firstOpenedAt: sql`coalesce(${s.firstOpenedAt}, ${at})`, lastOpenedAt: at })
        .where(where)
        .returning(returning);
      return row ?? null;
    },

    // ---- follow-up

    async statuses(evaluationId: string) {
      return db
        .select({ position: st.position, status: st.status, updatedAt: st.updatedAt, updatedByName: usersTable.name })
        .from(st)
        .leftJoin(usersTable, eq(usersTable.id, st.updatedBy))
        .where(eq(st.evaluationId, evaluationId))
        .orderBy(asc(st.position));
    },

    async setStatus(evaluationId: string, position: number, status: ActionItemStatus, by: string | null, at: Date) {
      await db
        .insert(st)
        .values({ evaluationId, position, status, updatedBy: by, updatedAt: at })
        .onConflictDoUpdate({ target: [st.evaluationId, st.position], set: { status, updatedBy: by, updatedAt: at } });
    },
  };
}
