import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { loginFailuresTable } from './auth.table.js';
import { sha256 } from './tokens.js';

export interface ThrottleLimits {
  maxFailuresPerAccount: number;
  maxFailuresPerAddress: number;
  windowMinutes: number;
}

/**
 * Throttles guessing of passwords, per account and per client address, in the database so that
 * all API processes count together. An account is known by the hash of the e-mail typed, so
 * that nothing typed into the e-mail field (sometimes a password) is kept in clear, and so that
 * unknown and known e-mails are throttled alike.
 */
export function createLoginThrottle(db: Db, limits: ThrottleLimits) {
  const keys = (email: string, ip: string) => ({
    account: `account:${sha256(email.trim().toLowerCase())}`,
    address: `address:${ip}`,
  });

  return {
    /** 429 with Retry-After while either key is blocked. */
    async assertAllowed(email: string, ip: string) {
      const k = keys(email, ip);
      const rows = await queryRows<{ seconds: number }>(
        db,
        sql`SELECT ceil(extract(epoch FROM max(${loginFailuresTable.blockedUntil}) - now()))::int AS seconds
            FROM ${loginFailuresTable}
            WHERE ${loginFailuresTable.key} IN (${k.account}, ${k.address}) AND ${loginFailuresTable.blockedUntil} > now()`,
      );
      const seconds = rows[0]?.seconds;
      if (seconds && seconds > 0) {
        throw new AppError(429, 'RATE_LIMITED', 'Too many failed logins; wait before trying again', {
          headers: { 'retry-after': String(seconds) },
        });
      }
    },

    async recordFailure(email: string, ip: string) {
      const k = keys(email, ip);
      const window = sql.raw(`interval '${Math.floor(limits.windowMinutes)} minutes'`);
      for (const [key, max] of [
        [k.account, limits.maxFailuresPerAccount],
        [k.address, limits.maxFailuresPerAddress],
      ] as const) {
        await db.execute(sql`
          INSERT INTO ${loginFailuresTable} (key, failures, window_start) VALUES (${key}, 1, now())
          ON CONFLICT (key) DO UPDATE SET
            failures = CASE WHEN ${loginFailuresTable.windowStart} < now() - ${window} THEN 1 ELSE ${loginFailuresTable.failures} + 1 END,
            window_start = CASE WHEN ${loginFailuresTable.windowStart} < now() - ${window} THEN now() ELSE ${loginFailuresTable.windowStart} END,
            blocked_until = CASE
              WHEN ${loginFailuresTable.windowStart} >= now() - ${window} AND ${loginFailuresTable.failures} + 1 >= ${max}
              THEN now() + ${window} ELSE ${loginFailuresTable.blockedUntil} END`);
      }
    },

    /** A successful login clears the account's count (not the address's). */
    async recordSuccess(email: string) {
      await db.execute(sql`DELETE FROM ${loginFailuresTable} WHERE ${loginFailuresTable.key} = ${keys(email, '').account}`);
    },
  };
}
