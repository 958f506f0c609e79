import { and, eq, sql } from 'drizzle-orm';
import type { Country, EventMeetingPlan, EventMeetingStatus, Locale, MeetingParticipant } from '@euregionet/shared';
import { queryRows, type Db } from '../../db/client.js';
import { eventMeetingPlansTable, eventMeetingProfilesTable, eventMeetingSeatsTable, eventMeetingsTable } from './dialogue-events.table.js';

export type MeetingRow = typeof eventMeetingsTable.$inferSelect;

/** A registrant as the meetings see them: what others are shown, and what the service needs besides. */
export interface ParticipantRow extends MeetingParticipant {
  email: string;
  status: string;
  wantsMeetings: boolean;
  organisationId: string | null;
}

interface ParticipantSqlRow {
  id: string;
  name: string;
  organisation: string | null;
  country: Country;
  language: Locale;
  profile: string | null;
  cooperation_profile_id: string | null;
  checked_in: boolean;
  email: string;
  status: string;
  wants_meetings: boolean;
  organisation_id: string | null;
}

const PARTICIPANTS = sql`SELECT reg.id, reg.name, coalesce(o.name, reg.organisation_name) AS organisation, reg.country, reg.language,
         mp.profile, mp.cooperation_profile_id, reg.checked_in_at IS NOT NULL AS checked_in, reg.email, reg.status,
         reg.wants_meetings, reg.organisation_id
    FROM dialogue_event_registrations reg
    LEFT JOIN organisations o ON o.id = reg.organisation_id
    LEFT JOIN event_meeting_profiles mp ON mp.registration_id = reg.id`;

const toParticipant = (row: ParticipantSqlRow): ParticipantRow => ({
  id: row.id,
  name: row.name,
  organisation: row.organisation,
  country: row.country,
  language: row.language,
  profile: row.profile,
  cooperationProfileId: row.cooperation_profile_id,
  checkedIn: row.checked_in,
  email: row.email,
  status: row.status,
  wantsMeetings: row.wants_meetings,
  organisationId: row.organisation_id,
});

