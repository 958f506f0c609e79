import { ContactImportRowSchema, foldText, IMPORT_COLUMNS, type ContactImportRow, type StoredContactPerson } from '@euregionet/shared';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../db/client.js';
import type { Importer, Outcome, RowFailure } from '../imports.engine.js';
import { OWN_SOURCE, UUID } from './common.js';

const MAX_CONTACTS = 20;

/** The same person: the same e-mail address, or without one the same name. */
const samePerson = (a: Pick<StoredContactPerson, 'email' | 'name'>, b: Pick<StoredContactPerson, 'email' | 'name'>) =>
  a.email || b.email ? a.email === b.email : foldText(a.name) === foldText(b.name);

const organisationKey = (row: ContactImportRow) => JSON.stringify(row.organisation);

/**
 * Contact persons of organisations (personal data): each row adds a person to its organisation
 * or updates the one with the same e-mail address; its publication consent stays as staff
 * recorded it (a row that would record one is refused). The organisation's version changes once per
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
    const changed = new Map<string, StoredContactPerson[]>();
    const found = new Map<string, { id: string; contacts: StoredContactPerson[] } | RowFailure>();
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
        const matches = await queryRows<{ id: string; contacts: StoredContactPerson[] }>(
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
      const { organisation: _ref, publicationConsent, consentDate, consentSource, ...details } = row;
      const contacts = changed.get(organisation.id) ?? organisation.contacts;
      const index = contacts.findIndex((c) => samePerson(c, details));
      const earlier = contacts[index];
      // A consent is recorded by staff, with its source (see the organisations service): an
      // import keeps the one stored and may neither record nor change one.
      const consent = {
        publicationConsent: earlier?.publicationConsent ?? false,
        consentDate: earlier?.consentDate ?? null,
        consentSource: earlier?.consentSource ?? null,
        consentRecordedBy: earlier?.consentRecordedBy ?? null,
        consentRecordedAt: earlier?.consentRecordedAt ?? null,
      };
      if (
        publicationConsent &&
        (!consent.publicationConsent || consentDate !== consent.consentDate || (consentSource && consentSource !== consent.consentSource))
      ) {
        out.push({
          field: 'publicationConsent',
          code: 'consent_not_importable',
          message: 'A publication consent is recorded by staff in the admin app, with its date and source; imports cannot record it',
        });
        continue;
      }
      const person: StoredContactPerson = { ...details, ...consent };
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
