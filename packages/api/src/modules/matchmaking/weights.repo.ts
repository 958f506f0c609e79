import { and, eq, sql } from 'drizzle-orm';
import type { MatchWeights } from '@euregionet/shared';
import type { Db } from '../../db/client.js';
import { matchWeightsTable } from './matchmaking.table.js';

/** The one row of match weights (id 1), versioned like a record. */
export function createWeightsRepo(db: Db) {
  return {
    async get(): Promise<{ weights: MatchWeights; version: number; updatedAt: Date } | null> {
      const [row] = await db.select().from(matchWeightsTable).where(eq(matchWeightsTable.id, 1));
      return row ?? null;
    },

    async set(weights: MatchWeights, expectedVersion: number, userId: string | null): Promise<boolean> {
      const updated = await db
        .update(matchWeightsTable)
        .set({ weights, version: sql`${matchWeightsTable.version} + 1`, updatedAt: sql`now()`, updatedBy: userId })
        .where(and(eq(matchWeightsTable.id, 1), eq(matchWeightsTable.version, expectedVersion)))
        .returning({ id: matchWeightsTable.id });
      return updated.length > 0;
    },
  };
}
