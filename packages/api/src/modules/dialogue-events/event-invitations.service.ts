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
import { eventFacts } from './dialogue-events.mail.js';
import { createDialogueEventService, eventRow, mailTo, registrationOpen, secretToken, tokenHash } from './dialogue-events.service.js';
import { createEventInvitationRepo } from './event-invitations.repo.js';
import { invitationMail, reminderMail, thankYouMail } from './event-invitations.mail.js';

const invitationNotFound = () => notFound('INVITATION_NOT_FOUND', 'This registration link is not valid');

/** How the e-mails of this file name what they are about. */
const INVITATION_SOURCE = 'event_invitation';
const REGISTRATION_SOURCE = 'event_registration';

/** The personal registration link of an invitation: no key, no account; the token is the proof. */
export const registerUrlOf = (baseUrl: string, token: string, lang: Locale) =>
  `${baseUrl}/api/v1/public/event-invitations/register?token=${token}&lang=${lang}`;

/**
 * The thank-you after an event is documented, once: to those who checked in (or, for an event
 * whose check-in was not used, to everyone confirmed), with the published report when there is one.
 */
export async function sendThankYou(tx: Db, eventId: string, baseUrl: string, now: Date): Promise<void> {
  const invitations = createEventInvitationRepo(tx);
  const e = await eventRow(tx, eventId, true);
  if (e.thankYouSentAt) return;
  const came = await invitations.confirmed(e.id, true);
  const people = came.length ? came : await invitations.confirmed(e.id);
  const slug = await invitations.publishedSlug(e.publicationId);
  for (const r of people) {
    await mailTo(tx, r, {
      kind: 'event_thank_you',
      source: REGISTRATION_SOURCE,
      write: (lang) =>
        thankYouMail(lang, {
          ...eventFacts(e, r.name),
          outcomes: e.outcomes,
          reportUrl: slug ? `${baseUrl}/api/v1/public/publications/${slug}?lang=${lang}` : null,
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

  return {
    /** How many contact persons an audience would reach now (those invited before are counted apart). */
    async preview(ctx: RequestContext, eventId: string, audience: EventInvitationAudienceData): Promise<EventInvitationPreview> {
      const e = await eventRow(db, eventId);
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
        const e = await eventRow(tx, eventId, true);
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
            const { token, hash } = secretToken();
            tokens.set(p.email, token);
            return { ...p, tokenHash: hash };
          });
        const recorded = await repo.insert(eventId, fresh, clock.now());
        for (const row of recorded) {
          await mailTo(tx, row, {
            kind: 'event_invitation',
            source: INVITATION_SOURCE,
            write: (lang) =>
              invitationMail(lang, {
                ...eventFacts(e, row.name),
                description: e.description,
                registerUrl: registerUrlOf(baseUrl, tokens.get(row.email)!, lang),
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
      await eventRow(db, eventId);
      return { items: await createEventInvitationRepo(db).list(eventId) };
    },

    /** What the registration page shows for a token: the person and the event, or 404. */
    async invitation(token: string) {
      const repo = createEventInvitationRepo(db);
      const row = await repo.byToken(tokenHash(token));
      if (!row) throw invitationNotFound();
      const e = await eventRow(db, row.eventId);
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
          const e = await eventRow(tx, id, true);
          // Another round may have reminded it meanwhile.
          if (e.reminderSentAt) return;
          const repo = createEventInvitationRepo(tx);
          for (const r of await repo.confirmed(id)) {
            await mailTo(tx, r, {
              kind: 'event_reminder',
              source: REGISTRATION_SOURCE,
              write: (lang) =>
                reminderMail(lang, { ...eventFacts(e, r.name), calendarUrl: `${baseUrl}/feeds/${lang}/events/${e.slug}.ics` }),
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
