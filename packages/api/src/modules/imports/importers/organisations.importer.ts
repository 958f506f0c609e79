import { commercialRegisterKey, IMPORT_COLUMNS, OrganisationImportRowSchema, type OrganisationImportRow } from '@euregionet/shared';
import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { organisationsTable } from '../../organisations/organisations.table.js';
import type { Importer, Outcome } from '../imports.engine.js';
import { adoptOwnKeys, OWN_SOURCE, rowKey, upsertSql } from './shared.js';

const COMPARED = [
  'name',
  'type',
  'country',
  'region',
  'city',
  'sizeClass',
  'employees',
  'foundedYear',
  'sectors',
  'description',
  'competences',
  'needs',
  'languages',
  'website',
  'nip',
  'krs',
  'registerCourt',
  'registerNumber',
  'registerKey',
  'published',
  'notes',
] as const;

function toValues({ commercialRegister, ...row }: OrganisationImportRow) {
  return {
    ...row,
    registerCourt: commercialRegister?.court ?? null,
    registerNumber: commercialRegister?.number ?? null,
    registerKey: commercialRegister ? commercialRegisterKey(commercialRegister.court, commercialRegister.number) : null,
  };
}

type StoredOrganisation = typeof organisationsTable.$inferSelect;

/** A stored organisation as an import row: what an export writes, so that its re-import changes nothing. */
export function organisationExportRow(o: Omit<StoredOrganisation, 'search' | 'nameKey' | 'cityKey'>): OrganisationImportRow {
  return {
    source: o.source ?? OWN_SOURCE,
    externalId: o.externalId ?? o.id,
    name: o.name,
    type: o.type,
    country: o.country,
    region: o.region as OrganisationImportRow['region'],
    city: o.city,
    sizeClass: o.sizeClass,
    employees: o.employees,
    foundedYear: o.foundedYear,
    sectors: o.sectors,
    description: o.description,
    competences: o.competences,
    needs: o.needs,
    languages: o.languages,
    website: o.website,
    nip: o.nip,
    krs: o.krs,
    commercialRegister: o.registerCourt && o.registerNumber ? { court: o.registerCourt, number: o.registerNumber } : null,
    published: o.published,
    notes: o.notes,
  };
}

/** Organisations by (source, externalId), in one statement per batch; contact persons are left as they are. */
export const organisationImporter: Importer<OrganisationImportRow> = {
  entity: 'organisations',
  auditEntity: 'organisation',
  columns: IMPORT_COLUMNS.organisations,
  schema: OrganisationImportRowSchema,
  key: (row) => rowKey(row.source, row.externalId),
  constraintFields: {
    organisations_nip_unique: 'nip',
    organisations_krs_unique: 'krs',
    organisations_register_unique: 'commercialRegister.number',
  },
  async upsert(tx: Db, _ctx, rows) {
    await adoptOwnKeys(tx, 'organisations', rows);
    const o = organisationsTable;
    const { set, differs } = upsertSql('organisations', COMPARED);
    const written = await tx
      .insert(o)
      .values(rows.map(toValues))
      .onConflictDoUpdate({
        target: [o.source, o.externalId],
        set: { ...set, version: sql`"organisations"."version" + 1`, updatedAt: sql`now()` },
        setWhere: differs,
      })
      .returning({ source: o.source, externalId: o.externalId, created: sql<boolean>`(xmax = 0)` });
    const outcomes = new Map<string, Outcome>(written.map((w) => [rowKey(w.source!, w.externalId!), w.created ? 'created' : 'updated']));
    return rows.map((r) => outcomes.get(rowKey(r.source, r.externalId)) ?? 'unchanged');
  },
};
