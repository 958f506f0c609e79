import { PROGRAMME_TIME_ZONE } from '@euregionet/shared';
import { sql, type SQL } from 'drizzle-orm';

/** A reporting period: calendar days in the programme area's time zone, both ends included; open ends unbounded. */
export interface ReportingPeriod {
  from: string | null;
  to: string | null;
}

const ZONE = sql.raw(`'${PROGRAMME_TIME_ZONE}'`);
const startOf = (day: string) => sql`((${day}::date)::timestamp AT TIME ZONE ${ZONE})`;
const endOf = (day: string) => sql`((${day}::date + 1)::timestamp AT TIME ZONE ${ZONE})`;

/** An instant (timestamptz) within the period's days. */
export function inPeriodTs(column: SQL, p: ReportingPeriod): SQL {
  const parts: SQL[] = [sql`TRUE`];
  if (p.from) parts.push(sql`${column} >= ${startOf(p.from)}`);
  if (p.to) parts.push(sql`${column} < ${endOf(p.to)}`);
  return sql`(${sql.join(parts, sql` AND `)})`;
}

/** A calendar day (date) within the period. */
export function inPeriodDate(column: SQL, p: ReportingPeriod): SQL {
  const parts: SQL[] = [sql`TRUE`];
  if (p.from) parts.push(sql`${column} >= ${p.from}::date`);
  if (p.to) parts.push(sql`${column} <= ${p.to}::date`);
  return sql`(${sql.join(parts, sql` AND `)})`;
}

/** The day an instant falls on in the programme area, as text. */
export const localDaySql = (column: SQL) => sql`((${column} AT TIME ZONE ${ZONE})::date)::text`;