export function createEventMeetingRepo(db: Db) {
  const m = eventMeetingsTable;
  return {
    async plan(eventId: string): Promise<EventMeetingPlan | null> {
      const [row] = await db.select().from(eventMeetingPlansTable).where(eq(eventMeetingPlansTable.eventId, eventId));
      return row
        ? { date: row.date, startTime: row.startTime, endTime: row.endTime, slotMinutes: row.slotMinutes, tables: row.tables }
        : null;
    },

    async setPlan(eventId: string, plan: EventMeetingPlan, now: Date) {
      await db
        .insert(eventMeetingPlansTable)
        .values({ eventId, ...plan, updatedAt: now })
        .onConflictDoUpdate({ target: eventMeetingPlansTable.eventId, set: { ...plan, updatedAt: now } });
    },

    /** Confirmed registrants who want meetings, by name. */
    async participants(eventId: string): Promise<ParticipantRow[]> {
      const rows = await queryRows<ParticipantSqlRow>(
        db,
        sql`${PARTICIPANTS} WHERE reg.event_id = ${eventId} AND reg.status = 'confirmed' AND reg.wants_meetings ORDER BY reg.name, reg.id`,
      );
      return rows.map(toParticipant);
    },

    /** Everyone registered, also those who cancelled: the names in the meetings. */
    async people(eventId: string): Promise<ParticipantRow[]> {
      const rows = await queryRows<ParticipantSqlRow>(db, sql`${PARTICIPANTS} WHERE reg.event_id = ${eventId}`);
      return rows.map(toParticipant);
    },

    async participant(registrationId: string): Promise<(ParticipantRow & { eventId: string }) | undefined> {
      const [row] = await queryRows<ParticipantSqlRow & { event_id: string }>(
        db,
        sql`SELECT p.*, r2.event_id FROM (${PARTICIPANTS} WHERE reg.id = ${registrationId}) p JOIN dialogue_event_registrations r2 ON r2.id = p.id`,
      );
      return row ? { ...toParticipant(row), eventId: row.event_id } : undefined;
    },

    async setProfile(registrationId: string, profile: string | null, cooperationProfileId: string | null, now: Date) {
      await db
        .insert(eventMeetingProfilesTable)
        .values({ registrationId, profile, cooperationProfileId, updatedAt: now })
        .onConflictDoUpdate({ target: eventMeetingProfilesTable.registrationId, set: { profile, cooperationProfileId, updatedAt: now } });
    },

    /** The meetings of an event (or of one registrant in it), oldest request first. */
    async meetings(eventId: string, registrationId?: string): Promise<MeetingRow[]> {
      return db
        .select()
        .from(m)
        .where(
          and(
            eq(m.eventId, eventId),
            registrationId ? sql`(${m.requesterId} = ${registrationId} OR ${m.inviteeId} = ${registrationId})` : undefined,
          ),
        )
        .orderBy(m.createdAt, m.id);
    },

    async meeting(id: string): Promise<MeetingRow | undefined> {
      const [row] = await db.select().from(m).where(eq(m.id, id));
      return row;
    },

    async openMeetingBetween(eventId: string, a: string, b: string): Promise<MeetingRow | undefined> {
      const [row] = await db
        .select()
        .from(m)
        .where(
          and(
            eq(m.eventId, eventId),
            sql`${m.status} IN ('requested', 'accepted')`,
            sql`least(${m.requesterId}, ${m.inviteeId}) = least(${a}::uuid, ${b}::uuid)`,
            sql`greatest(${m.requesterId}, ${m.inviteeId}) = greatest(${a}::uuid, ${b}::uuid)`,
          ),
        );
      return row;
    },

    async insertMeeting(values: Omit<typeof m.$inferInsert, 'id'>): Promise<MeetingRow> {
      const [row] = await db.insert(m).values(values).returning();
      return row!;
    },

    async updateMeeting(id: string, values: Partial<Omit<typeof m.$inferInsert, 'id'>>): Promise<MeetingRow> {
      const [row] = await db.update(m).set(values).where(eq(m.id, id)).returning();
      return row!;
    },

    /** Accepted meetings without a place yet, in the order they were asked for. */
    async unscheduled(eventId: string): Promise<MeetingRow[]> {
      return db
        .select()
        .from(m)
        .where(and(eq(m.eventId, eventId), eq(m.status, 'accepted' satisfies EventMeetingStatus), sql`${m.slot} IS NULL`))
        .orderBy(m.createdAt, m.id);
    },

    async scheduledCount(eventId: string): Promise<number> {
      const [row] = await queryRows<{ n: number }>(
        db,
        sql`SELECT count(*)::int AS n FROM event_meetings WHERE event_id = ${eventId} AND slot IS NOT NULL`,
      );
      return row!.n;
    },

    /** The slots in which either of two people already sits. */
    async busySlots(a: string, b: string): Promise<Set<number>> {
      const rows = await db
        .select({ slot: eventMeetingSeatsTable.slot })
        .from(eventMeetingSeatsTable)
        .where(sql`${eventMeetingSeatsTable.registrationId} IN (${a}::uuid, ${b}::uuid)`);
      return new Set(rows.map((r) => r.slot));
    },

    /** Tables taken, per slot. */
    async tablesTaken(eventId: string): Promise<Map<number, Set<number>>> {
      const rows = await queryRows<{ slot: number; table_no: number }>(
        db,
        sql`SELECT slot, table_no FROM event_meetings WHERE event_id = ${eventId} AND slot IS NOT NULL`,
      );
      const taken = new Map<number, Set<number>>();
      for (const row of rows) taken.set(row.slot, (taken.get(row.slot) ?? new Set()).add(row.table_no));
      return taken;
    },

    async seat(meeting: MeetingRow, slot: number, tableNo: number, now: Date): Promise<MeetingRow> {
      await db.insert(eventMeetingSeatsTable).values([
        { meetingId: meeting.id, registrationId: meeting.requesterId, slot },
        { meetingId: meeting.id, registrationId: meeting.inviteeId, slot },
      ]);
      return this.updateMeeting(meeting.id, { slot, tableNo, updatedAt: now });
    },

    async unseat(meetingId: string) {
      await db.delete(eventMeetingSeatsTable).where(eq(eventMeetingSeatsTable.meetingId, meetingId));
    },

    /** Open meetings of a registrant (who is cancelling). */
    async openMeetingsOf(registrationId: string): Promise<MeetingRow[]> {
      return db
        .select()
        .from(m)
        .where(
          and(
            sql`(${m.requesterId} = ${registrationId} OR ${m.inviteeId} = ${registrationId})`,
            sql`${m.status} IN ('requested', 'accepted')`,
          ),
        );
    },
  };
}
export type EventMeetingRepo = ReturnType<typeof createEventMeetingRepo>;
