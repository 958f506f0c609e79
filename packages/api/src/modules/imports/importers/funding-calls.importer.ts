import { FundingCallImportRowSchema, IMPORT_COLUMNS, type FundingCall, type FundingCallImportRowData } from '@euregionet/shared';
import { AppError } from '../../../errors.js';
import { upsertFundingCall } from '../../funding-calls/funding-calls.service.js';
import type { Importer, Outcome, RowFailure } from '../imports.engine.js';
import { adoptOwnKeys, OWN_SOURCE, rowKey } from './common.js';

/** Funding calls by (source, externalId), through the catalogue's own upsert (with its audit entry per changed call). */
export const fundingCallImporter: Importer<FundingCallImportRowData> = {
  entity: 'funding-calls',
  auditEntity: 'funding_call',
  columns: IMPORT_COLUMNS['funding-calls'],
  schema: FundingCallImportRowSchema,
  key: (row) => rowKey(row.source, row.externalId),
  constraintFields: { funding_calls_slug_unique: 'slug' },
  async upsert(tx, ctx, rows, { today }) {
    await adoptOwnKeys(tx, 'funding_calls', rows);
    const out: (Outcome | RowFailure)[] = [];
    for (const row of rows) {
      try {
        out.push((await upsertFundingCall(tx, ctx, row, today)).outcome);
      } catch (err) {
        // The permission check comes before any write: the row is refused, the batch goes on.
        if (err instanceof AppError && err.code === 'FORBIDDEN') out.push({ field: 'partner', code: err.code, message: err.message });
        else throw err;
      }
    }
    return out;
  },
};

/** A call as an import row: what an export writes, so that its re-import changes nothing. */
export function fundingCallExportRow(c: FundingCall): FundingCallImportRowData {
  return {
    source: c.source ?? OWN_SOURCE,
    externalId: c.externalId ?? c.id,
    slug: c.slug,
    programme: c.programme,
    programmeName: c.programmeName,
    programmeCountry: c.programmeCountry,
    title: c.title,
    summary: c.summary,
    applicantTypes: c.applicantTypes,
    countries: c.countries,
    regions: c.regions,
    sectors: c.sectors,
    ris3Areas: c.ris3Areas,
    keywords: c.keywords,
    fundingRatePercent: c.fundingRatePercent,
    budgetMinEur: c.budgetMinEur,
    budgetMaxEur: c.budgetMaxEur,
    opensOn: c.opensOn,
    closesOn: c.closesOn,
    url: c.url,
    crossBorderConsortium: c.crossBorderConsortium,
    partner: c.partner,
    published: c.published,
    notes: c.notes,
  };
}
