import { commercialRegisterKey, IMPORT_COLUMNS, OrganisationImportRowSchema, type OrganisationImportRow } from '@euregionet/shared';
import type { Db } from '../../../db/client.js';
import { type organisationsTable } from '../../organisations/organisations.table.js';
import type { Importer, Outcome } from '../imports.engine.js';
import { adoptOwnKeys, bulkUpsert, cellText, coordinatesFor, DELETED, deletedKeys, OWN_SOURCE, rowKey, type BulkColumn } from './common.js';

const COLUMNS: readonly BulkColumn[] = [
  { name: 'source', type: 'text' },
  { name: 'external_id', type: 'text' },
  { name: 'name', type: 'text' },
  { name: 'type', type: 'text' },
  { name: 'country', type: 'text' },
  { name: 'region', type: 'text' },
  { name: 'city', type: 'text' },
  { name: 'latitude', type: 'numeric' },
  { name: 'longitude', type: 'numeric' },
  { name: 'size_class', type: 'text' },
  { name: 'employees', type: 'int' },
  { name: 'founded_year', type: 'int' },
  { name: 'sectors', type: 'text[]' },
  { name: 'description', type: 'jsonb' },
  { name: 'competences', type: 'jsonb' },
  { name: 'needs', type: 'jsonb' },
  { name: 'languages', type: 'text[]' },
  { name: 'website', type: 'text' },
  { name: 'nip', type: 'text' },
  { name: 'krs', type: 'text' },
  { name: 'register_court', type: 'text' },
  { name: 'register_number', type: 'text' },
  { name: 'register_key', type: 'text' },
  { name: 'published', type: 'boolean' },
  { name: 'notes', type: 'text' },
];

const camel = (name: string) => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

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
    ...(o.latitude !== null && o.longitude !== null ? { latitude: o.latitude, longitude: o.longitude } : {}),
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
    const deleted = await deletedKeys(tx, 'organisations', rows);
    const point = await coordinatesFor(tx, 'organisations', rows);
    const values = rows
      .filter((r) => !deleted.has(rowKey(r.source, r.externalId)))
      .map((r) => {
        const v = { ...toValues(r), ...point(r) } as Record<string, unknown>;
        return COLUMNS.map((c) => cellText(v[camel(c.name)], c.type));
      });
    const written = values.length ? await bulkUpsert(tx, 'organisations', COLUMNS, values) : [];
    const outcomes = new Map<string, Outcome>(written.map((w) => [rowKey(w.source, w.external_id), w.created ? 'created' : 'updated']));
    return rows.map((r) =>
      deleted.has(rowKey(r.source, r.externalId)) ? DELETED : (outcomes.get(rowKey(r.source, r.externalId)) ?? 'unchanged'),
    );
  },
};
