import { asc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { sameEmail } from '../../db/sql.js';
import type { RequestContext } from '../auth/actor.js';
import { asJson, ERASED_ADDRESS_PREFIX, type PersonalDataProvider } from '../personal-data/personal-data.provider.js';
import {
  dialogueEventInvitationsTable as invitations,
  dialogueEventRegistrationsTable as registrations,
  dialogueEventsTable as events,
  eventMeetingProfilesTable as profiles,
  eventMeetingsTable as meetings,
} from './dialogue-events.table.js';

/**
 * A person's registrations for events (with their meeting profile and one-to-one meetings) and
 * invitations. Erasure keeps a registration that was checked in, anonymised, because the
 * programme's participant figures count those (see indicators.repo); every other registration,
 * every invitation, meeting profile and meeting of the person is deleted. A confirmed place that
 * the erasure frees goes to the waiting list, as a cancellation's would (`seatsFreed`, from the
 * events service, which writes the moved-up mails).
 */
export const dialogueEventsPersonalData = (
  seatsFreed: (tx: Db, ctx: RequestContext, eventId: string, baseUrl: string) => Promise<void>,
): PersonalDataProvider => ({
  module: 'dialogueEvents',
  columns: ['dialogue_event_registrations.email', 'dialogue_event_invitations.email'],

  async export(tx, email) {
    const rows = await tx
      .select({ r: registrations, eventTitle: events.title, eventDate: events.date, profile: profiles.profile })
      .from(registrations)
      .innerJoin(events, eq(events.id, registrations.eventId))
      .leftJoin(profiles, eq(profiles.registrationId, registrations.id))
      .where(sameEmail(registrations.email, email))
      .orderBy(asc(registrations.createdAt));
    const ids = rows.map((row) => row.r.id);
    const theirMeetings = ids.length
      ? await tx
          .select()
          .from(meetings)
          .where(or(inArray(meetings.requesterId, ids), inArray(meetings.inviteeId, ids)))
          .orderBy(asc(meetings.createdAt))
      : [];
    const invited = await tx
      .select({ i: invitations, eventTitle: events.title })
      .from(invitations)
      .innerJoin(events, eq(events.id, invitations.eventId))
      .where(sameEmail(invitations.email, email))
      .orderBy(asc(invitations.sentAt));
    return {
      registrations: rows.map(({ r, eventTitle, eventDate, profile }) => {
        // The hash of the cancellation token and the key that submitted it are the platform's, not the person's.
        const { cancelTokenHash: _hash, apiKeyId: _key, ...own } = r;
        return asJson({
          ...own,
          event: { title: eventTitle, date: eventDate },
          meetingProfile: profile,
          // The other side of a meeting is someone else's data: only what this person asked and wrote.
          meetings: theirMeetings
            .filter((m) => m.requesterId === r.id || m.inviteeId === r.id)
            .map((m) => ({
              id: m.id,
              role: m.requesterId === r.id ? 'requester' : 'invitee',
              status: m.status,
              message: m.requesterId === r.id ? m.message : null,
              slot: m.slot,
              tableNo: m.tableNo,
              createdAt: m.createdAt,
            })),
        });
      }),
      invitations: invited.map(({ i, eventTitle }) => {
        const { tokenHash: _hash, ...own } = i;
        return asJson({ ...own, event: { title: eventTitle } });
      }),
    };
  },

  async erase(tx, email, scope) {
    const rows = await tx
      .select({
        id: registrations.id,
        eventId: registrations.eventId,
        status: registrations.status,
        checkedInAt: registrations.checkedInAt,
      })
      .from(registrations)
      .where(sameEmail(registrations.email, email));
    const ids = rows.map((r) => r.id);
    let removedMeetings = 0;
    if (ids.length) {
      removedMeetings = (
        await tx
          .delete(meetings)
          .where(or(inArray(meetings.requesterId, ids), inArray(meetings.inviteeId, ids)))
          .returning({ id: meetings.id })
      ).length;
      await tx.delete(profiles).where(inArray(profiles.registrationId, ids));
    }
    const counted = rows.filter((r) => r.status === 'confirmed' && r.checkedInAt).map((r) => r.id);
    if (counted.length) {
      await tx
        .update(registrations)
        .set({
          name: '(erased)',
          // Unique per row (the live-registration index is on event and address) and no address at all.
          email: sql`${ERASED_ADDRESS_PREFIX} || ${registrations.id}`,
          cancelTokenHash: sql`${ERASED_ADDRESS_PREFIX} || ${registrations.id}`,
          organisationName: null,
          organisationId: null,
          notes: null,
          wantsMeetings: false,
          updatedAt: scope.now,
        })
        .where(inArray(registrations.id, counted));
    }
    const removable = ids.filter((id) => !counted.includes(id));
    if (removable.length) await tx.delete(registrations).where(inArray(registrations.id, removable));
    const freed = new Set(rows.filter((r) => r.status === 'confirmed' && !counted.includes(r.id)).map((r) => r.eventId));
    for (const eventId of freed) await seatsFreed(tx, scope.ctx, eventId, scope.baseUrl);
    const invitationCount = (await tx.delete(invitations).where(sameEmail(invitations.email, email)).returning({ id: invitations.id }))
      .length;
    return { registrations: ids.length, meetings: removedMeetings, invitations: invitationCount };
  },
});
