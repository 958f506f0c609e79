import { date, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Country } from '@euregionet/shared';
import { clustersTable } from '../clusters/clusters.table.js';

export const organisationsTable = pgTable('organisations', {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull(),
  type: text().notNull(),
  country: text().$type<Country>().notNull(),
  region: text(),
  city: text(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const membershipsTable = pgTable(
  'memberships',
  {
    clusterId: uuid()
      .notNull()
      .references(() => clustersTable.id, { onDelete: 'cascade' }),
    organisationId: uuid()
      .notNull()
      .references(() => organisationsTable.id, { onDelete: 'cascade' }),
    role: text().$type<'coordinator' | 'member' | 'associated'>().notNull(),
    since: date(),
  },
  (t) => [primaryKey({ columns: [t.clusterId, t.organisationId] }), index('memberships_organisation_idx').on(t.organisationId)],
);
