import { asc } from 'drizzle-orm';
import { sameEmail } from '../../db/sql.js';
import { asJson, type PersonalDataProvider } from '../personal-data/personal-data.provider.js';
import { digestSubscriptionsTable as subscriptions } from './digests.table.js';

/** A person's digest subscriptions with their consent; erasure deletes them (their unsubscribe links go with them). */
export const digestsPersonalData: PersonalDataProvider = {
  module: 'digests',
  columns: ['digest_subscriptions.email'],
  async export(tx, email) {
    const rows = await tx.select().from(subscriptions).where(sameEmail(subscriptions.email, email)).orderBy(asc(subscriptions.createdAt));
    return { subscriptions: rows.map((r) => asJson(r)) };
  },
  async erase(tx, email) {
    const deleted = await tx.delete(subscriptions).where(sameEmail(subscriptions.email, email)).returning({ id: subscriptions.id });
    return { subscriptions: deleted.length };
  },
};
