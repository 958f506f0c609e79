import { createHash, randomBytes } from 'node:crypto';
import {
  DIGEST_CALLS_CLOSING_DAYS,
  DIGEST_CONSENT_TEXT_VERSION,
  DIGEST_EVENTS_AHEAD_DAYS,
  localDay,
  normaliseEmail,
  naceSectionOf,
  shiftDay,
  shiftMonths,
  startOfDay,
  type DigestFrequency,
  type DigestSubscription,
  type DigestSubscriptionCreateSchema,
  type DigestSubscriptionUpdateSchema,
  type Locale,
} from '@euregionet/shared';
import type { z } from 'zod';
import { systemClock, type Clock } from '../../clock.js';
import type { Db } from '../../db/client.js';
import { AppError, notFound } from '../../errors.js';
import { SYSTEM_CONTEXT, type RequestContext } from '../auth/actor.js';
import { auditedUpdate, recordAudit } from '../audit/audit.repo.js';
import { enqueueMail } from '../outbox/outbox.repo.js';
import { digestMail } from './digests.mail.js';
import { contactName, createDigestRepo, toSubscription, type SubscriptionRow, type Tagged } from './digests.repo.js';

type CreateInput = z.output<typeof DigestSubscriptionCreateSchema>;
type UpdateInput = z.output<typeof DigestSubscriptionUpdateSchema>;

export const hashUnsubscribeToken = (token: string) => createHash('sha256').update(token).digest('hex');

const subscriptionNotFound = (id: string) => notFound('DIGEST_SUBSCRIPTION_NOT_FOUND', `No digest subscription with id ${id}`);
const organisationNotFound = (id: string) => notFound('ORGANISATION_NOT_FOUND', `No organisation with id ${id}`);
const invalid = (pointer: string, code: string, message: string) =>
  new AppError(400, 'VALIDATION_FAILED', message, { errors: [{ pointer, code, message }] });

/** The audit trail keeps what changed, not the person's address (an erasure could not clean it). */
const audited = (s: DigestSubscription) => ({
  organisationId: s.organisationId,
  language: s.language,
  topics: s.topics,
  frequency: s.frequency,
  enabled: s.enabled,
  consentedAt: s.consentedAt,
  consentTextVersion: s.consentTextVersion,
  unsubscribedAt: s.unsubscribedAt,
});

/**
 * The period a day falls in, and how people of the language name it: the month (`2026-12`,
 * "12.2026"), or the ISO week by its Monday (`W2026-11-30`, "30.11.2026").
 */
export function digestPeriod(frequency: DigestFrequency, day: string, lang: Locale): { key: string; label: string } {
  if (frequency === 'monthly') {
    const [y, m] = day.split('-');
    return { key: `${y}-${m}`, label: lang === 'en' ? `${m}/${y}` : `${m}.${y}` };
  }
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  const monday = shiftDay(day, -weekday);
  const [y, m, d] = monday.split('-');
  return { key: `W${monday}`, label: lang === 'en' ? `${d}/${m}/${y}` : `${d}.${m}.${y}` };
}

const sectorsRelated = (a: string, b: string) => a === b || naceSectionOf(b) === a || naceSectionOf(a) === b;

/** An item fits a person's clusters when it names one of them, a related sector or a shared RIS3 area. */
export function fits(item: Tagged, clusters: Tagged): boolean {
  return (
    item.clusterIds.some((id) => clusters.clusterIds.includes(id)) ||
    item.sectors.some((s) => clusters.sectors.some((c) => sectorsRelated(s, c))) ||
    item.ris3Areas.some((a) => clusters.ris3Areas.includes(a))
  );
}

export interface DigestOptions {
  clock?: Clock;
  /** Where the unsubscribe links point (the API's public address). */
  publicBaseUrl: string;
}

/** Contact persons' digests: their preferences and consent (staff), the periodic job, and unsubscribing. */
/**
 * A subscription belongs to a contact person of the organisation: when an edit takes the person
 * off the organisation's contacts, their subscription and consent go too (in the edit's
 * transaction), so that nobody removed from the directory keeps receiving digests.
 */
