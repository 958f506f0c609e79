import { and, arrayOverlaps, asc, desc, eq, gte, inArray, isNotNull, isNull, lte, sql, type SQL } from 'drizzle-orm';
import {
  LOCALES,
  normaliseEmail,
  type Country,
  type EventInvitation,
  type EventInvitationAudienceData,
  type Locale,
  type StoredContactPerson,
} from '@euregionet/shared';
import { queryRows, type Db } from '../../db/client.js';
import { clustersTable } from '../clusters/clusters.table.js';
import { membershipsTable, organisationsTable } from '../organisations/organisations.table.js';
import { dialogueEventInvitationsTable, dialogueEventRegistrationsTable, dialogueEventsTable } from './dialogue-events.table.js';

const inv = dialogueEventInvitationsTable;

/** A contact person of the directory who may be invited. */
export interface Invitee {
  organisationId: string;
  name: string;
  email: string;
  language: Locale;
}

const COUNTRY_LANGUAGE: Record<Country, Locale> = { DE: 'de', PL: 'pl' };

/**
 * The language to write to a contact person in. Contact persons carry no language of their own:
 * the organisation's country decides, unless the organisation lists its languages without that
 * one (a Polish firm that works in German and English gets German).
 */
export function contactLanguage(country: Country, languages: readonly string[]): Locale {
  const own = COUNTRY_LANGUAGE[country];
  if (languages.length === 0 || languages.includes(own)) return own;
  return ((LOCALES as readonly string[]).find((l) => languages.includes(l)) as Locale | undefined) ?? 'en';
}

export function createEventInvitationRepo(db: Db) {
  /** Organisations (live) of members of live clusters matching `where`. */
  const membersOf = (where: SQL) =>
    db
      .select({ id: membershipsTable.organisationId })
      .from(membershipsTable)
      .innerJoin(clustersTable, eq(clustersTable.id, membershipsTable.clusterId))
      .where(and(isNull(clustersTable.deletedAt), where));

  return {
    /**
     * The contact persons an audience names: of live organisations matching every criterion
     * given, with an e-mail address and the recorded consent. One per address (the first
     * organisation's), in a stable order.
     */
    async audience(a: EventInvitationAudienceData): Promise<Invitee[]> {
      const o = organisationsTable;
      const where: SQL[] = [isNull(o.deletedAt)];
      if (a.countries.length) where.push(inArray(o.country, a.countries));
      if (a.sectors.length) where.push(arrayOverlaps(o.sectors, a.sectors));
      if (a.clusterIds.length) where.push(inArray(o.id, membersOf(inArray(membershipsTable.clusterId, a.clusterIds))));
      if (a.ris3Areas.length) where.push(inArray(o.id, membersOf(arrayOverlaps(clustersTable.ris3Areas, a.ris3Areas))));
      const rows = await db
        .select({ id: o.id, country: o.country, languages: o.languages, contacts: o.contacts })
        .from(o)
        .where(and(...where))
        .orderBy(asc(o.name), asc(o.id));
      const seen = new Set<string>();
      const people: Invitee[] = [];
      for (const org of rows) {
        for (const c of org.contacts as StoredContactPerson[]) {
          const email = c.email ? normaliseEmail(c.email) : null;
          if (!email || c.publicationConsent !== true || seen.has(email)) continue;
          seen.add(email);
          people.push({ organisationId: org.id, name: c.name, email, language: contactLanguage(org.country, org.languages) });
        }
      }
      return people;
    },

    async invitedEmails(eventId: string): Promise<Set<string>> {
      const rows = await db.select({ email: inv.email }).from(inv).where(eq(inv.eventId, eventId));
      return new Set(rows.map((r) => r.email));
    },

    /** Records the invitations; those of people invited meanwhile are left out. Answers the ones recorded. */
    async insert(eventId: string, people: (Invitee & { tokenHash: string })[], now: Date) {
      if (!people.length) return [];
      return db
        .insert(inv)
        .values(people.map((p) => ({ ...p, eventId, sentAt: now })))
        .onConflictDoNothing({ target: [inv.eventId, inv.email] })
        .returning();
    },

    async list(eventId: string): Promise<EventInvitation[]> {
      const rows = await db
        .select({ row: inv, organisationName: organisationsTable.name })
        .from(inv)
        .leftJoin(organisationsTable, eq(organisationsTable.id, inv.organisationId))
        .where(eq(inv.eventId, eventId))
        .orderBy(desc(inv.sentAt), asc(inv.name), asc(inv.id))
        .limit(5000);
      return rows.map(({ row, organisationName }) => ({
        id: row.id,
        name: row.name,
        email: row.email,
        language: row.language,
        organisation: row.organisationId && organisationName ? { id: row.organisationId, name: organisationName } : null,
        status: row.registrationId ? 'registered' : 'invited',
        registrationId: row.registrationId,
        sentAt: row.sentAt.toISOString(),
      }));
    },

    async byToken(tokenHash: string) {
      const [row] = await db.select().from(inv).where(eq(inv.tokenHash, tokenHash));
      return row;
    },

    async organisationName(id: string | null): Promise<string | null> {
      if (!id) return null;
      const [row] = await db.select({ name: organisationsTable.name }).from(organisationsTable).where(eq(organisationsTable.id, id));
      return row?.name ?? null;
    },

    async linkRegistration(id: string, registrationId: string) {
      await db.update(inv).set({ registrationId }).where(eq(inv.id, id));
    },

    /** Events whose reminder is due: published, starting between today and `until`, not reminded yet. */
    async dueForReminder(today: string, until: string): Promise<string[]> {
      const e = dialogueEventsTable;
      const rows = await db
        .select({ id: e.id })
        .from(e)
        .where(
          and(inArray(e.status, ['published', 'registration_closed']), gte(e.date, today), lte(e.date, until), isNull(e.reminderSentAt)),
        )
        .orderBy(asc(e.date), asc(e.id));
      return rows.map((r) => r.id);
    },

    async markReminded(eventId: string, now: Date) {
      await db.update(dialogueEventsTable).set({ reminderSentAt: now }).where(eq(dialogueEventsTable.id, eventId));
    },

    async markThanked(eventId: string, now: Date) {
      await db.update(dialogueEventsTable).set({ thankYouSentAt: now }).where(eq(dialogueEventsTable.id, eventId));
    },

    /** Confirmed registrants; with `checkedIn`, only those who came. */
    async confirmed(eventId: string, checkedIn = false) {
      const r = dialogueEventRegistrationsTable;
      return db
        .select()
        .from(r)
        .where(and(eq(r.eventId, eventId), eq(r.status, 'confirmed'), ...(checkedIn ? [isNotNull(r.checkedInAt)] : [])))
        .orderBy(asc(r.createdAt), asc(r.id));
    },

    /** The slug of a publication (for the link in the thank-you), when it is published. */
    async publishedSlug(publicationId: string | null): Promise<string | null> {
      if (!publicationId) return null;
      const [row] = await queryRows<{ slug: string }>(
        db,
        sql`SELECT slug FROM publications WHERE id = ${publicationId} AND status = 'published' AND deleted_at IS NULL`,
      );
      return row?.slug ?? null;
    },
  };
}
