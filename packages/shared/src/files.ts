import { z } from 'zod';
import { IdSchema, pageSchema, PAGE_LIMIT_MAX, TimestampSchema, int64, UrlTextSchema, boundedText } from './common.js';

/**
 * Files attached to records (a publication's attachments first). A file belongs to one record;
 * who may read it follows that record.
 */
export const FILE_ERROR_CODES = [
  'FILE_NOT_FOUND',
  'FILE_TYPE_NOT_ALLOWED',
  'FILE_TOO_LARGE',
  'FILE_MISSING',
  'FILE_OWNER_NOT_FOUND',
  'TOO_MANY_FILES',
] as const;

/**
 * The kinds of record a file may belong to. A cluster's or organisation's logo is an owner type
 * of its own (one image, public where the record is), so that a record could later carry other
 * files beside its logo.
 */
export const FILE_OWNER_TYPES = [
  'publication',
  'cluster_logo',
  'organisation_logo',
  'internationalisation_measure',
  'evaluation',
  'event',
  'brand_criteria',
  'consulting_request',
] as const;
/** A record's files come as one list (no cursor): the most it holds, refused beyond on upload. */
export const FILES_PER_RECORD = PAGE_LIMIT_MAX;

export const FileOwnerTypeSchema = z.enum(FILE_OWNER_TYPES).meta({ id: 'FileOwnerType' });
export type FileOwnerType = z.infer<typeof FileOwnerTypeSchema>;

/**
 * What may be uploaded, by the type read from the file's content (never from its name or the
 * declared type): documents, spreadsheets, images and plain text.
 */
export const ALLOWED_FILE_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/webp',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.text',
  'text/csv',
  'text/plain',
] as const;
/** What a logo may be: an image that browsers show. */
export const IMAGE_FILE_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const satisfies readonly (typeof ALLOWED_FILE_TYPES)[number][];
export const FileMediaTypeSchema = z.enum(ALLOWED_FILE_TYPES).meta({ id: 'FileMediaType' });
export type FileMediaType = z.infer<typeof FileMediaTypeSchema>;

/** A file's name as kept: `safeFileName` cuts it to 120 characters. */
const FileNameTextSchema = boundedText(120);

export const StoredFileSchema = z
  .object({
    id: IdSchema,
    ownerType: FileOwnerTypeSchema,
    ownerId: IdSchema,
    name: FileNameTextSchema.describe('The file name as uploaded, made safe (no path, no control characters)'),
    mediaType: FileMediaTypeSchema,
    size: int64().describe('Bytes'),
    sha256: boundedText(64).describe('Hex digest of the content'),
    hasThumbnail: z.boolean().describe('Images have a thumbnail at `/api/v1/files/{id}/thumbnail`'),
    url: UrlTextSchema.describe('Where to download it'),
    createdAt: TimestampSchema,
  })
  .meta({ id: 'StoredFile' });
export type StoredFile = z.infer<typeof StoredFileSchema>;

export const FileListQuerySchema = z.strictObject({ ownerType: FileOwnerTypeSchema, ownerId: IdSchema });
export type FileListQuery = z.infer<typeof FileListQuerySchema>;
export const FileListSchema = pageSchema(StoredFileSchema, 'FileList');
export type FileList = z.infer<typeof FileListSchema>;

/** A file as portals see it: no owner ids, the URL to fetch it without a key. */
export const PublicFileSchema = z
  .object({
    name: FileNameTextSchema,
    mediaType: FileMediaTypeSchema,
    size: int64(),
    url: UrlTextSchema,
    thumbnailUrl: UrlTextSchema.nullable(),
  })
  .meta({ id: 'PublicFile' });
export type PublicFile = z.infer<typeof PublicFileSchema>;

/** Letters, digits and a few marks; the rest becomes `_`. Keeps the extension, drops any path. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}._ ()-]/gu, '_')
    .replace(/^[.\s]+/, '')
    .trim()
    .slice(-120);
  return cleaned || 'file';
}
