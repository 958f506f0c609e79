import type { PersonalDataModule } from '@euregionet/shared';
import type { Db } from '../../db/client.js';
import type { RequestContext } from '../auth/actor.js';

/**
 * What stands in an erased person's address where a record is kept for the statistics: unique per
 * record, and no address at all, so that no e-mail can ever go to it (`enqueueMail` drops it).
 */
export const ERASED_ADDRESS_PREFIX = 'erased:';

/**
 * What an erasure hands each provider: when it happens, who erases (a module that must tell others
 * of what the erasure freed, such as a seat at an event, does it in their name), the address that
 * links in such mails start with, and where to put work for after the commit.
 */
export interface ErasureScope {
  now: Date;
  ctx: RequestContext;
  baseUrl: string;
  /** Runs once the transaction has committed (removing files' bytes, which no rollback can bring back). */
  afterCommit(work: () => Promise<void>): void;
}

/**
 * A module's part in the personal-data export and erasure of a person known by e-mail address.
 * Each module holding such data registers one (see `personalDataProviders`); both calls run in
 * the operation's one transaction, and the address comes normalised (`normaliseEmail`).
 */
export interface PersonalDataProvider {
  module: PersonalDataModule;
  /**
   * The columns (`table.column`) holding e-mail addresses that this provider answers for: a test
   * holds them against the schema, so that a new table with addresses but no provider fails it.
   */
  columns: readonly string[];
  /** The records about the person, by kind, as JSON (dates as ISO strings). */
  export(tx: Db, email: string): Promise<Record<string, Record<string, unknown>[]>>;
  /** Deletes or anonymises them; answers how many records of each kind it touched. */
  erase(tx: Db, email: string, scope: ErasureScope): Promise<Record<string, number>>;
}

/** A row as JSON: dates become ISO strings, as on the wire. */
export function asJson<T>(value: T): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}
