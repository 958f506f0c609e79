import { ContactImportRowSchema, foldText, IMPORT_COLUMNS, type ContactImportRow, type ContactPerson } from '@euregionet/shared';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../db/client.js';
import type { Importer, Outcome, RowFailure } from '../imports.engine.js';
import { OWN_SOURCE, UUID } from './shared.js';

const MAX_CONTACTS = 20;

/** The same person: the same e-mail address, or without one the same name. */
const samePerson = (a: ContactPerson, b: ContactPerson) =>
  a.email || b.email ? a.email === b.email : foldText(a.name) === foldText(b.name);

const organisationKey = (row: ContactImportRow) => JSON.stringify(row.organisation);

/**
 * Contact persons of organisations (personal data): each row adds a person to its organisation
 * or updates the one with the same e-mail address. The organisation's version changes once per
 * batch and organisation.
 */
export const contactImporter: Importer<ContactImportRow> = {
  entity: 'contacts',
  auditEntity: 'organisation_contact',
  columns: IMPORT_COLUMNS.contacts,
  schema: ContactImportRowSchema,
  key: (row) => JSON.stringify([row.organisation, row.email ?? foldText(row.name)]),
  async upsert(tx: Db, _ctx, rows) {
    const out: (Outcome | RowFailure)[] = [];
    const changed = new Map<string, ContactPerson[]>();
    const found = new Map<string, { id: string; contacts: ContactPerson[] } | RowFailure>();
    for (const row of rows) {
      const ref = row.organisation;
      let organisation = found.get(organisationKey(row));
      if (!organisation) {
        const where =
          ref.source && ref.externalId
            ? ref.source === OWN_SOURCE && UUID.test(ref.externalId)
              ? sql`(id = ${ref.externalId}::uuid OR (source = ${ref.source} AND external_id = ${ref.externalId}))`
              : sql`source = ${ref.source} AND external_id = ${ref.externalId}`
            : sql`lower(name) = lower(${ref.name!})`;
        const matches = await queryRows<{ id: string; contacts: ContactPerson[] }>(
          tx,
          sql`SELECT id, contacts FROM organisations WHERE deleted_at IS NULL AND ${where} LIMIT 2`,
        );
        const field = ref.source && ref.externalId ? 'organisation.externalId' : 'organisation.name';
        organisation =
          matches.length === 1
            ? matches[0]!
            : matches.length === 0
              ? { field, code: 'not_found', message: 'No organisation by this key or name' }
              : { field, code: 'ambiguous', message: 'Several organisations have this name: name it by source and externalId' };
        found.set(organisationKey(row), organisation);
      }
      if ('code' in organisation) {
        out.push(organisation);
        continue;
      }
      const { organisation: _ref, ...person } = row;
      const contacts = changed.get(organisation.id) ?? organisation.contacts;
      const index = contacts.findIndex((c) => samePerson(c, person));
      if (index >= 0 && JSON.stringify(contacts[index]) === JSON.stringify({ ...contacts[index], ...person })) {
        out.push('unchanged');
        continue;
      }
      if (index < 0 && contacts.length >= MAX_CONTACTS) {
        out.push({ field: 'name', code: 'too_many_contacts', message: `An organisation has at most ${MAX_CONTACTS} contact persons` });
        continue;
      }
      changed.set(organisation.id, index >= 0 ? contacts.map((c, i) => (i === index ? person : c)) : [...contacts, person]);
      out.push(index >= 0 ? 'updated' : 'created');
    }
    for (const [id, contacts] of changed) {
      await tx.execute(
        sql`UPDATE organisations SET contacts = ${JSON.stringify(contacts)}::jsonb, version = version + 1, updated_at = now() WHERE id = ${id}`,
      );
    }
    return out;
  },
};
