import { sql } from 'drizzle-orm';
import type { MatchFigures } from '@euregionet/shared';
import { queryRows, type Db } from '../../db/client.js';
import { inPeriodTs, type ReportingPeriod } from './period.js';

/**
 * Where the dashboard's matchmaking figures come from: matches introduced and cooperations
 * agreed in a period, the cross-border ones apart. Matchmaking (a module of its own) provides
 * them; until it does, the figures are "not available yet".
 */
export interface MatchFigureSource {
  /** The figures of the period, or null while the platform records no matches. */
  figures(db: Db, period: ReportingPeriod): Promise<MatchFigures | null>;
}

/** Columns a `matches` table needs for `matchesTableFigures` to read it. */
export const MATCHES_COLUMNS = ['introduced_at', 'agreed_at', 'cross_border'] as const;

/**
 * Reads a `matches` table when the database has one with the columns of `MATCHES_COLUMNS`
 * (`introduced_at` and `agreed_at` timestamptz, null until that stage is reached; `cross_border`
 * boolean), and answers null otherwise.
 */
export const matchesTableFigures: MatchFigureSource = {
  async figures(db, period) {
    const columns = await queryRows<{ name: string }>(
      db,
      sql`SELECT column_name::text AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'matches'`,
    );
    if (!MATCHES_COLUMNS.every((c) => columns.some((col) => col.name === c))) return null;
    const introduced = inPeriodTs(sql.raw('introduced_at'), period);
    const agreed = inPeriodTs(sql.raw('agreed_at'), period);
    const [row] = await queryRows<MatchFigures>(
      db,
      sql`SELECT count(*) FILTER (WHERE introduced_at IS NOT NULL AND ${introduced})::int AS introduced,
                 count(*) FILTER (WHERE introduced_at IS NOT NULL AND ${introduced} AND cross_border)::int AS "introducedCrossBorder",
                 count(*) FILTER (WHERE agreed_at IS NOT NULL AND ${agreed})::int AS agreed,
                 count(*) FILTER (WHERE agreed_at IS NOT NULL AND ${agreed} AND cross_border)::int AS "agreedCrossBorder"
            FROM ${sql.raw('matches')}`,
    );
    return row ?? null;
  },
};
