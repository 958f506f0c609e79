import {
  PUBLIC_RESOURCE_PATHS,
  type Locale,
  type PublicChange,
  type PublicChangePage,
  type PublicChangesQuery,
  type PublicResource,
} from '@euregionet/shared';
import { systemClock, type Clock } from '../../clock.js';
import type { Db } from '../../db/client.js';
import { cursorCodec, key } from '../../db/cursor.js';
import { AppError } from '../../errors.js';
import { readChanges, type ChangeRow } from './sync.repo.js';

/** Reads the current public document of one kind; `undefined` when portals cannot see it (any more). */
export type DocumentReader = (slug: string, order: readonly Locale[], baseUrl: string) => Promise<unknown>;
export type DocumentReaders = Record<PublicResource, DocumentReader>;

/** (transaction, row, time of the change): the time only to tell a cursor that outlived the log. */
const changesCursor = cursorCodec(key.bigint, key.number, key.text);

const DAY_MS = 86_400_000;

const expired = () =>
  new AppError(
    410,
    'CHANGES_EXPIRED',
    'Changes this old are no longer kept: read the lists in full, then follow the changes from the time you started reading',
  );

/** A 404 of a document reader: the document is not public (any more). */
async function documentOrNone(read: DocumentReader, slug: string, order: readonly Locale[], baseUrl: string) {
  try {
    return await read(slug, order, baseUrl);
  } catch (err) {
    if (err instanceof AppError && err.status === 404) return undefined;
    throw err;
  }
}

/**
 * The feed of changes for mirrors. The log says which documents changed; each is returned as it
 * is now (an upsert) or as a tombstone when portals can no longer see it, so that a mirror that
 * applies the items in order ends equal to a full read, whatever happened in between.
 */
export function createSyncService(db: Db, options: { readers: DocumentReaders; retentionDays: number; clock?: Clock }) {
  const clock = options.clock ?? systemClock;
  const horizon = () => new Date(clock.now().getTime() - options.retentionDays * DAY_MS);

  return {
    async changes(query: PublicChangesQuery, order: readonly Locale[], baseUrl: string): Promise<PublicChangePage> {
      let after: { tx: string; seq: number } | null = null;
      if (query.cursor) {
        const [tx, seq, at] = changesCursor.decode(query.cursor);
        if (new Date(at) < horizon()) throw expired();
        after = { tx, seq };
      } else if (query.since && new Date(query.since) < horizon()) {
        throw expired();
      }
      const rows = await readChanges(db, after, query.since ?? null, query.limit + 1);
      const hasMore = rows.length > query.limit;
      const page = rows.slice(0, query.limit);
      // Several changes of one document in the page: its state now, once, at its last change.
      const last = new Map<string, ChangeRow>();
      for (const row of page) {
        const id = `${row.resource}/${row.slug}`;
        last.delete(id);
        last.set(id, row);
      }
      const items: PublicChange[] = [];
      for (const row of last.values()) {
        const document = await documentOrNone(options.readers[row.resource], row.slug, order, baseUrl);
        items.push({
          resource: row.resource,
          slug: row.slug,
          action: document === undefined ? 'delete' : 'upsert',
          changedAt: row.changedAt,
          url: `${baseUrl}/api/v1/public/${PUBLIC_RESOURCE_PATHS[row.resource]}/${row.slug}`,
          cluster: null,
          fundingCall: null,
          publication: null,
          event: null,
          opportunity: null,
          ...(document === undefined ? {} : { [row.resource]: document }),
        });
      }
      const end = page.at(-1);
      return {
        lang: order[0]!,
        items,
        nextCursor: end ? changesCursor.encode([end.tx, end.seq, end.changedAt]) : (query.cursor ?? null),
        hasMore,
      };
    },
  };
}

/**
 * The change log's reading for the modules that follow it (webhooks) or sort by it (the public
 * lists' `updatedSince`): through this module, not its repo.
 */
export { byPublicUpdate, readChanges, type LogPosition } from './sync.repo.js';
