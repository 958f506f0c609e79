import {
  assessFundingFit,
  compareFundingFits,
  fundingCallFieldIssues,
  LOCALES,
  regionCountry,
  slugify,
  type ClusterFundingMatches,
  type FollowedClusterList,
  type FundingCall,
  type FundingCallClusterMatches,
  type FundingCallCreateData,
  type FundingCallImportRowData,
  type FundingCallListQuery,
  type FundingCallSummary,
  type FundingCallUpdate,
  type FundingCallUpsertResult,
  type FundingFit,
  type FundingPartnerSuggestion,
  type FundingReminders,
} from '@euregionet/shared';
import { systemClock, todayOn, type Clock } from '../../clock.js';
import type { Db } from '../../db/client.js';
import { AppError, conflict, notFound } from '../../errors.js';
import type { RequestContext } from '../auth/actor.js';
import { assertCanEdit } from '../auth/policy.js';
import { auditedUpdate, diff, recordAudit } from '../audit/audit.repo.js';
import {
  clusterFacts,
  createFundingCallRepo,
  toFundingCall,
  type ClusterFactsRow,
  type FundingCallInsert,
  type MemberRow,
} from './funding-calls.repo.js';

const callNotFound = (id: string) => notFound('FUNDING_CALL_NOT_FOUND', `No funding call with id ${id}`);
const clusterNotFound = (id: string) => notFound('CLUSTER_NOT_FOUND', `No cluster with id ${id}`);

/** The audited view of a call: its fields, not what is derived from them. */
const audited = ({ status: _status, missingTranslations: _missing, ...call }: FundingCall) => call;

/**
 * Who may change a call: staff by the record rule (consultants their own partner's calls), and
 * import scripts (keys with `import:write`) the calls of their key's partner.
 */
export function assertCanEditFundingCall(ctx: RequestContext, record: { partner: FundingCall['partner'] }) {
  const actor = ctx.actor;
  if (actor?.kind === 'apiKey') {
    if (actor.scopes.includes('import:write') && actor.partner === record.partner) return;
    throw new AppError(403, 'FORBIDDEN', `Only keys of ${record.partner} with import:write may change this call`);
  }
  assertCanEdit(ctx, record);
}

function validationFailed(issues: { path: string; code: string; message: string }[]): AppError {
  return new AppError(400, 'VALIDATION_FAILED', 'Some fields are not valid', {
    errors: issues.map((i) => ({ pointer: `/body/${i.path}`, code: i.code, message: i.message })),
  });
}

export interface FundingCallServiceOptions {
  clock?: Clock;
}

const SUGGESTIONS_PER_GAP = 5;

export function summaryOf(call: FundingCall): FundingCallSummary {
  return {
    id: call.id,
    slug: call.slug,
    programme: call.programme,
    programmeName: call.programmeName,
    title: call.title,
    fundingRatePercent: call.fundingRatePercent,
    budgetMinEur: call.budgetMinEur,
    budgetMaxEur: call.budgetMaxEur,
    opensOn: call.opensOn,
    closesOn: call.closesOn,
    url: call.url,
    crossBorderConsortium: call.crossBorderConsortium,
    status: call.status,
    published: call.published,
  };
}

async function availableSlug(tx: Db, base: string): Promise<string> {
  const repo = createFundingCallRepo(tx);
  const root = base.length >= 3 ? base : `call-${base}`.replace(/-$/, '');
  for (let n = 1; n < 100; n++) {
    const candidate = n === 1 ? root : `${root.slice(0, 76)}-${n}`;
    if (!(await repo.slugExists(candidate))) return candidate;
  }
  throw conflict('FUNDING_CALL_SLUG_TAKEN', 'Could not derive a free slug from the title; give one');
}

async function insertCall(tx: Db, ctx: RequestContext, input: FundingCallCreateData, today: string): Promise<FundingCall> {
  assertCanEditFundingCall(ctx, input);
  const repo = createFundingCallRepo(tx);
  const title = LOCALES.map((l) => input.title[l]).find(Boolean) ?? 'call';
  const slug = input.slug ?? (await availableSlug(tx, slugify(title)));
  const id = await repo.insert({ ...input, slug });
  const created = toFundingCall((await repo.get(id))!, today);
  await recordAudit(tx, ctx, { action: 'create', entity: 'funding_call', entityId: id, after: audited(created) });
  return created;
}

/**
 * Creates or updates a call by its natural key (source, externalId), inside the caller's
 * transaction: the import framework calls this for every row. A row equal to the stored call
 * writes nothing and answers `unchanged`; an update keeps the stored slug unless the row names one.
 */
