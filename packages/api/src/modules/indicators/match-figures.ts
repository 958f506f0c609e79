import type { MatchFigures } from '@euregionet/shared';
import type { Db } from '../../db/client.js';
import type { ReportingPeriod } from './period.js';

/**
 * Where the dashboard's matchmaking figures come from: matches introduced and cooperations
 * agreed in a period, the cross-border ones apart. Matchmaking provides them (`app.ts` passes its
 * source in), so that indicators need not know matchmaking's tables.
 */
export interface MatchFigureSource {
  /** The figures of the period, or null while the platform records no matches. */
  figures(db: Db, period: ReportingPeriod): Promise<MatchFigures | null>;
}
