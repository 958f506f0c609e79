import { sql } from 'drizzle-orm';
import {
  ClusterCreateSchema,
  ClusterListQuerySchema,
  DialogueEventCreateSchema,
  FundingCallCreateSchema,
  InternationalisationMeasureCreateSchema,
  localDay,
  OrganisationCreateSchema,
} from '@euregionet/shared';
import { systemClock, type Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { SYSTEM_CONTEXT } from '../modules/auth/actor.js';
import { createBrandService } from '../modules/brand/brand.service.js';
import { createClusterService } from '../modules/clusters/clusters.service.js';
import { createDialogueEventService } from '../modules/dialogue-events/dialogue-events.service.js';
import { createFundingCallService } from '../modules/funding-calls/funding-calls.service.js';
import { createIndicatorService } from '../modules/indicators/indicators.service.js';
import { createOrganisationService } from '../modules/organisations/organisations.service.js';
import { DEMO_CLUSTERS, DEMO_ORGANISATION_DETAILS, DEMO_ORGANISATIONS } from './directory-data.js';
import { shiftDay } from './days.js';
import { DEMO_EVENTS, DEMO_FUNDING_CALLS, DEMO_MEASURES } from './reporting-data.js';
import { loadDemoWorkflows, type DemoWorkflowCounts } from './workflows.js';

/** The demo's clusters and organisations by their demo keys (cluster slug, organisation key). */
export interface DemoRefs {
  clusterIds: Map<string, string>;
  organisationIds: Map<string, string>;
}

export interface DemoDirectoryCounts {
  clusters: number;
  organisations: number;
  fundingCalls: number;
  events: number;
  measures: number;
}

/**
 * How long a test may give the demo to load: every record goes through its service (checks,
 * audit), a few seconds on a quiet machine, more when many test files run at once.
 */
export const DEMO_LOAD_TIMEOUT = 300_000;

export interface DemoOptions {
  /** Demo dates are relative to this clock's day (tests stand at a fixed instant). */
  clock?: Clock;
}

export interface DemoDataOptions extends DemoOptions {
  /** Who the workflows are assigned to (`admin`), how consulting deadlines are counted, sessions. */
  config: Pick<Config, 'admin' | 'consulting' | 'session'>;
}

/**
 * The directory part of the demo (clusters, organisations, memberships, funding calls, the
 * cluster dialogue of the project years and internationalisation measures), built through the
 * modules' services inside the caller's transaction: the services derive what they own (slugs,
 * countries from regions, register keys) as they do for staff.
 */
async function loadDirectory(tx: Db, clock: Clock): Promise<{ refs: DemoRefs; counts: DemoDirectoryCounts }> {
  const organisations = createOrganisationService(tx);
  const clusters = createClusterService(tx, { clock });
  const calls = createFundingCallService(tx, { clock });
  const events = createDialogueEventService(tx);
  const indicators = createIndicatorService(tx, { clock });
  const brand = createBrandService(tx, { clock });
  const ctx = SYSTEM_CONTEXT;

  const organisationIds = new Map<string, string>();
  for (const { key, ...org } of DEMO_ORGANISATIONS) {
    const input = OrganisationCreateSchema.parse({ ...org, published: true, ...DEMO_ORGANISATION_DETAILS[key] });
    // Distinct by construction: two demo organisations may share a city and a similar name.
    const created = await organisations.create(ctx, input, { confirmDistinct: true });
    organisationIds.set(key, created.id);
  }
  const organisation = (key: string) => {
    const id = organisationIds.get(key);
    if (!id) throw new Error(`demo data: unknown organisation ${key}`);
    return id;
  };

  const clusterIds = new Map<string, string>();
  for (const { members, brand: holdsBrand, ...cluster } of DEMO_CLUSTERS) {
    const created = await clusters.create(ctx, ClusterCreateSchema.parse(cluster));
    clusterIds.set(cluster.slug, created.id);
    for (const [key, role] of members) {
      await organisations.putMembership(ctx, created.id, organisation(key), { role, since: null });
    }
    // The brand is an award: the demo's brand clusters hold one from before the criteria.
    if (holdsBrand) await brand.awardPredating(ctx, created.id, 'Demo: carried the brand before the criteria existed');
  }
  const cluster = (slug: string) => {
    const id = clusterIds.get(slug);
    if (!id) throw new Error(`demo data: unknown cluster ${slug}`);
    return id;
  };

  const today = localDay(clock.now());
  for (const { opensIn, closesIn, ...call } of DEMO_FUNDING_CALLS) {
    const input = FundingCallCreateSchema.parse({
      ...call,
      opensOn: opensIn === null ? null : shiftDay(today, opensIn),
      closesOn: closesIn === null ? null : shiftDay(today, closesIn),
    });
    await calls.create(ctx, input);
  }
  for (const { clusters: slugs, organisations: keys, ...event } of DEMO_EVENTS) {
    // Events of the project years took place and were written up.
    const input = DialogueEventCreateSchema.parse({
      ...event,
      status: 'documented',
      clusterIds: slugs.map(cluster),
      organisationIds: keys.map(organisation),
    });
    await events.create(ctx, input);
  }
  for (const { cluster: slug, ...measure } of DEMO_MEASURES) {
    await indicators.createMeasure(ctx, InternationalisationMeasureCreateSchema.parse({ ...measure, clusterId: cluster(slug) }));
  }
  return {
    refs: { clusterIds, organisationIds },
    counts: {
      clusters: DEMO_CLUSTERS.length,
      organisations: DEMO_ORGANISATIONS.length,
      fundingCalls: DEMO_FUNDING_CALLS.length,
      events: DEMO_EVENTS.length,
      measures: DEMO_MEASURES.length,
    },
  };
}

/**
 * Only the demo directory, in one transaction: what tests of the directory, the search and the
 * indicators count on, without the workflows that would change their figures.
 */
export async function loadDemoDirectory(db: Db, options: DemoOptions = {}): Promise<DemoDirectoryCounts> {
  return db.transaction(async (tx) => (await loadDirectory(tx, options.clock ?? systemClock)).counts);
}

/**
 * The whole demo in one transaction, all of it or nothing: the directory, and the product at
 * work on it (evaluations, consulting requests, cooperation profiles and matches, events to come).
 */
export async function loadDemoData(db: Db, options: DemoDataOptions): Promise<DemoDirectoryCounts & DemoWorkflowCounts> {
  const clock = options.clock ?? systemClock;
  return db.transaction(async (tx) => {
    const { refs, counts } = await loadDirectory(tx, clock);
    return { ...counts, ...(await loadDemoWorkflows(tx, refs, { clock, config: options.config })) };
  });
}

/** No cluster in the directory (deleted ones count too: an emptied directory is not a new one). */
export async function isDirectoryEmpty(db: Db): Promise<boolean> {
  const query = ClusterListQuerySchema.parse({ limit: '1', deleted: 'true' });
  const clusters = createClusterService(db);
  const [live, deleted] = await Promise.all([
    clusters.list(SYSTEM_CONTEXT, { ...query, deleted: false }, 'en'),
    clusters.list(SYSTEM_CONTEXT, query, 'en'),
  ]);
  return live.items.length === 0 && deleted.items.length === 0;
}

/**
 * Removes the directory and everything that hangs on it, and loads the demo again, in one
 * transaction. No service deletes for good (records are soft-deleted and audited), so this is
 * the one place that empties tables: by name, with CASCADE following the foreign keys to what
 * refers to them (memberships, measures, follows, match steps); consulting requests go with their
 * timelines and e-mails.
 * Staff accounts and the audit trail stay; the demo's staff are found again by their e-mail.
 */
export async function resetDemoData(db: Db, options: DemoDataOptions) {
  return db.transaction(async (tx) => {
    // The requests' e-mails go with them, other e-mails stay (a TRUNCATE would take the whole outbox).
    await tx.execute(sql`DELETE FROM outbox_messages WHERE source_type = 'consulting_request'`);
    await tx.execute(sql`DELETE FROM consulting_requests`);
    await tx.execute(
      sql`TRUNCATE clusters, organisations, funding_calls, dialogue_events, matches, cooperation_profiles, evaluations CASCADE`,
    );
    const clock = options.clock ?? systemClock;
    const { refs, counts } = await loadDirectory(tx, clock);
    return { ...counts, ...(await loadDemoWorkflows(tx, refs, { clock, config: options.config })) };
  });
}
