import { and, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { DialogueEvent, DialogueEventListQuery } from '@euregionet/shared';
import type { Db } from '../../db/client.js';
import { cursorCodec, key, keysetPage } from '../../db/cursor.js';
import { clustersTable } from '../clusters/clusters.table.js';
import { organisationsTable } from '../organisations/organisations.table.js';
import { dialogueEventClustersTable, dialogueEventOrganisationsTable, dialogueEventsTable } from './dialogue-events.table.js';

type EventRow = typeof dialogueEventsTable.$inferSelect;
export type DialogueEventInsert = Omit<typeof dialogueEventsTable.$inferInsert, 'id' | 'version' | 'createdAt' | 'updatedAt'>;

/** Events newest first: (date, id). */
const cursor = cursorCodec(key.date, key.uuid);

export function createDialogueEventRepo(db: Db) {
  /** The events with their participating clusters and organisations. */
  async function withParticipants(rows: EventRow[]): Promise<DialogueEvent[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
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
    return rows.map((r) => {
      const ownClusters = clusters.filter((c) => c.eventId === r.id).map(({ eventId: _e, ...c }) => c);
      const ownOrganisations = organisations.filter((o) => o.eventId === r.id).map(({ eventId: _e, ...o }) => o);
      return {
        id: r.id,
        title: r.title,
        date: r.date,
        endDate: r.endDate,
        place: r.place,
        languages: r.languages,
        organisingPartner: r.organisingPartner,
        clusterIds: ownClusters.map((c) => c.id),
        organisationIds: ownOrganisations.map((o) => o.id),
        participantCount: r.participantCount,
        outcomes: r.outcomes,
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
