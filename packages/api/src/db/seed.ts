import { sql } from 'drizzle-orm';
import { commercialRegisterKey, countriesOfRegions } from '@euregionet/shared';
import { clustersTable } from '../modules/clusters/clusters.table.js';
import { membershipsTable, organisationsTable } from '../modules/organisations/organisations.table.js';
import type { Db } from './client.js';
import { DEMO_CLUSTERS, DEMO_ORGANISATION_DETAILS, DEMO_ORGANISATIONS } from './demo-data.js';
import { loadDemoReporting } from './demo-reporting.js';
import { dialogueEventsTable } from '../modules/dialogue-events/dialogue-events.table.js';
import { fundingCallsTable } from '../modules/funding-calls/funding-calls.table.js';
import { matchesTable } from '../modules/matchmaking/matchmaking.table.js';

/** Loads the demo directory in one transaction: all of it or nothing. */
export async function loadDemoData(
  db: Db,
): Promise<{ clusters: number; organisations: number; fundingCalls: number; events: number; measures: number }> {
  return db.transaction(async (tx) => {
    const orgIds = new Map<string, string>();
    const clusterIds = new Map<string, string>();
    for (const { key, ...org } of DEMO_ORGANISATIONS) {
      const { commercialRegister, ...details } = DEMO_ORGANISATION_DETAILS[key] ?? {};
      const register = commercialRegister
        ? {
            registerCourt: commercialRegister.court,
            registerNumber: commercialRegister.number,
            registerKey: commercialRegisterKey(commercialRegister.court, commercialRegister.number),
          }
        : {};
      const [row] = await tx
        .insert(organisationsTable)
        .values({ ...org, published: true, ...details, ...register })
        .returning({ id: organisationsTable.id });
      orgIds.set(key, row!.id);
    }
    for (const { members, ...cluster } of DEMO_CLUSTERS) {
      const countries = countriesOfRegions(cluster.regions);
      const [row] = await tx
        .insert(clustersTable)
        .values({ ...cluster, countries })
        .returning({ id: clustersTable.id });
      clusterIds.set(cluster.slug, row!.id);
      await tx.insert(membershipsTable).values(
        members.map(([key, role]) => {
          const organisationId = orgIds.get(key);
          if (!organisationId) throw new Error(`demo data: unknown organisation ${key}`);
          return { clusterId: row!.id, organisationId, role };
        }),
      );
    }
    const reporting = await loadDemoReporting(tx, { clusterIds, organisationIds: orgIds });
    return { clusters: DEMO_CLUSTERS.length, organisations: DEMO_ORGANISATIONS.length, ...reporting };
  });
}

export async function isDirectoryEmpty(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(clustersTable);
  return (row?.n ?? 0) === 0;
}

/**
 * Removes the directory (clusters, organisations, memberships and their cooperation profiles,
 * matches between them, funding calls, dialogue events) and loads the demo again.
 */
export async function resetDemoData(db: Db) {
  await db.execute(
    sql`TRUNCATE ${membershipsTable}, ${clustersTable}, ${organisationsTable}, ${fundingCallsTable}, ${dialogueEventsTable}, ${matchesTable} CASCADE`,
  );
  return loadDemoData(db);
}
