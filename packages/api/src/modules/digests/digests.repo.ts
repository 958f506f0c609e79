import { and, asc, desc, eq, gt, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import { normaliseEmail, type DigestSubscription, type I18nLongText, type I18nText, type StoredContactPerson } from '@euregionet/shared';
import { queryRows, type Db } from '../../db/client.js';
import { textArray } from '../../db/sql.js';
import { updateVersioned } from '../../db/versioned.js';
import { clustersTable } from '../clusters/clusters.table.js';
import { dialogueEventClustersTable, dialogueEventsTable } from '../dialogue-events/dialogue-events.table.js';
import { fundingCallsTable } from '../funding-calls/funding-calls.table.js';
import { membershipsTable, organisationsTable } from '../organisations/organisations.table.js';
import { publicationsTable } from '../publications/publications.table.js';
import { digestSubscriptionsTable, digestUnsubscribeLinksTable } from './digests.table.js';

export type SubscriptionRow = typeof digestSubscriptionsTable.$inferSelect;
type SubscriptionInsert = typeof digestSubscriptionsTable.$inferInsert;

/** What a digest item needs to be matched and written. */
export interface Tagged {
  sectors: string[];
  ris3Areas: string[];
  clusterIds: string[];
}
export interface DigestPublication extends Tagged {
  id: string;
  title: I18nText;
  summary: I18nLongText;
  publishedAt: Date;
}
export interface DigestCall extends Tagged {
  id: string;
  title: I18nText;
  closesOn: string;
  url: string | null;
}
export interface DigestEvent extends Tagged {
  id: string;
  title: I18nText;
  date: string;
  place: string | null;
}

/** The contact's name, while the organisation (not deleted) still lists the address. */
export function contactName(contacts: StoredContactPerson[], email: string): string | null {
  return contacts.find((c) => c.email != null && normaliseEmail(c.email) === email)?.name ?? null;
}

export function toSubscription(row: SubscriptionRow, name: string | null): DigestSubscription {
  return {
    id: row.id,
    organisationId: row.organisationId,
    email: row.email,
    name,
    language: row.language,
    topics: row.topics,
    frequency: row.frequency,
    enabled: row.enabled,
    consentedAt: row.consentedAt.toISOString(),
    consentTextVersion: row.consentTextVersion,
    consentSource: row.consentSource,
    consentRecordedBy: row.consentRecordedBy,
    unsubscribedAt: row.unsubscribedAt?.toISOString() ?? null,
    lastSentAt: row.lastSentAt?.toISOString() ?? null,
    digestsSent: row.digestsSent,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function createDigestRepo(db: Db) {
  const s = digestSubscriptionsTable;
  return {
    /** The organisation's contacts, or undefined for an unknown or deleted organisation. */
    async contactsOf(organisationId: string): Promise<StoredContactPerson[] | undefined> {
      const [row] = await db
        .select({ contacts: organisationsTable.contacts })
        .from(organisationsTable)
        .where(and(eq(organisationsTable.id, organisationId), isNull(organisationsTable.deletedAt)));
      return row?.contacts;
    },

    async list(organisationId: string): Promise<SubscriptionRow[]> {
      return db.select().from(s).where(eq(s.organisationId, organisationId)).orderBy(asc(s.email));
    },

    async get(id: string): Promise<SubscriptionRow | undefined> {
      const [row] = await db.select().from(s).where(eq(s.id, id));
      return row;
    },

    /** Deletes the organisation's subscriptions of addresses not in `emails` (normalised); answers how many. */
    async removeAllBut(organisationId: string, emails: readonly string[]): Promise<number> {
      const kept = emails.length ? sql`AND lower(btrim(${s.email})) <> ALL(${textArray(emails)})` : sql``;
      const rows = await queryRows<{ id: string }>(
        db,
        sql`DELETE FROM digest_subscriptions WHERE organisation_id = ${organisationId} ${kept} RETURNING id`,
      );
      return rows.length;
    },

    async insert(values: SubscriptionInsert): Promise<SubscriptionRow> {
      const [row] = await db.insert(s).values(values).returning();
      return row!;
    },

    update(id: string, expectedVersion: number | null, values: Partial<SubscriptionInsert>): Promise<boolean> {
      return updateVersioned(db, s, id, expectedVersion, values);
    },

    /** Switched-on subscriptions of organisations that are not deleted, with the organisation's contacts. */
    async enabled(): Promise<{ row: SubscriptionRow; contacts: StoredContactPerson[] }[]> {
      return db
        .select({ row: s, contacts: organisationsTable.contacts })
        .from(s)
        .innerJoin(organisationsTable, eq(organisationsTable.id, s.organisationId))
        .where(and(eq(s.enabled, true), isNull(organisationsTable.deletedAt)))
        .orderBy(asc(s.id));
    },

    /**
     * Takes the period's digest of a subscription, once: answers where its "new since" starts
     * (the end of the last one, null before the first), or undefined when this period's digest
     * was taken already (by this or another process) or the person switched off meanwhile.
     */
    async claimPeriod(id: string, period: string, now: Date): Promise<{ since: Date | null } | undefined> {
      const rows = await queryRows<{ since: string | Date | null }>(
        db,
        sql`UPDATE digest_subscriptions s SET last_period = ${period}, covered_until = ${now.toISOString()}::timestamptz
            FROM (SELECT id, covered_until FROM digest_subscriptions WHERE id = ${id} FOR UPDATE) old
            WHERE s.id = old.id AND s.enabled AND s.last_period IS DISTINCT FROM ${period}
            RETURNING old.covered_until AS since`,
      );
      if (!rows.length) return undefined;
      const since = rows[0]!.since;
      return { since: since === null ? null : new Date(since) };
    },

    async markSent(id: string, now: Date): Promise<void> {
      await db
        .update(s)
        .set({ lastSentAt: now, digestsSent: sql`${s.digestsSent} + 1` })
        .where(eq(s.id, id));
    },

    async addLink(tokenHash: string, subscriptionId: string, now: Date): Promise<void> {
      await db.insert(digestUnsubscribeLinksTable).values({ tokenHash, subscriptionId, createdAt: now });
    },

    async ofLink(tokenHash: string): Promise<SubscriptionRow | undefined> {
      const [row] = await db
        .select({ row: s })
        .from(digestUnsubscribeLinksTable)
        .innerJoin(s, eq(s.id, digestUnsubscribeLinksTable.subscriptionId))
        .where(eq(digestUnsubscribeLinksTable.tokenHash, tokenHash));
      return row?.row;
    },

    /** The sectors, RIS3 areas and ids of the clusters (not deleted) the organisation belongs to. */
    async clustersOf(organisationId: string): Promise<Tagged> {
      const rows = await db
        .select({ id: clustersTable.id, sectors: clustersTable.sectors, ris3Areas: clustersTable.ris3Areas })
        .from(membershipsTable)
        .innerJoin(clustersTable, eq(clustersTable.id, membershipsTable.clusterId))
        .where(and(eq(membershipsTable.organisationId, organisationId), isNull(clustersTable.deletedAt)));
      return {
        clusterIds: rows.map((r) => r.id),
        sectors: [...new Set(rows.flatMap((r) => r.sectors))],
        ris3Areas: [...new Set(rows.flatMap((r) => r.ris3Areas))],
      };
    },

    /** Publications published after `since` up to `now`, newest first. */
    async publications(since: Date, now: Date): Promise<DigestPublication[]> {
      const p = publicationsTable;
      return db
        .select({
          id: p.id,
          title: p.title,
          summary: p.summary,
          publishedAt: sql<Date>`${p.publishedAt}`.mapWith((v: string | Date) => new Date(v)),
          sectors: p.sectors,
          ris3Areas: p.ris3Areas,
          clusterIds: p.clusterIds,
        })
        .from(p)
        .where(and(eq(p.status, 'published'), isNull(p.deletedAt), gt(p.publishedAt, since), lte(p.publishedAt, now)))
        .orderBy(desc(p.publishedAt), asc(p.id))
        .limit(200);
    },

    /** Published calls closing between the two days, soonest first. */
    async callsClosing(from: string, to: string): Promise<DigestCall[]> {
      const f = fundingCallsTable;
      const rows = await db
        .select({ id: f.id, title: f.title, closesOn: f.closesOn, url: f.url, sectors: f.sectors, ris3Areas: f.ris3Areas })
        .from(f)
        .where(and(eq(f.published, true), gte(f.closesOn, from), lte(f.closesOn, to)))
        .orderBy(asc(f.closesOn), asc(f.id))
        .limit(200);
      return rows.map((r) => ({ ...r, closesOn: r.closesOn!, clusterIds: [] }));
    },

    /** Published events (registration open or closed) between the two days, soonest first, with their clusters. */
    async eventsBetween(from: string, to: string): Promise<DigestEvent[]> {
      const e = dialogueEventsTable;
      const rows = await db
        .select({ id: e.id, title: e.title, date: e.date, place: e.place, sectors: e.sectors, ris3Areas: e.ris3Areas })
        .from(e)
        .where(and(inArray(e.status, ['published', 'registration_closed']), gte(e.date, from), lte(e.date, to)))
        .orderBy(asc(e.date), asc(e.id))
        .limit(200);
      if (!rows.length) return [];
      const links = await db
        .select()
        .from(dialogueEventClustersTable)
        .where(
          inArray(
            dialogueEventClustersTable.eventId,
            rows.map((r) => r.id),
          ),
        );
      return rows.map((r) => ({ ...r, clusterIds: links.filter((l) => l.eventId === r.id).map((l) => l.clusterId) }));
    },
  };
}
