import { asc, eq, sql } from 'drizzle-orm';
import { normaliseEmail, type StoredContactPerson } from '@euregionet/shared';
import type { PersonalDataProvider } from '../personal-data/personal-data.provider.js';
import { organisationsTable as organisations } from './organisations.table.js';

/** Organisations (deleted ones too: they still hold the data) listing the address among their contact persons. */
const listing = (email: string) =>
  sql`EXISTS (SELECT 1 FROM jsonb_array_elements(${organisations.contacts}) c WHERE lower(btrim(c->>'email')) = ${email})`;

const isPerson = (email: string) => (c: StoredContactPerson) => c.email != null && normaliseEmail(c.email) === email;

/**
 * The person as a contact of organisations. Erasure removes them from each organisation's list
 * (a new version, so that an editor holding the old one is told) and the change reaches portals
 * like any other edit; their digest subscriptions go with the digests' part.
 */
export const organisationsPersonalData: PersonalDataProvider = {
  module: 'organisations',
  columns: ['organisations.contacts'],
  async export(tx, email) {
    const rows = await tx
      .select({ id: organisations.id, name: organisations.name, contacts: organisations.contacts })
      .from(organisations)
      .where(listing(email))
      .orderBy(asc(organisations.name));
    return {
      contactPersons: rows.flatMap((o) =>
        o.contacts.filter(isPerson(email)).map((contact) => ({ organisationId: o.id, organisationName: o.name, ...contact })),
      ),
    };
  },
  async erase(tx, email, scope) {
    const rows = await tx.select({ id: organisations.id, contacts: organisations.contacts }).from(organisations).where(listing(email));
    let removed = 0;
    for (const o of rows) {
      const kept = o.contacts.filter((c) => !isPerson(email)(c));
      removed += o.contacts.length - kept.length;
      await tx
        .update(organisations)
        .set({ contacts: kept, version: sql`${organisations.version} + 1`, updatedAt: scope.now })
        .where(eq(organisations.id, o.id));
    }
    return { contactPersons: removed };
  },
};
