import { and, eq, sql, type SQL } from 'drizzle-orm';
import {
  MATCH_STAGES,
  type Match,
  type MatchCounts,
  type MatchListQuery,
  type MatchStage,
  type PartyKind,
  type PartySummary,
} from '@euregionet/shared';
import { queryRows, type Db } from '../../db/client.js';
import { keysetPage, newestFirst, type Page } from '../../db/cursor.js';
import { textArray, uuidArray } from '../../db/sql.js';
import { inPeriodTs, type ReportingPeriod } from '../indicators/period.js';
import { matchesTable, matchStepsTable } from './matchmaking.table.js';
import type { PartyFacts } from './parties.repo.js';
import { updateVersioned } from '../../db/versioned.js';

export type MatchRow = typeof matchesTable.$inferSelect;
type StepRow = typeof matchStepsTable.$inferSelect;

export const STAGE_COLUMNS: Record<MatchStage, 'proposedAt' | 'introducedAt' | 'meetingAt' | 'agreedAt' | 'declinedAt'> = {
  proposed: 'proposedAt',
  introduced: 'introducedAt',
  meeting_held: 'meetingAt',
  agreed: 'agreedAt',
  declined: 'declinedAt',
};

export function toMatch(row: MatchRow, steps: StepRow[], parties: Map<string, PartyFacts>): Match {
  const summary = (kind: PartyKind, id: string): PartySummary =>
    parties.get(`${kind}:${id}`)?.summary ?? { kind, id, name: {}, countries: [], orgTypes: [], sectors: [], profileKind: null };
  return {
    id: row.id,
    parties: [summary(row.partyAKind, row.partyAId), summary(row.partyBKind, row.partyBId)],
    note: row.note,
    score: row.score,
    stage: row.stage,
    crossBorder: row.crossBorder,
    declineReason: row.declineReason,
    outcomes: row.outcomes,
    steps: steps.map((s) => ({ stage: s.stage, at: s.at.toISOString(), by: { id: s.userId, name: s.userName }, reason: s.reason })),
    partner: row.partner,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Matches by creation: (createdAt, id), newest first. */

export function createMatchRepo(db: Db) {
  const t = matchesTable;
  return {
    async get(id: string): Promise<MatchRow | null> {
      const [row] = await db.select().from(t).where(eq(t.id, id));
      return row ?? null;
    },
    async steps(ids: readonly string[]): Promise<StepRow[]> {
      if (!ids.length) return [];
      return db
        .select()
        .from(matchStepsTable)
        .where(sql`${matchStepsTable.matchId} = ANY(${uuidArray(ids)})`)
        .orderBy(matchStepsTable.at, matchStepsTable.id);
    },
    async insert(values: typeof matchesTable.$inferInsert): Promise<string> {
      const [row] = await db.insert(t).values(values).returning({ id: t.id });
      return row!.id;
    },
    async addStep(values: typeof matchStepsTable.$inferInsert): Promise<void> {
      await db.insert(matchStepsTable).values(values);
    },
    update: (id: string, expectedVersion: number, values: Partial<typeof matchesTable.$inferInsert>) =>
      updateVersioned(db, t, id, expectedVersion, values),
    /** Newest first, by keyset. */
    async list(query: MatchListQuery): Promise<Page<MatchRow>> {
      const where: SQL[] = [];
      if (query.stage?.length) where.push(sql`${t.stage} = ANY(${textArray(query.stage)})`);
      if (query.partyId) where.push(sql`(${t.partyAId} = ${query.partyId} OR ${t.partyBId} = ${query.partyId})`);
      const order = newestFirst(t.createdAt, t.id, query.cursor);
      if (order.after) where.push(order.after);
      return keysetPage(
        query.limit,
        (rowLimit) =>
          db
            .select({ row: t, at: order.micros })
            .from(t)
            .where(where.length ? and(...where) : undefined)
            .orderBy(...order.orderBy)
            .limit(rowLimit),
        (last) => order.cursorOf(last.at, last.row.id),
        (r) => r.row,
      );
    },
    /** Introductions and agreements in a period (cross-border ones apart), and matches now at each stage. */
    async counts(period: ReportingPeriod): Promise<MatchCounts> {
      const introduced = inPeriodTs(sql.raw('introduced_at'), period);
      const agreed = inPeriodTs(sql.raw('agreed_at'), period);
      const proposed = inPeriodTs(sql.raw('proposed_at'), period);
      const [row] = await queryRows<Omit<MatchCounts, 'byStage'>>(
        db,
        sql`SELECT count(*) FILTER (WHERE introduced_at IS NOT NULL AND ${introduced})::int AS introduced,
                   count(*) FILTER (WHERE introduced_at IS NOT NULL AND ${introduced} AND cross_border)::int AS "introducedCrossBorder",
                   count(*) FILTER (WHERE agreed_at IS NOT NULL AND ${agreed})::int AS agreed,
                   count(*) FILTER (WHERE agreed_at IS NOT NULL AND ${agreed} AND cross_border)::int AS "agreedCrossBorder"
              FROM matches`,
      );
      const stages = await queryRows<{ stage: MatchStage; n: number }>(
        db,
        sql`SELECT stage, count(*)::int AS n FROM matches WHERE ${proposed} GROUP BY stage`,
      );
      const byStage = Object.fromEntries(MATCH_STAGES.map((s) => [s, stages.find((r) => r.stage === s)?.n ?? 0])) as MatchCounts['byStage'];
      return { ...row!, byStage };
    },
  };
}
