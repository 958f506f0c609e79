import { sameEmail } from '../../db/sql.js';
import { asJson, type PersonalDataProvider } from '../personal-data/personal-data.provider.js';
import { usersTable as users } from './users.table.js';

/**
 * A staff account under the address. It is exported, but an erasure keeps it: the audit trail and
 * the timelines name who did what through the account, and an administrator deactivates it under
 * Users. The answer says how many were kept, so that the admin app can tell.
 */
export const usersPersonalData: PersonalDataProvider = {
  module: 'users',
  columns: ['users.email'],
  async export(tx, email) {
    const rows = await tx
      .select({
        id: users.id,
        name: users.name,
        email: users.email,
        partner: users.partner,
        role: users.role,
        status: users.status,
        lastLoginAt: users.lastLoginAt,
        createdAt: users.createdAt,
      })
      .from(users)
      .where(sameEmail(users.email, email));
    return { staffAccounts: rows.map((r) => asJson(r)) };
  },
  async erase(tx, email) {
    const rows = await tx.select({ id: users.id }).from(users).where(sameEmail(users.email, email));
    return { staffAccountsKept: rows.length };
  },
};
