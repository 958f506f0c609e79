import { bigint, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { FileMediaType, FileOwnerType } from '@euregionet/shared';
import { usersTable } from '../users/users.table.js';

/**
 * Files attached to records. The owner is named generically (`owner_type`, `owner_id`) so that
 * any record can carry files without a column of its own; the bytes live in the file store
 * under `storage_key` (and `thumbnail_key` for images).
 */
export const filesTable = pgTable(
  'files',
  {
    id: uuid().primaryKey().defaultRandom(),
    ownerType: text().$type<FileOwnerType>().notNull(),
    ownerId: uuid().notNull(),
    name: text().notNull(),
    mediaType: text().$type<FileMediaType>().notNull(),
    size: bigint({ mode: 'number' }).notNull(),
    sha256: text().notNull(),
    storageKey: text().notNull(),
    thumbnailKey: text(),
    createdBy: uuid().references(() => usersTable.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('files_owner_idx').on(t.ownerType, t.ownerId, t.createdAt)],
);
