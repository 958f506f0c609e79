import { sql } from 'drizzle-orm';
import { normaliseEmail } from '@euregionet/shared';
import { queryRows, type Db } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { loginFailuresTable } from './auth.table.js';
import { sha256 } from './tokens.js';

export interface ThrottleLimits {
  maxFailuresPerAccount: number;
  maxFailuresPerAddress: number;
  windowMinutes: number;
}

/** How long an address that signed in to an account stays known to it. */
const KNOWN_ADDRESS_DAYS = 90;

/** An attempt that may go on to the password check; settle it with its outcome. */
export interface Reservation {
  succeeded(): Promise<void>;
}

const rateLimited = (seconds: number, what: string) =>
  new AppError(429, 'RATE_LIMITED', `Too many failed ${what}; wait before trying again`, {
    headers: { 'retry-after': String(Math.max(1, seconds)) },
  });

/**
 * Throttles the guessing of passwords, in the database so that all API processes count
 * together. An account is known by the hash of the e-mail typed, so that nothing typed into the
 * e-mail field (sometimes a password) is kept in clear, and so that unknown and known e-mails
 * are throttled alike.
 *
 * Every attempt takes its place in a bucket before the password is checked (one atomic upsert),
 * so that a burst of parallel attempts cannot check more passwords than the limit allows; a
 * successful attempt gives its place back. Buckets: one per client address (across accounts),
 * and one per account that all addresses share, except the addresses that signed in to the
 * account before: each of those has a bucket of its own with the account. So whoever guesses
 * from elsewhere blocks only the shared bucket, and the owner still signs in from their usual
 * address (OWASP ASVS 2.2.1: a lock-out must not be a free denial of service).
 */
export function createLoginThrottle(db: Db, limits: ThrottleLimits) {
  const windowSql = sql.raw(`interval '${Math.floor(limits.windowMinutes)} minutes'`);
  const t = loginFailuresTable;
  const accountOf = (email: string) => sha256(normaliseEmail(email));
  const knownKey = (account: string, ip: string) => `known:${account}:${ip}`;

  /** Takes a place in the bucket; the number of places taken in its window, and when it frees. */
  async function take(key: string): Promise<{ taken: number; retryAfter: number }> {
    const expired = sql`(${t.windowStart} < now() - ${windowSql} AND (${t.blockedUntil} IS NULL OR ${t.blockedUntil} <= now()))`;
    const [row] = await queryRows<{ taken: number; retry_after: number }>(
      db,
      sql`INSERT INTO ${t} (key, failures, window_start) VALUES (${key}, 1, now())
          ON CONFLICT (key) DO UPDATE SET
            failures = CASE WHEN ${expired} THEN 1 ELSE ${t.failures} + 1 END,
            window_start = CASE WHEN ${expired} THEN now() ELSE ${t.windowStart} END,
            blocked_until = CASE WHEN ${expired} THEN NULL ELSE ${t.blockedUntil} END
          RETURNING failures AS taken,
            ceil(extract(epoch FROM greatest(coalesce(blocked_until, now()), window_start + ${windowSql}) - now()))::int AS retry_after`,
    );
    return { taken: row!.taken, retryAfter: row!.retry_after };
  }

  /** A failed check: the bucket stays blocked for a whole window after the failure that filled it. */
  async function failed(key: string, max: number) {
    await db.execute(sql`UPDATE ${t} SET blocked_until = now() + ${windowSql} WHERE ${t.key} = ${key} AND ${t.failures} >= ${max}`);
  }

  /** A successful check gives its place back (and lifts a block that attempts still in flight had set). */
  async function giveBack(key: string, max: number) {
    await db.execute(
      sql`UPDATE ${t} SET failures = greatest(${t.failures} - 1, 0),
            blocked_until = CASE WHEN ${t.failures} - 1 >= ${max} THEN ${t.blockedUntil} ELSE NULL END
          WHERE ${t.key} = ${key}`,
    );
  }

  async function isKnown(account: string, ip: string): Promise<boolean> {
    const rows = await queryRows<{ known: boolean }>(
      db,
      sql`SELECT true AS known FROM ${t}
          WHERE ${t.key} = ${knownKey(account, ip)} AND ${t.windowStart} > now() - ${sql.raw(`interval '${KNOWN_ADDRESS_DAYS} days'`)}`,
    );
    return rows.length > 0;
  }

  return {
    /**
     * Forgets what no longer counts: buckets whose window has passed and that are not blocked
     * (the next attempt would start them afresh anyway), and addresses known to an account that
     * have not signed in to it for KNOWN_ADDRESS_DAYS. Without it the table keeps one row per
     * address that ever tried, for ever.
     */
    async purgeStale(): Promise<number> {
      const rows = await queryRows<{ key: string }>(
        db,
        sql`DELETE FROM ${t}
            WHERE CASE WHEN ${t.key} LIKE 'known:%'
                    THEN ${t.windowStart} <= now() - ${sql.raw(`interval '${KNOWN_ADDRESS_DAYS} days'`)}
                    ELSE ${t.windowStart} < now() - ${windowSql} AND (${t.blockedUntil} IS NULL OR ${t.blockedUntil} <= now())
                  END
            RETURNING ${t.key} AS key`,
      );
      return rows.length;
    },

    /**
     * Reserves a login attempt before the password is checked: 429 with Retry-After when the
     * address or the account's bucket for this address is full. Call `failed()` or
     * `succeeded()` on the answer.
     */
    async reserveLogin(email: string, ip: string): Promise<Reservation & { failed(): Promise<void> }> {
      const account = accountOf(email);
      const address = `address:${ip}`;
      const byAddress = await take(address);
      if (byAddress.taken > limits.maxFailuresPerAddress) throw rateLimited(byAddress.retryAfter, 'logins');
      const accountKey = (await isKnown(account, ip)) ? `account:${account}@${ip}` : `account:${account}`;
      const byAccount = await take(accountKey);
      if (byAccount.taken > limits.maxFailuresPerAccount) throw rateLimited(byAccount.retryAfter, 'logins');
      return {
        async failed() {
          await failed(address, limits.maxFailuresPerAddress);
          await failed(accountKey, limits.maxFailuresPerAccount);
        },
        async succeeded() {
          await giveBack(address, limits.maxFailuresPerAddress);
          await db.execute(sql`DELETE FROM ${t} WHERE ${t.key} = ${accountKey}`);
          await db.execute(sql`INSERT INTO ${t} (key, failures, window_start) VALUES (${knownKey(account, ip)}, 0, now())
                               ON CONFLICT (key) DO UPDATE SET window_start = now()`);
        },
      };
    },

    /**
     * The current-password check of a signed-in user (changing the password): a stolen session
     * must not turn into a password oracle. Same limit per account as logins.
     */
    async reservePasswordCheck(userId: string): Promise<Reservation & { failed(): Promise<void> }> {
      const key = `password:${userId}`;
      const taken = await take(key);
      if (taken.taken > limits.maxFailuresPerAccount) throw rateLimited(taken.retryAfter, 'password checks');
      return {
        failed: () => failed(key, limits.maxFailuresPerAccount),
        succeeded: () => db.execute(sql`DELETE FROM ${t} WHERE ${t.key} = ${key}`).then(() => undefined),
      };
    },
  };
}
