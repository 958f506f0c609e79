import { createHash, randomUUID } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { canEditRecord, type OwnedRecord } from '@euregionet/shared/access';
import {
  ALLOWED_FILE_TYPES,
  FILES_PER_RECORD,
  safeFileName,
  type FileList,
  type FileMediaType,
  type FileOwnerType,
  type PublicFile,
  type StoredFile,
} from '@euregionet/shared';
import { queryRows, type Db } from '../../db/client.js';
import { AppError, notFound } from '../../errors.js';
import type { RequestContext } from '../auth/actor.js';
import { recordAudit } from '../audit/audit.repo.js';
import type { FileStore } from './file-store.js';
import { createFileRepo, toStoredFile, type FileRow } from './files.repo.js';
import { filesTable } from './files.table.js';

/**
 * What the record a file belongs to allows the caller: the owning module decides (a published
 * publication's files are public; a draft's need the right to read the draft).
 */
export interface FileOwnerAccess {
  public: boolean;
  read: boolean;
  edit: boolean;
  /** Narrower than the allowed types, e.g. images only for a logo. */
  mediaTypes?: readonly FileMediaType[];
  /** The record keeps one file (a logo): an upload replaces the one there. */
  single?: boolean;
}
/** Looks a record up for the caller; null when it does not exist (or is deleted). */
export type FileOwnerResolver = (db: Db, ctx: RequestContext, ownerId: string) => Promise<FileOwnerAccess | null>;
export type FileOwners = Record<FileOwnerType, FileOwnerResolver>;

/** The usual reading of a record's files for resolvers: staff, and keys with `read`. */
export const readsRecordFiles = (ctx: RequestContext) =>
  ctx.actor?.kind === 'user' || (ctx.actor?.kind === 'apiKey' && ctx.actor.scopes.includes('read'));

/** Whether the caller, a signed-in user (never a key or nobody), may change a partner's record. */
export const userMayEdit = (ctx: RequestContext, record: OwnedRecord) => ctx.actor?.kind === 'user' && canEditRecord(ctx.actor, record);

const fileNotFound = (id: string) => notFound('FILE_NOT_FOUND', `No file with id ${id}`);
const THUMBNAIL_WIDTH = 320;
const IMAGE_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/webp'];

/**
 * The type of a file, read from its content: the magic bytes for binary formats; text that is
 * valid UTF-8 without control characters is plain text (CSV when its name says so, since a CSV
 * file is plain text to any content sniffer). The name never makes binary content acceptable.
 */
export async function mediaTypeOf(content: Buffer, name: string): Promise<FileMediaType | null> {
  const detected = await fileTypeFromBuffer(content);
  if (detected) return (ALLOWED_FILE_TYPES as readonly string[]).includes(detected.mime) ? (detected.mime as FileMediaType) : null;
  if (!isPlainText(content)) return null;
  return /\.csv$/i.test(name) ? 'text/csv' : 'text/plain';
}

function isPlainText(content: Buffer): boolean {
  if (content.length === 0) return false;
  // Tabs and line breaks are text; other C0 controls (NUL above all) and DEL mean binary.
  for (const byte of content) {
    if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) || byte === 0x7f) return false;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(content);
    return true;
  } catch {
    return false;
  }
}

