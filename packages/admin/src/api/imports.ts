import {
  ImportPageSchema,
  ImportSchema,
  type ExportEntity,
  type ImportEntity,
  type ImportListQuery,
  type ImportMode,
} from '@euregionet/shared';
import { request, toQuery } from './http';

export interface ImportOptions {
  dryRun: boolean;
  mode: ImportMode;
  /** The file's column names → the import's, for those not recognised by themselves. */
  map: Record<string, string>;
  /** The same key for a retry of the same upload: the server then answers its first result. */
  idempotencyKey?: string;
}

/** Uploads a CSV or JSON file as it is: the server reads it while it arrives. */
export const uploadImport = (entity: ImportEntity, file: Blob, contentType: string, options: ImportOptions) =>
  request(
    'POST',
    `/imports/entities/${entity}${toQuery({
      dryRun: options.dryRun || undefined,
      mode: options.mode,
      map: Object.keys(options.map).length ? JSON.stringify(options.map) : undefined,
    })}`,
    ImportSchema,
    {
      raw: { body: file, contentType },
      ...(options.idempotencyKey ? { headers: { 'idempotency-key': options.idempotencyKey } } : {}),
    },
  );

export const listImports = (query: Partial<ImportListQuery>, signal?: AbortSignal) =>
  request('GET', `/imports${toQuery({ limit: 25, ...query })}`, ImportPageSchema, { signal });

export const getImport = (id: string) => request('GET', `/imports/${id}`, ImportSchema);

/** An export is downloaded by the browser itself (a link): the session cookie authenticates a GET. */
export const exportUrl = (entity: ExportEntity, filters: Record<string, string | undefined>, format: 'csv' | 'json') =>
  `/api/v1/exports/${entity}${toQuery({ ...filters, cursor: undefined, format })}`;
