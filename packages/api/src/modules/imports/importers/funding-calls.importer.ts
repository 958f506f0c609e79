import { FundingCallImportRowSchema, IMPORT_COLUMNS, type FundingCallImportRowData } from '@euregionet/shared';
import { AppError } from '../../../errors.js';
import { upsertFundingCall } from '../../funding-calls/funding-calls.service.js';
import type { Importer, Outcome, RowFailure } from '../imports.engine.js';
import { rowKey } from './shared.js';

/** Funding calls by (source, externalId), through the catalogue's own upsert (with its audit entry per changed call). */
export const fundingCallImporter: Importer<FundingCallImportRowData> = {
  entity: 'funding-calls',
  auditEntity: 'funding_call',
  columns: IMPORT_COLUMNS['funding-calls'],
  schema: FundingCallImportRowSchema,
  key: (row) => rowKey(row.source, row.externalId),
  constraintFields: { funding_calls_slug_unique: 'slug' },
  async upsert(tx, ctx, rows) {
    const out: (Outcome | RowFailure)[] = [];
    for (const row of rows) {
      try {
        out.push((await upsertFundingCall(tx, ctx, row)).outcome);
      } catch (err) {
        // The permission check comes before any write: the row is refused, the batch goes on.
        if (err instanceof AppError && err.code === 'FORBIDDEN') out.push({ field: 'partner', code: err.code, message: err.message });
        else throw err;
      }
    }
    return out;
  },
};
