import { localDay, type IsoDate } from '@euregionet/shared';
import { sql } from 'drizzle-orm';
import fp from 'fastify-plugin';
import type { Config } from '../../config.js';
import { queryRows, type Db } from '../../db/client.js';
import { runPeriodically } from '../../plugins/periodic.js';

/**
 * The public documents whose state changes with the day alone, between two days: `from` (done
 * before, exclusive) and `to` (inclusive). Each reads as the public routes read it on the day:
 * - a funding call's `status`: `open` from `opensOn`, `closed` from the day after `closesOn`;
 * - an event's `registrationOpen`: from `registrationOpensOn`, until `registrationClosesOn` and
 *   the event's `date` have passed;
 * - a cluster's `brand` (and badge): gone the day after its award's `validUntil`;
 * - a partnering opportunity: not public any more the day after its `validUntil` (a tombstone).
 * A document named here that changed in some other way meanwhile reads as it is now: a change
 * logged too many is harmless, as the feed sends the current state.
 */
const dueBetween = (from: IsoDate, to: IsoDate) => sql`
  SELECT 'fundingCall' AS resource, slug, 'changed' AS event FROM funding_calls
   WHERE published AND (opens_on > ${from}::date AND opens_on <= ${to}::date
                        OR closes_on >= ${from}::date AND closes_on < ${to}::date)
  UNION
  SELECT 'event', slug, 'changed' FROM dialogue_events
   WHERE status IN ('published', 'registration_closed')
     AND (registration_opens_on > ${from}::date AND registration_opens_on <= ${to}::date
          OR registration_closes_on >= ${from}::date AND registration_closes_on < ${to}::date
          OR date >= ${from}::date AND date < ${to}::date)
  UNION
  SELECT 'cluster', c.slug, 'changed' FROM clusters c
   WHERE c.published AND c.deleted_at IS NULL
     AND EXISTS (SELECT 1 FROM brand_awards a WHERE a.cluster_id = c.id AND a.state = 'active'
                    AND a.valid_until >= ${from}::date AND a.valid_until < ${to}::date)
  UNION
  SELECT 'opportunity', id::text, 'unpublished' FROM cooperation_profiles
   WHERE status = 'published' AND valid_until >= ${from}::date AND valid_until < ${to}::date`;

/**
 * Logs in the change log (and so for mirrors and webhooks) what changed with the day, for every
 * day since the last round up to `today`, once: the round holds the calendar's row locked while it
 * logs, so a second process waits and then finds the days done. The first round ever starts from
 * yesterday. Answers how many changes it logged.
 */
export async function logCalendarChanges(db: Db, today: IsoDate): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`INSERT INTO public_calendar (id, through_day) VALUES (1, ${today}::date - 1) ON CONFLICT (id) DO NOTHING`);
    const [row] = await queryRows<{ throughDay: IsoDate }>(
      tx,
      sql`SELECT through_day::text AS "throughDay" FROM public_calendar WHERE id = 1 FOR UPDATE`,
    );
    // A day already done (or a clock set back): nothing is due.
    if (row!.throughDay >= today) return 0;
    const logged = await queryRows<{ slug: string }>(
      tx,
      sql`INSERT INTO public_changes (resource, slug, event)
            SELECT resource, slug, event FROM (${dueBetween(row!.throughDay, today)}) due
            ORDER BY resource, slug
          RETURNING slug`,
    );
    await tx.execute(sql`UPDATE public_calendar SET through_day = ${today}::date WHERE id = 1`);
    return logged.length;
  });
}

/** The calendar round on the app's clock, every few minutes (the day turns at midnight in the programme area). */
export const calendarChangesPlugin = fp<{ config: Config }>(
  async (app, { config }) => {
    if (!config.sync.calendarIntervalMs) return;
    runPeriodically(app, {
      name: 'calendar changes',
      intervalMs: config.sync.calendarIntervalMs,
      firstAfterMs: 5_000,
      round: async () => {
        const logged = await logCalendarChanges(app.db, localDay(app.clock.now()));
        if (logged) app.log.info({ logged }, 'changes of the day logged');
      },
    });
  },
  { name: 'calendar-changes', dependencies: ['database'] },
);
