import { date, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { InternationalisationMeasureKind } from '@euregionet/shared';
import { clustersTable } from '../clusters/clusters.table.js';
import { usersTable } from '../users/users.table.js';

/**
 * What was done to extend, network or internationalise a cluster: the evidence behind the
 * project's indicator "8 clusters extended, networked or internationalised".
 */
export const internationalisationMeasuresTable = pgTable(
  'internationalisation_measures',
  {
    id: uuid().primaryKey().defaultRandom(),
    clusterId: uuid()
      .notNull()
      .references(() => clustersTable.id, { onDelete: 'cascade' }),
    kind: text().$type<InternationalisationMeasureKind>().notNull(),
    date: date({ mode: 'string' }).notNull(),
    description: text().notNull(),
    createdBy: uuid().references(() => usersTable.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('internationalisation_measures_cluster_idx').on(t.clusterId, t.date),
    index('internationalisation_measures_date_idx').on(t.date, t.id),
  ],
);