export async function upsertFundingCall(
  tx: Db,
  ctx: RequestContext,
  input: FundingCallImportRowData,
  today: string,
): Promise<FundingCallUpsertResult> {
  const repo = createFundingCallRepo(tx);
  const existing = await repo.getBySource(input.source, input.externalId);
  if (!existing) return { outcome: 'created', call: await insertCall(tx, ctx, input, today) };
  assertCanEditFundingCall(ctx, existing);
  assertCanEditFundingCall(ctx, input);
  const { slug, ...rest } = input;
  const values: Partial<FundingCallInsert> = slug ? { ...rest, slug } : rest;
  const before = toFundingCall(existing, today);
  if (Object.keys(diff(audited(before), audited({ ...before, ...values } as FundingCall))).length === 0) {
    return { outcome: 'unchanged', call: before };
  }
  await repo.update(existing.id, null, values);
  const after = toFundingCall((await repo.get(existing.id))!, today);
  await recordAudit(tx, ctx, {
    action: 'update',
    entity: 'funding_call',
    entityId: existing.id,
    before: audited(before),
    after: audited(after),
  });
  return { outcome: 'updated', call: after };
}

/** The funding-call catalogue, matching and reminders. Knows nothing of HTTP. */
export function createFundingCallService(db: Db, options: FundingCallServiceOptions = {}) {
  const repo = createFundingCallRepo(db);
  const today = todayOn(options.clock ?? systemClock);

  async function membersByCluster(ids: string[]): Promise<Map<string, MemberRow[]>> {
    const byCluster = new Map<string, MemberRow[]>(ids.map((id) => [id, []]));
    for (const m of await repo.members(ids)) byCluster.get(m.clusterId)?.push(m);
    return byCluster;
  }

  /** Fills the suggestions of every `partner_country` gap; one query per distinct gap. */
  async function suggest(cluster: ClusterFactsRow, items: { call: FundingCall; fit: FundingFit }[]) {
    const cache = new Map<string, Promise<FundingPartnerSuggestion[]>>();
    for (const { call, fit } of items) {
      for (const gap of fit.missing) {
        if (gap.code !== 'partner_country') continue;
        const country = gap.values[0] as 'DE' | 'PL';
        const regions = call.regions.filter((r) => regionCountry(r) === country);
        if (call.regions.length && !regions.length) continue;
        const key = JSON.stringify([country, call.applicantTypes, regions]);
        if (!cache.has(key)) {
          cache.set(
            key,
            repo.partnerSuggestions({
              clusterId: cluster.id,
              country,
              types: call.applicantTypes,
              regions,
              sectors: cluster.sectors,
              ris3Areas: cluster.ris3Areas,
              limit: SUGGESTIONS_PER_GAP,
            }),
          );
        }
        gap.suggestions = await cache.get(key)!;
      }
    }
  }

  const byTitle = (a: FundingCall, b: FundingCall) =>
    (a.title.en ?? a.title.de ?? a.title.pl ?? '').localeCompare(b.title.en ?? b.title.de ?? b.title.pl ?? '');

  return {
    list(query: FundingCallListQuery) {
      return repo.list(query, today());
    },

    async get(id: string): Promise<FundingCall> {
      const row = await repo.get(id);
      if (!row) throw callNotFound(id);
      return toFundingCall(row, today());
    },

    create(ctx: RequestContext, input: FundingCallCreateData): Promise<FundingCall> {
      return db.transaction((tx) => insertCall(tx, ctx, input, today()));
    },

    upsertBySource(ctx: RequestContext, input: FundingCallImportRowData): Promise<FundingCallUpsertResult> {
      return db.transaction((tx) => upsertFundingCall(tx, ctx, input, today()));
    },

    async update(ctx: RequestContext, id: string, expectedVersion: number, patch: FundingCallUpdate): Promise<FundingCall> {
      return db.transaction(async (tx) => {
        const calls = createFundingCallRepo(tx);
        const row = await calls.get(id);
        if (!row) throw callNotFound(id);
        assertCanEditFundingCall(ctx, row);
        if (patch.partner) assertCanEditFundingCall(ctx, { partner: patch.partner });
        const issues = fundingCallFieldIssues({ ...row, ...patch });
        if (issues.length) throw validationFailed(issues);
        return auditedUpdate(tx, ctx, {
          entity: 'funding_call',
          what: 'call',
          id,
          before: toFundingCall(row, today()),
          write: () => calls.update(id, expectedVersion, patch),
          read: async () => toFundingCall((await calls.get(id))!, today()),
          audited,
        });
      });
    },

    async remove(ctx: RequestContext, id: string): Promise<void> {
      await db.transaction(async (tx) => {
        const calls = createFundingCallRepo(tx);
        const row = await calls.get(id);
        if (!row) throw callNotFound(id);
        assertCanEditFundingCall(ctx, row);
        await calls.delete(id);
        await recordAudit(tx, ctx, {
          action: 'delete',
          entity: 'funding_call',
          entityId: id,
          before: audited(toFundingCall(row, today())),
        });
      });
    },

    /** The open calls a cluster may apply for, best first, with reasons and what is missing. */
    async matchesForCluster(clusterId: string, opts: { all?: boolean | undefined } = {}): Promise<ClusterFundingMatches> {
      const day = today();
      const [cluster] = await repo.clusters([clusterId]);
      if (!cluster) throw clusterNotFound(clusterId);
      const facts = clusterFacts(cluster, (await membersByCluster([clusterId])).get(clusterId)!);
      const items = (await repo.open(day))
        .map((row) => {
          const call = toFundingCall(row, day);
          return { call, fit: assessFundingFit(call, facts, day) };
        })
        .filter((i) => opts.all || i.fit.eligible)
        .sort((a, b) => compareFundingFits(a.fit, b.fit) || byTitle(a.call, b.call));
      await suggest(cluster, items);
      return { clusterId, today: day, items: items.map((i) => ({ call: summaryOf(i.call), fit: i.fit })) };
    },

    /** The clusters a call fits, best first. */
    async clustersForCall(callId: string, opts: { all?: boolean | undefined } = {}): Promise<FundingCallClusterMatches> {
      const day = today();
      const row = await repo.get(callId);
      if (!row) throw callNotFound(callId);
      const call = toFundingCall(row, day);
      const clusters = await repo.clusters();
      const members = await membersByCluster(clusters.map((c) => c.id));
      const items = clusters
        .map((c) => ({ c, fit: assessFundingFit(call, clusterFacts(c, members.get(c.id)!), day) }))
        .filter((i) => opts.all || i.fit.eligible)
        .sort((a, b) => compareFundingFits(a.fit, b.fit));
      return {
        callId,
        today: day,
        items: items.map(({ c, fit }) => ({
          cluster: { id: c.id, name: c.name, partner: c.partner, countries: c.countries, crossBorder: c.crossBorder },
          fit,
        })),
      };
    },

    /** Open calls closing within `days` that fit clusters the user follows, soonest first. */
    async reminders(ctx: RequestContext, days: number): Promise<FundingReminders> {
      const day = today();
      const userId = ctx.actor?.kind === 'user' ? ctx.actor.id : null;
      const followed = userId ? await repo.followed(userId) : [];
      const clusters = await repo.clusters(followed.map((f) => f.clusterId));
      const members = await membersByCluster(clusters.map((c) => c.id));
      const items: FundingReminders['items'] = [];
      if (clusters.length) {
        for (const row of await repo.closingWithin(day, days)) {
          const call = toFundingCall(row, day);
          const fitting = clusters
            .map((c) => ({ c, fit: assessFundingFit(call, clusterFacts(c, members.get(c.id)!), day) }))
            .filter((i) => i.fit.eligible)
            .sort((a, b) => compareFundingFits(a.fit, b.fit));
          if (!fitting.length) continue;
          items.push({
            call: summaryOf(call),
            daysLeft: fitting[0]!.fit.daysLeft ?? 0,
            clusters: fitting.map(({ c, fit }) => ({ id: c.id, name: c.name, score: fit.score, complete: fit.complete })),
          });
        }
      }
      return { today: day, days, items };
    },

    // ---- following clusters

    async followed(ctx: RequestContext): Promise<FollowedClusterList> {
      const userId = ctx.actor?.kind === 'user' ? ctx.actor.id : null;
      return { items: userId ? await repo.followed(userId) : [] };
    },

    /** Answers whether the cluster was not followed before. */
    async follow(ctx: RequestContext, clusterId: string): Promise<boolean> {
      const userId = staffId(ctx);
      return db.transaction(async (tx) => {
        const calls = createFundingCallRepo(tx);
        if (!(await calls.clusters([clusterId])).length) throw clusterNotFound(clusterId);
        const added = await calls.follow(userId, clusterId);
        if (added)
          await recordAudit(tx, ctx, { action: 'create', entity: 'cluster_follow', entityId: clusterId, after: { userId, clusterId } });
        return added;
      });
    },

    async unfollow(ctx: RequestContext, clusterId: string): Promise<void> {
      const userId = staffId(ctx);
      await db.transaction(async (tx) => {
        const removed = await createFundingCallRepo(tx).unfollow(userId, clusterId);
        if (removed)
          await recordAudit(tx, ctx, { action: 'delete', entity: 'cluster_follow', entityId: clusterId, before: { userId, clusterId } });
      });
    },
  };
}
export type FundingCallService = ReturnType<typeof createFundingCallService>;

function staffId(ctx: RequestContext): string {
  if (ctx.actor?.kind !== 'user') throw new AppError(403, 'FORBIDDEN', 'Only staff members follow clusters');
  return ctx.actor.id;
}
