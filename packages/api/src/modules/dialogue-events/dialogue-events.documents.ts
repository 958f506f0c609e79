import { and, inArray, sql } from 'drizzle-orm';
import { PublicEventSchema, shiftDay, type PublicEventListQuery } from '@euregionet/shared';
import type { Db } from '../../db/client.js';
import { kindDocuments, sameItemAndDetail, type DocumentReader } from '../../kind-documents.js';
import { validityBetween, type PublicDocumentKindSpec } from '../public/document-kinds.js';
import { createDialogueEventRepo, publicUpcoming, type EventRow } from './dialogue-events.repo.js';
import { publicCursor, toPublicEvent } from './dialogue-events.service.js';
import { dialogueEventsTable } from './dialogue-events.table.js';

type Row = EventRow & { confirmed: number; clusters: { name: EventRow['title'] }[] };

/** The statuses in which portals see an event (its detail; the list shows those that have not ended). */
const PUBLIC_STATUSES = ['published', 'registration_closed'] as const;

/**
 * Published events as public documents. An event's answer shows its own row, its confirmed
 * registrations (`placesLeft`), the names of its clusters and the day (`registrationOpen`): the
 * triggers of migration 0047 empty its documents on each of those writes, and its bytes are
 * right until registration opens or closes or the event begins.
 */
export const eventDocuments: PublicDocumentKindSpec<Row> = {
  kind: 'event',
  visible: sql`SELECT id, slug FROM dialogue_events WHERE status IN ('published', 'registration_closed')`,
  async rows(db, ids) {
    const rows = await db
      .select()
      .from(dialogueEventsTable)
      .where(and(inArray(dialogueEventsTable.status, [...PUBLIC_STATUSES]), inArray(dialogueEventsTable.id, [...ids])));
    const repo = createDialogueEventRepo(db);
    const confirmed = await repo.confirmedCounts(rows.map((e) => e.id));
    const clusters = await repo.clusterNames(rows.map((e) => e.id));
    return rows.map((e) => ({ ...e, confirmed: confirmed.get(e.id) ?? 0, clusters: clusters.filter((c) => c.eventId === e.id) }));
  },
  ...sameItemAndDetail<Row>(PublicEventSchema, (e, order, today, baseUrl) =>
    toPublicEvent(e, order, e.confirmed, e.clusters, baseUrl, today),
  ),
  // Registration opens on its first day, closes the day after its last day or the day after the event's date.
  validity: (e, today) =>
    validityBetween(today, [
      e.registrationOpensOn,
      e.registrationClosesOn === null ? null : shiftDay(e.registrationClosesOn, 1),
      shiftDay(e.date, 1),
    ]),
};

/** The public list and detail of events from their documents. */
export function createEventDocuments(db: Db, read?: DocumentReader) {
  return kindDocuments(db, read, eventDocuments, {
    // The events of the list from the tables (repo `upcoming`): public, not ended, by date and slug.
    from: sql`dialogue_events`,
    recordId: sql`dialogue_events.id`,
    where: (_query: PublicEventListQuery, today) => [...publicUpcoming(today)],
    after(next) {
      const [date, slug] = publicCursor.decode(next);
      return sql`(dialogue_events.date, dialogue_events.slug) > (${date}::date, ${slug})`;
    },
    key: sql`dialogue_events.date::text AS "sortKey", dialogue_events.slug`,
    orderBy: sql`dialogue_events.date, dialogue_events.slug`,
    cursorOf: (last: { sortKey: string; slug: string }) => publicCursor.encode([last.sortKey, last.slug]),
  });
}