export async function forgetFormerContacts(tx: Db, organisationId: string, contacts: readonly { email: string | null }[]): Promise<number> {
  const emails = contacts.flatMap((c) => (c.email ? [normaliseEmail(c.email)] : []));
  return createDigestRepo(tx).removeAllBut(organisationId, emails);
}

export function createDigestService(db: Db, options: DigestOptions) {
  const clock = options.clock ?? systemClock;
  const base = options.publicBaseUrl.replace(/\/$/, '');

  async function viewOf(tx: Db, row: SubscriptionRow): Promise<DigestSubscription> {
    const contacts = await createDigestRepo(tx).contactsOf(row.organisationId);
    return toSubscription(row, contacts ? contactName(contacts, row.email) : null);
  }

  async function rowIn(tx: Db, id: string): Promise<SubscriptionRow> {
    const row = await createDigestRepo(tx).get(id);
    if (!row) throw subscriptionNotFound(id);
    return row;
  }

  return {
    async list(organisationId: string): Promise<DigestSubscription[]> {
      const repo = createDigestRepo(db);
      const contacts = await repo.contactsOf(organisationId);
      if (!contacts) throw organisationNotFound(organisationId);
      return (await repo.list(organisationId)).map((r) => toSubscription(r, contactName(contacts, r.email)));
    },

    async get(id: string): Promise<DigestSubscription> {
      return viewOf(db, await rowIn(db, id));
    },

    /** Records a contact person's consent to the current text, with their preferences. */
    async create(ctx: RequestContext, organisationId: string, input: CreateInput): Promise<DigestSubscription> {
      return db.transaction(async (tx) => {
        const repo = createDigestRepo(tx);
        const contacts = await repo.contactsOf(organisationId);
        if (!contacts) throw organisationNotFound(organisationId);
        if (contactName(contacts, input.email) === null) {
          throw invalid('/body/email', 'contact_not_found', 'The organisation has no contact person with this address');
        }
        const row = await repo.insert({
          organisationId,
          email: input.email,
          language: input.language,
          topics: input.topics,
          frequency: input.frequency,
          enabled: true,
          consentedAt: clock.now(),
          consentTextVersion: DIGEST_CONSENT_TEXT_VERSION,
          consentSource: input.consentSource,
          consentRecordedBy: ctx.actor === null ? 'system' : ctx.actor.name,
        });
        const created = toSubscription(row, contactName(contacts, row.email));
        await recordAudit(tx, ctx, { action: 'create', entity: 'digest_subscription', entityId: row.id, after: audited(created) });
        return created;
      });
    },

    /**
     * Changes a person's preferences. Switching digests on again after the person unsubscribed
     * is a new consent: it needs its source, and is recorded like the first.
     */
    async update(ctx: RequestContext, id: string, expectedVersion: number, input: UpdateInput): Promise<DigestSubscription> {
      return db.transaction(async (tx) => {
        const repo = createDigestRepo(tx);
        const beforeRow = await rowIn(tx, id);
        const before = await viewOf(tx, beforeRow);
        const { consentSource, ...preferences } = input;
        const renewed = input.enabled === true && !beforeRow.enabled && beforeRow.unsubscribedAt !== null;
        if (renewed && !consentSource) {
          throw invalid('/body/consentSource', 'consent_source_required', 'The person unsubscribed: record their new consent');
        }
        const consent =
          renewed || (consentSource && input.enabled !== false)
            ? {
                consentedAt: clock.now(),
                consentTextVersion: DIGEST_CONSENT_TEXT_VERSION,
                consentSource: consentSource!,
                consentRecordedBy: ctx.actor === null ? 'system' : ctx.actor.name,
                unsubscribedAt: null,
              }
            : {};
        return auditedUpdate(tx, ctx, {
          entity: 'digest_subscription',
          what: 'digest subscription',
          id,
          before,
          write: () => repo.update(id, expectedVersion, { ...preferences, ...consent }),
          read: async () => viewOf(tx, await rowIn(tx, id)),
          audited,
        });
      });
    },

    /**
     * One round of the digest job on the app's clock: every switched-on person whose period's
     * digest has not been handled gets one, if anything fits their clusters; either way the
     * period counts as handled, and the next digest's "new publications" start where this one
     * ended. Answers how many digests were queued.
     */
    async runDigests(): Promise<{ sent: number }> {
      const repo = createDigestRepo(db);
      const now = clock.now();
      const today = localDay(now);
      const calls = await repo.callsClosing(today, shiftDay(today, DIGEST_CALLS_CLOSING_DAYS));
      const events = await repo.eventsBetween(today, shiftDay(today, DIGEST_EVENTS_AHEAD_DAYS));
      let sent = 0;
      for (const { row, contacts } of await repo.enabled()) {
        const name = contactName(contacts, row.email);
        // No longer a contact of the organisation: nobody to write to.
        if (name === null) continue;
        const period = digestPeriod(row.frequency, today, row.language);
        if (row.lastPeriod === period.key) continue;
        const done = await db.transaction(async (tx) => {
          const r = createDigestRepo(tx);
          const claim = await r.claimPeriod(row.id, period.key, now);
          if (!claim) return false;
          const since = claim.since ?? startOfDay(row.frequency === 'monthly' ? shiftMonths(today, -1) : shiftDay(today, -7));
          const clusters = await r.clustersOf(row.organisationId);
          const wants = new Set(row.topics);
          const chosen = {
            publications: wants.has('publications') ? (await r.publications(since, now)).filter((p) => fits(p, clusters)) : [],
            calls: wants.has('funding_calls') ? calls.filter((c) => fits(c, clusters)) : [],
            events: wants.has('events') ? events.filter((e) => fits(e, clusters)) : [],
          };
          if (!chosen.publications.length && !chosen.calls.length && !chosen.events.length) return false;
          const token = randomBytes(32).toString('base64url');
          await r.addLink(hashUnsubscribeToken(token), row.id, now);
          const unsubscribeUrl = `${base}/digest/unsubscribe/${token}`;
          const mail = digestMail(row.language, { name, period: period.label, ...chosen, unsubscribeUrl });
          await enqueueMail(tx, {
            kind: 'digest',
            source: { type: 'digest_subscription', id: row.id },
            recipient: row.email,
            language: row.language,
            ...mail,
            // RFC 8058: a mail program may unsubscribe with one POST to the link, without a page.
            headers: { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
          });
          await r.markSent(row.id, now);
          return true;
        });
        if (done) sent++;
      }
      return { sent };
    },

    /** The subscription behind an unsubscribe link, or undefined for a link that opens nothing. */
    async ofLink(token: string): Promise<{ language: Locale; enabled: boolean } | undefined> {
      const row = await createDigestRepo(db).ofLink(hashUnsubscribeToken(token));
      return row && { language: row.language, enabled: row.enabled };
    },

    /** Unsubscribes the person behind the link (again: no change). Undefined for a link that opens nothing. */
    async unsubscribe(token: string): Promise<{ language: Locale } | undefined> {
      return db.transaction(async (tx) => {
        const repo = createDigestRepo(tx);
        const row = await repo.ofLink(hashUnsubscribeToken(token));
        if (!row) return undefined;
        if (row.enabled) {
          const before = await viewOf(tx, row);
          await auditedUpdate(tx, SYSTEM_CONTEXT, {
            entity: 'digest_subscription',
            what: 'digest subscription',
            id: row.id,
            before,
            write: () => repo.update(row.id, null, { enabled: false, unsubscribedAt: clock.now() }),
            read: async () => viewOf(tx, await rowIn(tx, row.id)),
            audited,
          });
        }
        return { language: row.language };
      });
    },
  };
}
export type DigestService = ReturnType<typeof createDigestService>;
