import { and, asc, desc, eq, getTableColumns, gte, ilike, inArray, isNull, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import type {
  DialogueEvent,
  DialogueEventListQuery,
  EventAttendance,
  EventRegistration,
  EventRegistrationListQuery,
  EventRegistrationPage,
  OrganisationType,
} from '@euregionet/shared';
import { queryRows, type Db } from '../../db/client.js';
import { atMicros, cursorCodec, key, keysetPage, microsOf, type Page } from '../../db/cursor.js';
import { containsPattern } from '../../db/sql.js';
import { clustersTable } from '../clusters/clusters.table.js';
import { byPublicUpdate } from '../sync/sync.service.js';
import { organisationsTable } from '../organisations/organisations.table.js';
import {
  dialogueEventClustersTable,
  dialogueEventOrganisationsTable,
  dialogueEventRegistrationsTable,
  dialogueEventsTable,
} from './dialogue-events.table.js';

export type EventRow = typeof dialogueEventsTable.$inferSelect;
export type RegistrationRow = typeof dialogueEventRegistrationsTable.$inferSelect;
export type RegistrationInsert = Omit<typeof dialogueEventRegistrationsTable.$inferInsert, 'id'>;
export type DialogueEventInsert = Omit<typeof dialogueEventsTable.$inferInsert, 'id' | 'version' | 'createdAt' | 'updatedAt'>;

/** Events newest first: (date, id). */
const cursor = cursorCodec(key.date, key.uuid);
/** Registrations in the order they came: (createdAt, id). */
const registrationCursor = cursorCodec(key.micros, key.uuid);

const r = dialogueEventRegistrationsTable;

/** What portals see of the events: published (registration open or closed) and not ended by `from`. */
export const publicUpcoming = (from: string) => [
  inArray(dialogueEventsTable.status, ['published', 'registration_closed']),
  gte(sql`coalesce(${dialogueEventsTable.endDate}, ${dialogueEventsTable.date})`, from),
];

export function createDialogueEventRepo(db: Db) {
  /** The events with their participating clusters and organisations. */
  async function withParticipants(rows: EventRow[]): Promise<DialogueEvent[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.id);
    // One after the other: inside a transaction there is one connection.
    const clusters = await db
      .select({
        eventId: dialogueEventClustersTable.eventId,
        id: clustersTable.id,
        name: clustersTable.name,
        countries: clustersTable.countries,
      })
      .from(dialogueEventClustersTable)
      .innerJoin(clustersTable, eq(clustersTable.id, dialogueEventClustersTable.clusterId))
      .where(inArray(dialogueEventClustersTable.eventId, ids))
      .orderBy(sql`lower(coalesce(${clustersTable.name}->>'en', ${clustersTable.name}->>'de', ${clustersTable.name}->>'pl'))`);
    const organisations = await db
      .select({
        eventId: dialogueEventOrganisationsTable.eventId,
        id: organisationsTable.id,
        name: organisationsTable.name,
        country: organisationsTable.country,
      })
      .from(dialogueEventOrganisationsTable)
      .innerJoin(organisationsTable, eq(organisationsTable.id, dialogueEventOrganisationsTable.organisationId))
      .where(inArray(dialogueEventOrganisationsTable.eventId, ids))
      .orderBy(organisationsTable.name);
    const counts = await db
      .select({
        eventId: r.eventId,
        confirmed: sql<number>`count(*) FILTER (WHERE ${r.status} = 'confirmed')`.mapWith(Number),
        waiting: sql<number>`count(*) FILTER (WHERE ${r.status} = 'waiting')`.mapWith(Number),
        checkedIn: sql<number>`count(*) FILTER (WHERE ${r.status} = 'confirmed' AND ${r.checkedInAt} IS NOT NULL)`.mapWith(Number),
      })
      .from(r)
      .where(inArray(r.eventId, ids))
      .groupBy(r.eventId);
    return rows.map((r) => {
      const ownClusters = clusters.filter((c) => c.eventId === r.id).map(({ eventId: _e, ...c }) => c);
      const ownOrganisations = organisations.filter((o) => o.eventId === r.id).map(({ eventId: _e, ...o }) => o);
      const own = counts.find((c) => c.eventId === r.id);
      return {
        id: r.id,
        slug: r.slug,
        status: r.status,
        title: r.title,
        description: r.description,
        agenda: r.agenda,
        date: r.date,
        endDate: r.endDate,
        startTime: r.startTime,
        endTime: r.endTime,
        timeZone: r.timeZone as DialogueEvent['timeZone'],
        place: r.place,
        onlineUrl: r.onlineUrl,
        languages: r.languages,
        interpretation: r.interpretation,
        capacity: r.capacity,
        registrationOpensOn: r.registrationOpensOn,
        registrationClosesOn: r.registrationClosesOn,
        organisingPartner: r.organisingPartner,
        sectors: r.sectors,
        ris3Areas: r.ris3Areas,
        clusterIds: ownClusters.map((c) => c.id),
        organisationIds: ownOrganisations.map((o) => o.id),
        participantCount: r.participantCount,
        outcomes: r.outcomes,
        cancellationNotice: r.cancellationNotice,
        publicationId: r.publicationId,
        registrations: { confirmed: own?.confirmed ?? 0, waiting: own?.waiting ?? 0, checkedIn: own?.checkedIn ?? 0 },
        clusters: ownClusters,
        organisations: ownOrganisations,
        version: r.version,
        createdAt: r.createdAt.toISOString(),
        updatedAt: r.updatedAt.toISOString(),
      };
    });
  }

  return {
    /** Newest first, keyset-paged by (date, id). */
    async list(query: DialogueEventListQuery): Promise<{ items: DialogueEvent[]; nextCursor: string | null }> {
      const where: SQL[] = [];
      if (query.from) where.push(gte(dialogueEventsTable.date, query.from));
      if (query.to) where.push(lte(dialogueEventsTable.date, query.to));
      if (query.partner) where.push(eq(dialogueEventsTable.organisingPartner, query.partner));
      if (query.status) where.push(eq(dialogueEventsTable.status, query.status));
      if (query.clusterId) {
        where.push(
          sql`EXISTS (SELECT 1 FROM ${dialogueEventClustersTable} ec WHERE ec.event_id = ${dialogueEventsTable.id} AND ec.cluster_id = ${query.clusterId})`,
        );
      }
      if (query.cursor) {
        const [day, id] = cursor.decode(query.cursor);
        where.push(sql`(${dialogueEventsTable.date}, ${dialogueEventsTable.id}) < (${day}::date, ${id}::uuid)`);
      }
      const page = await keysetPage(
        query.limit,
        (rowLimit) =>
          db
            .select()
            .from(dialogueEventsTable)
            .where(where.length ? and(...where) : undefined)
            .orderBy(desc(dialogueEventsTable.date), desc(dialogueEventsTable.id))
            .limit(rowLimit),
        (last) => cursor.encode([last.date, last.id]),
      );
      return { items: await withParticipants(page.items), nextCursor: page.nextCursor };
    },

    async get(id: string): Promise<DialogueEvent | undefined> {
      const rows = await db.select().from(dialogueEventsTable).where(eq(dialogueEventsTable.id, id));
      return (await withParticipants(rows))[0];
    },

    /**
     * The event row, locked until the transaction ends: registrations for one event queue here,
     * so that two of them never both take the last place.
     */
    async lockedRow(where: { id: string } | { slug: string }): Promise<EventRow | undefined> {
      const [row] = await db
        .select()
        .from(dialogueEventsTable)
        .where('id' in where ? eq(dialogueEventsTable.id, where.id) : eq(dialogueEventsTable.slug, where.slug))
        .for('update');
      return row;
    },

    async row(where: { id: string } | { slug: string }): Promise<EventRow | undefined> {
      const [row] = await db
        .select()
        .from(dialogueEventsTable)
        .where('id' in where ? eq(dialogueEventsTable.id, where.id) : eq(dialogueEventsTable.slug, where.slug));
      return row;
    },

    async slugTaken(slug: string, exceptId?: string): Promise<boolean> {
      const rows = await db
        .select({ id: dialogueEventsTable.id })
        .from(dialogueEventsTable)
        .where(and(eq(dialogueEventsTable.slug, slug), exceptId ? ne(dialogueEventsTable.id, exceptId) : undefined));
      return rows.length > 0;
    },

    /** Published events (and those whose registration closed) from a day on, soonest first; keyset by (date, slug). */
    async upcoming(from: string, limit: number, after?: readonly [string, string]): Promise<EventRow[]> {
      return db
        .select()
        .from(dialogueEventsTable)
        .where(
          and(
            ...publicUpcoming(from),
            after ? sql`(${dialogueEventsTable.date}, ${dialogueEventsTable.slug}) > (${after[0]}::date, ${after[1]})` : undefined,
          ),
        )
        .orderBy(asc(dialogueEventsTable.date), asc(dialogueEventsTable.slug))
        .limit(limit);
    },

    /** The events of `upcoming` changed at or after `since`, the oldest change first: portals' `updatedSince`. */
    async upcomingUpdated(from: string, since: string, limit: number, cursor: string | undefined): Promise<Page<EventRow>> {
      const updated = byPublicUpdate('event', sql`${dialogueEventsTable.slug}`, sql`${dialogueEventsTable.updatedAt}`, since, cursor);
      return keysetPage(
        limit,
        (rowLimit) =>
          db
            .select({ ...getTableColumns(dialogueEventsTable), sortValue: updated.sortValue })
            .from(dialogueEventsTable)
            .where(and(...publicUpcoming(from), updated.where))
            .orderBy(updated.orderBy)
            .limit(rowLimit),
        updated.cursorOf,
        ({ sortValue: _sortValue, ...row }) => row,
      );
    },

    /**
     * Names of the clusters taking part in each event, as portals see them: only published ones.
     * A cluster that is not (or no longer) published is named nowhere in public, here included.
     */
    async clusterNames(eventIds: readonly string[]) {
      if (!eventIds.length) return [];
      return db
        .select({ eventId: dialogueEventClustersTable.eventId, name: clustersTable.name })
        .from(dialogueEventClustersTable)
        .innerJoin(clustersTable, eq(clustersTable.id, dialogueEventClustersTable.clusterId))
        .where(
          and(
            inArray(dialogueEventClustersTable.eventId, [...eventIds]),
            eq(clustersTable.published, true),
            isNull(clustersTable.deletedAt),
          ),
        );
    },

    // ---- registrations

    async confirmedCount(eventId: string): Promise<number> {
      const [row] = await db
        .select({ n: sql<number>`count(*)`.mapWith(Number) })
        .from(r)
        .where(and(eq(r.eventId, eventId), eq(r.status, 'confirmed')));
      return row!.n;
    },

    /** Confirmed places taken per event. */
    async confirmedCounts(eventIds: readonly string[]): Promise<Map<string, number>> {
      if (!eventIds.length) return new Map();
      const rows = await db
        .select({ eventId: r.eventId, n: sql<number>`count(*)`.mapWith(Number) })
        .from(r)
        .where(and(inArray(r.eventId, [...eventIds]), eq(r.status, 'confirmed')))
        .groupBy(r.eventId);
      return new Map(rows.map((row) => [row.eventId, row.n]));
    },

    /** The person's live registration for the event, if any. */
    async liveRegistration(eventId: string, email: string): Promise<RegistrationRow | undefined> {
      const [row] = await db
        .select()
        .from(r)
        .where(and(eq(r.eventId, eventId), eq(r.email, email), ne(r.status, 'cancelled')));
      return row;
    },

    async registration(id: string): Promise<RegistrationRow | undefined> {
      const [row] = await db.select().from(r).where(eq(r.id, id));
      return row;
    },

    async registrationByToken(tokenHash: string): Promise<RegistrationRow | undefined> {
      const [row] = await db.select().from(r).where(eq(r.cancelTokenHash, tokenHash));
      return row;
    },

    async insertRegistration(values: RegistrationInsert): Promise<RegistrationRow> {
      const [row] = await db.insert(r).values(values).returning();
      return row!;
    },

    async updateRegistration(id: string, values: Partial<RegistrationInsert>): Promise<RegistrationRow> {
      const [row] = await db.update(r).set(values).where(eq(r.id, id)).returning();
      return row!;
    },

    /** The first `n` people on the waiting list, in the order they registered. */
    async firstWaiting(eventId: string, n: number): Promise<RegistrationRow[]> {
      if (n <= 0) return [];
      return db
        .select()
        .from(r)
        .where(and(eq(r.eventId, eventId), eq(r.status, 'waiting')))
        .orderBy(asc(r.createdAt), asc(r.id))
        .limit(n);
    },

    /** Place on the waiting list (1 = next to move up). */
    async waitingPosition(row: RegistrationRow): Promise<number | null> {
      if (row.status !== 'waiting') return null;
      const [res] = await db
        .select({ n: sql<number>`count(*)`.mapWith(Number) })
        .from(r)
        .where(
          and(
            eq(r.eventId, row.eventId),
            eq(r.status, 'waiting'),
            sql`(${r.createdAt}, ${r.id}) <= (${row.createdAt.toISOString()}::timestamptz, ${row.id}::uuid)`,
          ),
        );
      return res!.n;
    },

    /** Everyone still registered (confirmed or waiting): those told when the event is cancelled. */
    async liveRegistrations(eventId: string): Promise<RegistrationRow[]> {
      return db
        .select()
        .from(r)
        .where(and(eq(r.eventId, eventId), ne(r.status, 'cancelled')))
        .orderBy(asc(r.createdAt), asc(r.id));
    },

    /** An organisation of the directory whose name is the one written (letters folded), when exactly one is. */
    async organisationNamed(name: string): Promise<string | null> {
      const rows = await db
        .select({ id: organisationsTable.id })
        .from(organisationsTable)
        .where(
          and(
            isNull(organisationsTable.deletedAt),
            sql`lower(immutable_unaccent(${organisationsTable.name})) = lower(immutable_unaccent(${name}))`,
          ),
        )
        .limit(2);
      return rows.length === 1 ? rows[0]!.id : null;
    },

    async listRegistrations(eventId: string, query: EventRegistrationListQuery): Promise<EventRegistrationPage> {
      const where: SQL[] = [eq(r.eventId, eventId)];
      if (query.status) where.push(eq(r.status, query.status));
      if (query.language) where.push(eq(r.language, query.language));
      if (query.q) {
        const pattern = containsPattern(query.q);
        where.push(
          or(ilike(r.name, pattern), ilike(r.email, pattern), ilike(r.organisationName, pattern), ilike(organisationsTable.name, pattern))!,
        );
      }
      if (query.cursor) {
        const [at, id] = registrationCursor.decode(query.cursor);
        where.push(sql`(${r.createdAt}, ${r.id}) > (${atMicros(at)}, ${id}::uuid)`);
      }
      const page = await keysetPage(
        query.limit,
        (rowLimit) =>
          db
            .select({
              row: r,
              at: microsOf(r.createdAt),
              organisation: { id: organisationsTable.id, name: organisationsTable.name, type: organisationsTable.type },
            })
            .from(r)
            .leftJoin(organisationsTable, eq(organisationsTable.id, r.organisationId))
            .where(and(...where))
            .orderBy(asc(r.createdAt), asc(r.id))
            .limit(rowLimit),
        (last) => registrationCursor.encode([last.at, last.row.id]),
      );
      const items: EventRegistration[] = [];
      for (const item of page.items) {
        items.push(toRegistration(item.row, item.organisation?.id ? item.organisation : null, await this.waitingPosition(item.row)));
      }
      return { items, nextCursor: page.nextCursor };
    },

    async registrationWithOrganisation(id: string): Promise<EventRegistration | undefined> {
      const [item] = await db
        .select({ row: r, organisation: { id: organisationsTable.id, name: organisationsTable.name, type: organisationsTable.type } })
        .from(r)
        .leftJoin(organisationsTable, eq(organisationsTable.id, r.organisationId))
        .where(eq(r.id, id));
      if (!item) return undefined;
      return toRegistration(item.row, item.organisation?.id ? item.organisation : null, await this.waitingPosition(item.row));
    },

    /**
     * Who came to an event, from its check-ins: by the country they registered with, by the type
     * of their organisation in the directory (unknown when not linked), and the share from across
     * the border (the other country than the organising partner's).
     */
    async attendance(eventId: string, organiserCountry: 'DE' | 'PL'): Promise<EventAttendance> {
      const rows = await queryRows<{ country: 'DE' | 'PL'; type: OrganisationType | null; n: number }>(
        db,
        sql`SELECT reg.country, o.type, count(*)::int AS n
              FROM dialogue_event_registrations reg LEFT JOIN organisations o ON o.id = reg.organisation_id
             WHERE reg.event_id = ${eventId} AND reg.status = 'confirmed' AND reg.checked_in_at IS NOT NULL
             GROUP BY 1, 2`,
      );
      const total = rows.reduce((s, row) => s + row.n, 0);
      const byCountry = { DE: 0, PL: 0 };
      const byType = new Map<OrganisationType | 'unknown', number>();
      for (const row of rows) {
        byCountry[row.country] += row.n;
        const type = row.type ?? 'unknown';
        byType.set(type, (byType.get(type) ?? 0) + row.n);
      }
      return {
        checkedIn: total,
        byCountry,
        byOrganisationType: [...byType]
          .map(([type, count]) => ({ type, count }))
          .sort((a, b) => b.count - a.count || a.type.localeCompare(b.type)),
        crossBorderShare: total ? byCountry[organiserCountry === 'DE' ? 'PL' : 'DE'] / total : null,
      };
    },

    /** Ids among those given that name no live cluster. */
    async unknownClusters(ids: readonly string[]): Promise<string[]> {
      if (!ids.length) return [];
      const found = await db
        .select({ id: clustersTable.id })
        .from(clustersTable)
        .where(and(inArray(clustersTable.id, [...ids]), sql`${clustersTable.deletedAt} IS NULL`));
      return ids.filter((id) => !found.some((f) => f.id === id));
    },

    async unknownOrganisations(ids: readonly string[]): Promise<string[]> {
      if (!ids.length) return [];
      const found = await db
        .select({ id: organisationsTable.id })
        .from(organisationsTable)
        .where(and(inArray(organisationsTable.id, [...ids]), sql`${organisationsTable.deletedAt} IS NULL`));
      return ids.filter((id) => !found.some((f) => f.id === id));
    },

    async insert(values: DialogueEventInsert): Promise<string> {
      const [row] = await db.insert(dialogueEventsTable).values(values).returning({ id: dialogueEventsTable.id });
      return row!.id;
    },

    async update(id: string, expectedVersion: number, values: Partial<DialogueEventInsert>): Promise<boolean> {
      const rows = await db
        .update(dialogueEventsTable)
        .set({ ...values, version: sql`${dialogueEventsTable.version} + 1`, updatedAt: sql`now()` })
        .where(and(eq(dialogueEventsTable.id, id), eq(dialogueEventsTable.version, expectedVersion)))
        .returning({ id: dialogueEventsTable.id });
      return rows.length > 0;
    },

    async setClusters(eventId: string, clusterIds: readonly string[]) {
      await db.delete(dialogueEventClustersTable).where(eq(dialogueEventClustersTable.eventId, eventId));
      if (clusterIds.length) await db.insert(dialogueEventClustersTable).values(clusterIds.map((clusterId) => ({ eventId, clusterId })));
    },

    async setOrganisations(eventId: string, organisationIds: readonly string[]) {
      await db.delete(dialogueEventOrganisationsTable).where(eq(dialogueEventOrganisationsTable.eventId, eventId));
      if (organisationIds.length) {
        await db.insert(dialogueEventOrganisationsTable).values(organisationIds.map((organisationId) => ({ eventId, organisationId })));
      }
    },

    async delete(id: string): Promise<boolean> {
      const rows = await db.delete(dialogueEventsTable).where(eq(dialogueEventsTable.id, id)).returning({ id: dialogueEventsTable.id });
      return rows.length > 0;
    },
  };
}
export type DialogueEventRepo = ReturnType<typeof createDialogueEventRepo>;

function toRegistration(
  row: RegistrationRow,
  organisation: { id: string; name: string; type: OrganisationType } | null,
  waitingPosition: number | null,
): EventRegistration {
  return {
    id: row.id,
    eventId: row.eventId,
    name: row.name,
    email: row.email,
    organisationName: row.organisationName,
    organisation,
    country: row.country,
    language: row.language,
    notes: row.notes,
    wantsMeetings: row.wantsMeetings,
    status: row.status,
    waitingPosition,
    source: row.source,
    checkedInAt: row.checkedInAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