/** `Content-Disposition` for a download: an ASCII fallback name and the exact one (RFC 6266, RFC 8187). */
export function contentDisposition(name: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export function toPublicFile(file: StoredFile): PublicFile {
  return {
    name: file.name,
    mediaType: file.mediaType,
    size: file.size,
    url: file.url,
    thumbnailUrl: file.hasThumbnail ? `${file.url}/thumbnail` : null,
  };
}

/** The files of records, for modules that show their attachments (e.g. the public publications). */
export async function filesOf(db: Db, ownerType: FileOwnerType, ownerIds: readonly string[]): Promise<Map<string, StoredFile[]>> {
  const byOwner = new Map<string, StoredFile[]>(ownerIds.map((id) => [id, []]));
  for (const row of await createFileRepo(db).ofOwners(ownerType, ownerIds)) byOwner.get(row.ownerId)?.push(toStoredFile(row));
  return byOwner;
}

/**
 * Removes the files of a record inside the caller's transaction (the record is being deleted);
 * answers a function that removes their bytes, to be called once that transaction committed.
 */
export async function removeFilesOf(tx: Db, ctx: RequestContext, store: FileStore, ownerType: FileOwnerType, ownerId: string) {
  const rows = await createFileRepo(tx).deleteOfOwner(ownerType, ownerId);
  for (const row of rows) await recordAudit(tx, ctx, { action: 'delete', entity: 'file', entityId: row.id, before: audited(row) });
  return () => removeBytes(store, rows);
}

/**
 * Removes a record's files as part of a personal-data erasure: like `removeFilesOf`, but without
 * an audit entry per file, because a file's name may itself be personal data; the erasure's one
 * audit entry stands for them. Answers the removal of the bytes, to run after the commit.
 */
export async function eraseFilesOf(tx: Db, store: FileStore, ownerType: FileOwnerType, ownerId: string) {
  const rows = await createFileRepo(tx).deleteOfOwner(ownerType, ownerId);
  return { count: rows.length, removeBytes: () => removeBytes(store, rows) };
}

async function removeBytes(store: FileStore, rows: FileRow[]) {
  for (const row of rows) {
    await store.delete(row.storageKey);
    if (row.thumbnailKey) await store.delete(row.thumbnailKey);
  }
}

/**
 * The files of a consulting request belong to a person's conversation, and their names are often
 * personal ("Kowalska-CV.pdf"): the audit trail, which no erasure reaches, keeps them without it.
 */
const PERSONAL_OWNERS: readonly FileOwnerType[] = ['consulting_request'];

const audited = (row: FileRow) => ({
  ownerType: row.ownerType,
  ownerId: row.ownerId,
  ...(PERSONAL_OWNERS.includes(row.ownerType) ? {} : { name: row.name }),
  mediaType: row.mediaType,
  size: row.size,
  sha256: row.sha256,
});

export interface UploadedFile {
  name: string;
  content: Buffer;
}

export function createFileService(db: Db, options: { store: FileStore; owners: FileOwners }) {
  const { store, owners } = options;
  const repo = createFileRepo(db);

  async function ownerFor(ctx: RequestContext, ownerType: FileOwnerType, ownerId: string) {
    return owners[ownerType](db, ctx, ownerId);
  }

  /** The file if the caller may read it; a file they may not read is as missing as one that does not exist. */
  async function readable(ctx: RequestContext, id: string): Promise<FileRow> {
    const row = await repo.get(id);
    if (!row) throw fileNotFound(id);
    const owner = await ownerFor(ctx, row.ownerType, row.ownerId);
    if (!owner || !(owner.public || owner.read)) throw fileNotFound(id);
    return row;
  }

  return {
    /**
     * `decided`: the owning module has checked the caller itself (the holder of a consulting
     * request's status link, who has no account) and says what they may do.
     */
    async upload(
      ctx: RequestContext,
      ownerType: FileOwnerType,
      ownerId: string,
      file: UploadedFile,
      decided?: FileOwnerAccess,
    ): Promise<StoredFile> {
      const owner = decided ?? (await ownerFor(ctx, ownerType, ownerId));
      if (!owner || !(owner.read || owner.public)) {
        throw notFound('FILE_OWNER_NOT_FOUND', `No ${ownerType} with id ${ownerId}`);
      }
      if (!owner.edit) throw new AppError(403, 'FORBIDDEN', `You may not attach files to this ${ownerType}`);
      const name = safeFileName(file.name);
      const mediaType = await mediaTypeOf(file.content, name);
      if (!mediaType) {
        throw new AppError(415, 'FILE_TYPE_NOT_ALLOWED', `Allowed: PDF, PNG, JPEG, WebP, DOCX, XLSX, ODT, CSV and plain text`);
      }
      if (owner.mediaTypes && !owner.mediaTypes.includes(mediaType)) {
        throw new AppError(415, 'FILE_TYPE_NOT_ALLOWED', `Allowed for a ${ownerType}: ${owner.mediaTypes.join(', ')}`);
      }
      const id = randomUUID();
      const storageKey = `${id}/original`;
      let thumbnailKey: string | null = null;
      await store.put(storageKey, file.content, mediaType);
      if (IMAGE_TYPES.includes(mediaType)) {
        // An image that the decoder rejects still is what its magic bytes say; it only has no thumbnail.
        const thumbnail = await sharp(file.content)
          .rotate()
          .resize({ width: THUMBNAIL_WIDTH, withoutEnlargement: true })
          .webp()
          .toBuffer()
          .catch(() => null);
        if (thumbnail) {
          thumbnailKey = `${id}/thumb.webp`;
          await store.put(thumbnailKey, thumbnail, 'image/webp');
        }
      }
      let replaced: FileRow[] = [];
      try {
        const stored = await db.transaction(async (tx) => {
          // The new file and the end of the old one commit together: never none, never two.
          if (!owner.single) {
            // One upload at a time per record, so that two at once cannot both pass the count.
            await queryRows(tx, sql`SELECT pg_advisory_xact_lock(hashtextextended(${`files:${ownerId}`}, 0))`);
            const [held] = await queryRows<{ n: number }>(
              tx,
              sql`SELECT count(*)::int AS n FROM ${filesTable} WHERE ${filesTable.ownerType} = ${ownerType} AND ${filesTable.ownerId} = ${ownerId}`,
            );
            if (held!.n >= FILES_PER_RECORD) {
              throw new AppError(413, 'TOO_MANY_FILES', `A ${ownerType} holds at most ${FILES_PER_RECORD} files: remove one first`);
            }
          }
          if (owner.single) {
            replaced = await createFileRepo(tx).deleteOfOwner(ownerType, ownerId);
            for (const old of replaced) {
              await recordAudit(tx, ctx, { action: 'delete', entity: 'file', entityId: old.id, before: audited(old) });
            }
          }
          const row = await createFileRepo(tx).insert({
            id,
            ownerType,
            ownerId,
            name,
            mediaType,
            size: file.content.length,
            sha256: createHash('sha256').update(file.content).digest('hex'),
            storageKey,
            thumbnailKey,
            createdBy: ctx.actor?.kind === 'user' ? ctx.actor.id : null,
          });
          await recordAudit(tx, ctx, { action: 'create', entity: 'file', entityId: id, after: audited(row) });
          return toStoredFile(row);
        });
        await removeBytes(store, replaced);
        return stored;
      } catch (e) {
        // Nothing refers to bytes whose row was never written.
        await removeBytes(store, [{ storageKey, thumbnailKey } as FileRow]).catch(() => undefined);
        throw e;
      }
    },

    async list(ctx: RequestContext, ownerType: FileOwnerType, ownerId: string): Promise<FileList> {
      const owner = await ownerFor(ctx, ownerType, ownerId);
      if (!owner || !(owner.read || owner.public)) throw notFound('FILE_OWNER_NOT_FOUND', `No ${ownerType} with id ${ownerId}`);
      return { items: (await filesOf(db, ownerType, [ownerId])).get(ownerId)!, nextCursor: null };
    },

    /**
     * The bytes of a record's file for a caller the owning module has let in itself (a status
     * link's holder); a file of another record is as missing as one that does not exist.
     */
    async contentOf(ownerType: FileOwnerType, ownerId: string, id: string) {
      const row = await repo.get(id);
      if (!row || row.ownerType !== ownerType || row.ownerId !== ownerId) throw fileNotFound(id);
      const bytes = await store.get(row.storageKey);
      if (!bytes) throw fileNotFound(id);
      return { bytes, name: row.name, mediaType: row.mediaType };
    },

    async meta(ctx: RequestContext, id: string): Promise<StoredFile> {
      return toStoredFile(await readable(ctx, id));
    },

    /** The bytes of a file (or its thumbnail) with what a download needs. */
    async content(ctx: RequestContext, id: string, variant: 'original' | 'thumbnail') {
      const row = await readable(ctx, id);
      const key = variant === 'original' ? row.storageKey : row.thumbnailKey;
      if (!key) throw fileNotFound(id);
      const bytes = await store.get(key);
      if (!bytes) throw fileNotFound(id);
      const owner = (await ownerFor(ctx, row.ownerType, row.ownerId))!;
      return {
        bytes,
        name: variant === 'original' ? row.name : `${row.name.replace(/\.[^.]*$/, '')}-thumbnail.webp`,
        mediaType: variant === 'original' ? row.mediaType : 'image/webp',
        public: owner.public,
      };
    },

    /** `decided`: as for `upload`, the owning module has let the caller in itself. */
    async remove(ctx: RequestContext, id: string, decided?: FileOwnerAccess): Promise<void> {
      const row = decided ? await repo.get(id) : await readable(ctx, id);
      if (!row) throw fileNotFound(id);
      const owner = decided ?? (await ownerFor(ctx, row.ownerType, row.ownerId));
      if (!owner?.edit) throw new AppError(403, 'FORBIDDEN', `You may not remove files of this ${row.ownerType}`);
      await db.transaction(async (tx) => {
        const removed = await createFileRepo(tx).delete(id);
        if (!removed) throw fileNotFound(id);
        await recordAudit(tx, ctx, { action: 'delete', entity: 'file', entityId: id, before: audited(removed) });
      });
      await removeBytes(store, [row]);
    },
  };
}
export type FileService = ReturnType<typeof createFileService>;
