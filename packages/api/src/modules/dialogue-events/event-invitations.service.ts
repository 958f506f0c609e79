import { randomBytes } from 'node:crypto';
import {
  type EventInvitationAudienceData,
  type EventInvitationList,
  type EventInvitationPreview,
  type EventInvitationSendResult,
  type EventRegistrationIntakeData,
  type Locale,
  shiftDay,
} from '@euregionet/shared';
import { systemClock, todayOn, type Clock } from '../../clock.js';
import type { Db } from '../../db/client.js';
import { AppError, notFound } from '../../errors.js';
import type { RequestContext } from '../auth/actor.js';
import { assertCanEdit } from '../auth/policy.js';
import { recordAudit } from '../audit/audit.repo.js';
import { enqueueMail } from '../outbox/outbox.repo.js';
import { createDialogueEventRepo, type EventRow } from './dialogue-events.repo.js';
import { createDialogueEventService, registrationOpen, tokenHash } from './dialogue-events.service.js';
import { createEventInvitationRepo } from './event-invitations.repo.js';
import { invitationMail, reminderMail, thankYouMail } from './event-invitations.mail.js';

const eventNotFound = (id: string) => notFound('DIALOGUE_EVENT_NOT_FOUND', `No event ${id}`);
const invitationNotFound = () => notFound('INVITATION_NOT_FOUND', 'This registration link is not valid');

/** How the e-mails of this file name what they are about. */
const INVITATION_SOURCE = 'event_invitation';
const REGISTRATION_SOURCE = 'event_registration';

const facts = (e: EventRow, name: string) => ({
  name,
  title: e.title,
  date: e.date,
  startTime: e.startTime,
  place: e.place,
  onlineUrl: e.onlineUrl,
});

/** The personal registration link of an invitation: no key, no account; the token is the proof. */
export const registerUrlOf = (baseUrl: string, token: string, lang: Locale) =>
  `${baseUrl}/api/v1/public/event-invitations/register?token=${token}&lang=${lang}`;

/**
 * The thank-you after an event is documented, once: to those who checked in (or, for an event
 * whose check-in was not used, to everyone confirmed), with the published report when there is one.
 */
export async function sendThankYou(tx: Db, eventId: string, baseUrl: string, now: Date): Promise<void> {
  const invitations = createEventInvitationRepo(tx);
  const e = (await createDialogueEventRepo(tx).lockedRow({ id: eventId }))!;
  if (e.thankYouSentAt) return;
  const came = await invitations.confirmed(e.id, true);
  const people = came.length ? came : await invitations.confirmed(e.id);
  const slug = await invitations.publishedSlug(e.publicationId);
  for (const r of people) {
    await enqueueMail(tx, {
      kind: 'event_thank_you',
      source: { type: REGISTRATION_SOURCE, id: r.id },
      recipient: r.email,
      language: r.language,
      ...thankYouMail(r.language, {
        ...facts(e, r.name),
        outcomes: e.outcomes,
        reportUrl: slug ? `${baseUrl}/api/v1/public/publications/${slug}?lang=${r.language}` : null,
      }),
    });
  }
  await invitations.markThanked(e.id, now);
}

export interface EventInvitationOptions {
  clock?: Clock;
}

