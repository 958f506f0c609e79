import { and, asc, eq, inArray } from 'drizzle-orm';
import type { FileOwnerType, StoredFile } from '@euregionet/shared';
import type { Db } from '../../db/client.js';
import { filesTable } from './files.table.js';

export type FileRow = typeof filesTable.$inferSelect;

export function toStoredFile(row: FileRow): StoredFile {
  return {
    id: row.id,
    ownerType: row.ownerType,
    ownerId: row.ownerId,
    name: row.name,
    mediaType: row.mediaType,
    size: row.size,
    sha256: row.sha256,
    hasThumbnail: row.thumbnailKey !== null,
    url: `/api/v1/files/${row.id}`,
    createdAt: row.createdAt.toISOString(),
  };
}

export function createFileRepo(db: Db) {
  return {
    async get(id: string): Promise<FileRow | undefined> {
      const [row] = await db.select().from(filesTable).where(eq(filesTable.id, id));
      return row;
    },
    async insert(values: typeof filesTable.$inferInsert): Promise<FileRow> {
      const [row] = await db.insert(filesTable).values(values).returning();
      return row!;
    },
    /** The files of records, oldest first (the order they were attached in). */
    ofOwners(ownerType: FileOwnerType, ownerIds: readonly string[]): Promise<FileRow[]> {
      if (!ownerIds.length) return Promise.resolve([]);
      return db
        .select()
        .from(filesTable)
        .where(and(eq(filesTable.ownerType, ownerType), inArray(filesTable.ownerId, [...ownerIds])))
        .orderBy(asc(filesTable.createdAt), asc(filesTable.id));
    },
    async delete(id: string): Promise<FileRow | undefined> {
      const [row] = await db.delete(filesTable).where(eq(filesTable.id, id)).returning();
      return row;
    },
    deleteOfOwner(ownerType: FileOwnerType, ownerId: string): Promise<FileRow[]> {
      return db
        .delete(filesTable)
        .where(and(eq(filesTable.ownerType, ownerType), eq(filesTable.ownerId, ownerId)))
        .returning();
    },
  };
}