/** Invitations to events, the reminders before them and the registration through a personal link. */
export function createEventInvitationService(db: Db, options: EventInvitationOptions = {}) {
  const clock = options.clock ?? systemClock;
  const today = todayOn(clock);
  const events = createDialogueEventService(db, { clock });

  async function eventFor(tx: Db, eventId: string, lock = false) {
    const repo = createDialogueEventRepo(tx);
    const e = lock ? await repo.lockedRow({ id: eventId }) : await repo.row({ id: eventId });
    if (!e) throw eventNotFound(eventId);
    return e;
  }

  return {
    /** How many contact persons an audience would reach now (those invited before are counted apart). */
    async preview(ctx: RequestContext, eventId: string, audience: EventInvitationAudienceData): Promise<EventInvitationPreview> {
      const e = await eventFor(db, eventId);
      assertCanEdit(ctx, { partner: e.organisingPartner });
      const repo = createEventInvitationRepo(db);
      const invited = await repo.invitedEmails(eventId);
      const people = await repo.audience(audience);
      const fresh = people.filter((p) => !invited.has(p.email));
      const byLanguage = { de: 0, pl: 0, en: 0 };
      for (const p of fresh) byLanguage[p.language]++;
      return { count: fresh.length, alreadyInvited: people.length - fresh.length, byLanguage };
    },

    /**
     * Invites the audience through the outbox, each person in their language with a personal
     * link. The event stays locked meanwhile and the invitation rows are unique per person, so
     * two sends at once never invite anyone twice. Only published events invite (409 otherwise).
     */
    async send(
      ctx: RequestContext,
      eventId: string,
      audience: EventInvitationAudienceData,
      baseUrl: string,
    ): Promise<EventInvitationSendResult> {
      return db.transaction(async (tx) => {
        const e = await eventFor(tx, eventId, true);
        assertCanEdit(ctx, { partner: e.organisingPartner });
        if (e.status !== 'published' || !registrationOpen(e, today())) {
          throw new AppError(409, 'INVITATION_NOT_POSSIBLE', 'Invitations go out for published events whose registration is open');
        }
        const repo = createEventInvitationRepo(tx);
        const invited = await repo.invitedEmails(eventId);
        const people = await repo.audience(audience);
        const tokens = new Map<string, string>();
        const fresh = people
          .filter((p) => !invited.has(p.email))
          .map((p) => {
            const token = randomBytes(24).toString('base64url');
            tokens.set(p.email, token);
            return { ...p, tokenHash: tokenHash(token) };
          });
        const recorded = await repo.insert(eventId, fresh, clock.now());
        for (const row of recorded) {
          await enqueueMail(tx, {
            kind: 'event_invitation',
            source: { type: INVITATION_SOURCE, id: row.id },
            recipient: row.email,
            language: row.language,
            ...invitationMail(row.language, {
              ...facts(e, row.name),
              description: e.description,
              registerUrl: registerUrlOf(baseUrl, tokens.get(row.email)!, row.language),
            }),
          });
        }
        // The audit names the audience and the count, not the people (personal data stays out of it).
        await recordAudit(tx, ctx, {
          action: 'create',
          entity: 'event_invitations',
          entityId: eventId,
          after: { audience, sent: recorded.length },
        });
        return { sent: recorded.length, alreadyInvited: people.length - recorded.length };
      });
    },

    async list(eventId: string): Promise<EventInvitationList> {
      await eventFor(db, eventId);
      return { items: await createEventInvitationRepo(db).list(eventId) };
    },

    /** What the registration page shows for a token: the person and the event, or 404. */
    async invitation(token: string) {
      const repo = createEventInvitationRepo(db);
      const row = await repo.byToken(tokenHash(token));
      if (!row) throw invitationNotFound();
      const e = (await eventFor(db, row.eventId))!;
      return {
        name: row.name,
        email: row.email,
        language: row.language,
        organisationName: await repo.organisationName(row.organisationId),
        registered: row.registrationId !== null,
        event: e,
        open: e.status === 'published' && registrationOpen(e, today()),
      };
    },

    /**
     * Registers the invited person through their link: their address is the invitation's, the
     * registration is linked to it and to their organisation. Again with the same link answers
     * the registration as it stands.
     */
    async register(ctx: RequestContext, token: string, input: Omit<EventRegistrationIntakeData, 'email'>, baseUrl: string) {
      const repo = createEventInvitationRepo(db);
      const row = await repo.byToken(tokenHash(token));
      if (!row) throw invitationNotFound();
      const result = await events.register(
        ctx,
        { id: row.eventId },
        { ...input, email: row.email },
        { kind: 'invitation', organisationId: row.organisationId },
        baseUrl,
      );
      if (result.id) await repo.linkRegistration(row.id, result.id);
      return result.receipt;
    },

    /**
     * Reminds the confirmed registrants of events starting within `days` days, once per event.
     * Answers how many events were reminded.
     */
    async sendDueReminders(days: number, baseUrl: string): Promise<number> {
      const due = await createEventInvitationRepo(db).dueForReminder(today(), shiftDay(today(), days));
      let reminded = 0;
      for (const id of due) {
        await db.transaction(async (tx) => {
          const e = await eventFor(tx, id, true);
          // Another round may have reminded it meanwhile.
          if (e.reminderSentAt) return;
          const repo = createEventInvitationRepo(tx);
          for (const r of await repo.confirmed(id)) {
            await enqueueMail(tx, {
              kind: 'event_reminder',
              source: { type: REGISTRATION_SOURCE, id: r.id },
              recipient: r.email,
              language: r.language,
              ...reminderMail(r.language, { ...facts(e, r.name), calendarUrl: `${baseUrl}/feeds/${r.language}/events/${e.slug}.ics` }),
            });
          }
          await repo.markReminded(id, clock.now());
          reminded++;
        });
      }
      return reminded;
    },
  };
}
