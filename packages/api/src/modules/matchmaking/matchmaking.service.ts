import {
  canMoveMatch,
  compareCandidates,
  COUNTRIES,
  DEFAULT_MATCH_WEIGHTS,
  isRelevantMatch,
  matchExclusion,
  passesCandidateFilters,
  scoreBoundWithoutTopics,
  scoreMatch,
  type CandidateFilters,
  type CandidateList,
  type CandidateQuery,
  type Match,
  type MatchCounts,
  type MatchCountsQuery,
  type MatchCreateData,
  type MatchListQuery,
  type MatchPage,
  type MatchScore,
  type MatchTransition,
  type MatchUpdate,
  type MatchWeights,
  type MatchWeightsRecord,
  type PartyKind,
  type PartyRef,
  type Profile,
  type ProfileCreateData,
  type ProfileListQuery,
  type ProfilePage,
  type ProfileUpdate,
} from '@euregionet/shared';
import { systemClock, todayOn, type Clock } from '../../clock.js';
import type { Db } from '../../db/client.js';
import { AppError, changedMeanwhile, notFound } from '../../errors.js';
import type { RequestContext } from '../auth/actor.js';
import { assertCanEdit } from '../auth/policy.js';
import { auditedUpdate, recordAudit } from '../audit/audit.repo.js';
import type { MatchFigureSource } from '../indicators/match-figures.js';
import { createCandidateRepo, type CandidateBound, type CandidateTier } from './candidates.repo.js';
import { createMatchRepo, STAGE_COLUMNS, toMatch } from './matches.repo.js';
import { createPartyRepo, type PartyFacts } from './parties.repo.js';
import { createProfileRepo, toProfile } from './profiles.repo.js';
import { createWeightsRepo } from './weights.repo.js';

/** Candidates whose facts are read in the first batch (doubling after): often enough to settle the ranking. */
const BATCH = 100;
/** What the last place is guessed to reach before one is known (see the candidate search). */
const GUESSED_FLOOR = 70;
/** Bounds read per query; more (by keyset) only when all of them could beat the last place. */
const BOUNDS = 5000;

const profileNotFound = (id: string) => notFound('PROFILE_NOT_FOUND', `No cooperation profile with id ${id}`);
const matchNotFound = (id: string) => notFound('MATCH_NOT_FOUND', `No match with id ${id}`);
const partyNotFound = (id: string) => notFound('MATCH_PARTY_NOT_FOUND', `No organisation, cluster or profile with id ${id}`);

/** The audited view of a profile: its fields, not what is derived from them. */
const auditedProfile = ({ expired: _expired, ownerName: _name, ownerCountries: _countries, ...p }: Profile) => p;
const auditedMatch = ({ parties, steps: _steps, ...m }: Match) => ({ ...m, parties: parties.map((p) => ({ kind: p.kind, id: p.id })) });

export interface MatchmakingServiceOptions {
  clock?: Clock;
}

/** Profiles, weights, the candidate search and matches. Knows nothing of HTTP. */
export function createMatchmakingService(db: Db, options: MatchmakingServiceOptions = {}) {
  const clock = options.clock ?? systemClock;
  const today = todayOn(clock);
  const parties = createPartyRepo(db);
  const candidates = createCandidateRepo(db);
  const weightRow = createWeightsRepo(db);
  const profiles = createProfileRepo(db);
  const matches = createMatchRepo(db);

  async function weightsRecord(): Promise<MatchWeightsRecord> {
    const row = await weightRow.get();
    if (!row) return { weights: DEFAULT_MATCH_WEIGHTS, version: 0, updatedAt: new Date(0).toISOString() };
    return { weights: row.weights, version: row.version, updatedAt: row.updatedAt.toISOString() };
  }

  async function profileById(tx: Db, id: string): Promise<Profile> {
    const row = await createProfileRepo(tx).get(id);
    if (!row) throw profileNotFound(id);
    return toProfile(row, today());
  }

  async function assertOwnerExists(tx: Db, kind: 'organisation' | 'cluster', id: string) {
    if (!(await createPartyRepo(tx).party(id, today(), kind))) {
      throw new AppError(400, 'VALIDATION_FAILED', 'The owner does not exist', {
        errors: [{ pointer: '/body/ownerId', code: 'owner_not_found', message: `No ${kind} with id ${id}` }],
      });
    }
  }

  async function matchesWithParties(tx: Db, rows: Awaited<ReturnType<ReturnType<typeof createMatchRepo>['get']>>[]): Promise<Match[]> {
    const list = rows.filter((r) => r !== null);
    const steps = await createMatchRepo(tx).steps(list.map((r) => r.id));
    const refs = list.flatMap((r) => [
      { kind: r.partyAKind, id: r.partyAId },
      { kind: r.partyBKind, id: r.partyBId },
    ]);
    const found = await createPartyRepo(tx).parties(refs, today());
    return list.map((r) =>
      toMatch(
        r,
        steps.filter((s) => s.matchId === r.id),
        found,
      ),
    );
  }

  async function matchById(tx: Db, id: string): Promise<Match> {
    const row = await createMatchRepo(tx).get(id);
    if (!row) throw matchNotFound(id);
    return (await matchesWithParties(tx, [row]))[0]!;
  }

  const userOf = (ctx: RequestContext) =>
    ctx.actor?.kind === 'user' ? { id: ctx.actor.id, name: ctx.actor.name } : { id: null, name: ctx.actor?.name ?? 'system' };

  return {
    // ---- weights

    weights: weightsRecord,

    async setWeights(ctx: RequestContext, expectedVersion: number, weights: MatchWeights): Promise<MatchWeightsRecord> {
      return db.transaction(async (tx) => {
        const repo = createWeightsRepo(tx);
        const before = await repo.get();
        if (!before) throw new AppError(503, 'SERVICE_UNAVAILABLE', 'The weights are not set up; run the migrations');
        if (!(await repo.set(weights, expectedVersion, userOf(ctx).id))) throw changedMeanwhile('weights', before.version);
        await recordAudit(tx, ctx, { action: 'update', entity: 'match_weights', entityId: null, before: before.weights, after: weights });
        const after = (await repo.get())!;
        return { weights: after.weights, version: after.version, updatedAt: after.updatedAt.toISOString() };
      });
    },

    // ---- candidates

    /**
     * The best partners for an organisation, cluster or profile. The database narrows the
     * candidates in tiers (a shared NACE division, area or term first; a shared section next);
     * every candidate is scored by `scoreMatch`, and the search stops once the last place scores
     * above what any candidate of the next tiers could reach. So the answer is the one a scan of
     * every row with the same function gives.
     */
    async candidates(query: CandidateQuery): Promise<CandidateList> {
      const day = today();
      const { weights, version } = await weightsRecord();
      const subject = await parties.party(query.for, day);
      if (!subject) throw partyNotFound(query.for);
      const filters: CandidateFilters = {
        kind: query.kind,
        country: query.country,
        type: query.type,
        sector: query.sector,
        minScore: query.minScore,
        excludeSameCluster: query.excludeSameCluster,
      };
      const seen = new Set<string>();
      const ranked: { facts: PartyFacts; score: MatchScore }[] = [];
      // Profiles and clusters first: they are fewer, and their best raise the bar the organisations must pass.
      const kinds = (['profile', 'cluster', 'organisation'] as const).filter((k) => !filters.kind?.length || filters.kind.includes(k));
      const lastPlace = () => ranked[query.limit - 1]?.score.raw ?? -Infinity;
      // Below this bound nothing can be listed: not above the last place, nor reach the minimum score.
      const floor = () => Math.max(lastPlace(), filters.minScore === undefined ? -Infinity : filters.minScore - 0.5) - 1e-6;
      const tiers: [CandidateTier, number][] = [
        ['topical', scoreBoundWithoutTopics(weights, true)],
        ['section', -Infinity],
      ];
      // Whether a candidate with this bound could still be listed. The bound is never below the
      // score (same arithmetic), so one that only ties the last place must come before it by kind and id.
      const mayEnter = (kind: PartyKind, b: { bound: number; id: string }) => {
        if (filters.minScore !== undefined && b.bound < filters.minScore - 0.5 - 1e-6) return false;
        const last = ranked[query.limit - 1];
        if (!last) return true;
        return (
          b.bound > last.score.raw ||
          (b.bound === last.score.raw && compareCandidates({ raw: 0, kind, id: b.id }, { raw: 0, ...last.facts.party }) < 0)
        );
      };
      const consider = (facts: PartyFacts) => {
        const key = `${facts.party.kind}:${facts.party.id}`;
        if (seen.has(key)) return;
        seen.add(key);
        if (matchExclusion(subject.party, facts.party, filters) || !passesCandidateFilters(facts.party, filters)) return;
        const score = scoreMatch(subject.party, facts.party, weights);
        if (!isRelevantMatch(score)) return;
        if (filters.minScore !== undefined && score.score < filters.minScore) return;
        ranked.push({ facts, score });
      };
      for (const [tier, tierBound] of tiers) {
        for (const kind of kinds) {
          let after: CandidateBound | null = null;
          // Before any last place is known, first only the candidates bounded above a guess: cheap
          // (few meet what that takes), and enough when the last place they give is above it.
          let guess = ranked.length < query.limit && GUESSED_FLOOR > floor() ? GUESSED_FLOOR : null;
          for (;;) {
            // Every bound of the kind and tier at once, computed with the bar as high as it is now.
            const bounds = await candidates.bounds({
              subject: subject.party,
              tier,
              kind,
              filters,
              weights,
              today: day,
              after,
              size: BOUNDS,
              floor: guess ?? floor(),
            });
            let i = 0;
            let size = BATCH;
            while (i < bounds.length && mayEnter(kind, bounds[i]!)) {
              const ids: string[] = [];
              for (; i < bounds.length && ids.length < size && mayEnter(kind, bounds[i]!); i++) {
                if (!seen.has(`${kind}:${bounds[i]!.id}`)) ids.push(bounds[i]!.id);
              }
              for (const facts of await parties.candidateFacts(kind, ids, day)) consider(facts);
              ranked.sort((a, b) => compareCandidates({ raw: a.score.raw, ...a.facts.party }, { raw: b.score.raw, ...b.facts.party }));
              ranked.length = Math.min(ranked.length, query.limit);
              // Many candidates above the bar: read more at a time.
              size *= 2;
            }
            if (guess !== null) {
              // Every candidate left out is bounded below the guess: settled if the last place is above it.
              const settled = bounds.length < BOUNDS && ranked.length >= query.limit && lastPlace() > guess + 1e-6;
              guess = null;
              if (settled) break;
              continue;
            }
            // More only when the whole of a full list could still beat the last place.
            if (bounds.length < BOUNDS || i < bounds.length) break;
            after = bounds.at(-1)!;
          }
        }
        // What the next tiers hold scores at most `tierBound`.
        if (tierBound < floor()) break;
      }
      return {
        subject: subject.summary,
        weights,
        weightsVersion: version,
        items: ranked
          .slice(0, query.limit)
          .map(({ facts, score }) => ({ party: facts.summary, score: score.score, components: score.components })),
      };
    },

    /**
     * The score of one party against each of a few others (e.g. the participants of an event),
     * with the current weights; a party that does not exist, is not available or scores nothing
     * relevant is left out. Keys are `kind:id`.
     */
    async scoresAgainst(subjectRef: PartyRef, others: readonly PartyRef[]): Promise<Map<string, number>> {
      const { weights } = await weightsRecord();
      const found = await parties.parties([subjectRef, ...others], today());
      const subject = found.get(`${subjectRef.kind}:${subjectRef.id}`);
      const scores = new Map<string, number>();
      if (!subject?.party.available) return scores;
      for (const ref of others) {
        const other = found.get(`${ref.kind}:${ref.id}`);
        if (!other?.party.available || other.party.ownerKey === subject.party.ownerKey) continue;
        const score = scoreMatch(subject.party, other.party, weights);
        if (isRelevantMatch(score)) scores.set(`${ref.kind}:${ref.id}`, score.score);
      }
      return scores;
    },

    // ---- profiles

    async listProfiles(query: ProfileListQuery): Promise<ProfilePage> {
      const day = today();
      const page = await profiles.list(query, day);
      return { items: page.items.map((r) => toProfile(r, day)), nextCursor: page.nextCursor };
    },

    getProfile: (id: string) => profileById(db, id),

    createProfile(ctx: RequestContext, input: ProfileCreateData): Promise<Profile> {
      return db.transaction(async (tx) => {
        assertCanEdit(ctx, input);
        await assertOwnerExists(tx, input.ownerKind, input.ownerId);
        const { ownerKind, ownerId, ...rest } = input;
        const id = await createProfileRepo(tx).insert({
          ...rest,
          organisationId: ownerKind === 'organisation' ? ownerId : null,
          clusterId: ownerKind === 'cluster' ? ownerId : null,
        });
        const created = await profileById(tx, id);
        await recordAudit(tx, ctx, { action: 'create', entity: 'cooperation_profile', entityId: id, after: auditedProfile(created) });
        return created;
      });
    },

    updateProfile(ctx: RequestContext, id: string, expectedVersion: number, patch: ProfileUpdate): Promise<Profile> {
      return db.transaction(async (tx) => {
        const before = await profileById(tx, id);
        assertCanEdit(ctx, before);
        if (patch.partner) assertCanEdit(ctx, { partner: patch.partner });
        return auditedUpdate(tx, ctx, {
          entity: 'cooperation_profile',
          what: 'profile',
          id,
          before,
          write: () => createProfileRepo(tx).update(id, expectedVersion, patch),
          read: () => profileById(tx, id),
          audited: auditedProfile,
        });
      });
    },

    async deleteProfile(ctx: RequestContext, id: string): Promise<void> {
      await db.transaction(async (tx) => {
        const before = await profileById(tx, id);
        assertCanEdit(ctx, before);
        await createProfileRepo(tx).delete(id);
        await recordAudit(tx, ctx, { action: 'delete', entity: 'cooperation_profile', entityId: id, before: auditedProfile(before) });
      });
    },

    // ---- matches

    async listMatches(query: MatchListQuery): Promise<MatchPage> {
      const page = await matches.list(query);
      return { items: await matchesWithParties(db, page.items), nextCursor: page.nextCursor };
    },

    getMatch: (id: string) => matchById(db, id),

    counts(query: MatchCountsQuery): Promise<MatchCounts> {
      return matches.counts({ from: query.from ?? null, to: query.to ?? null });
    },

    proposeMatch(ctx: RequestContext, input: MatchCreateData): Promise<Match> {
      return db.transaction(async (tx) => {
        const [a, b] = input.parties;
        if (a.id === b.id) throw new AppError(422, 'MATCH_SAME_PARTY', 'A match needs two different parties');
        const found = await createPartyRepo(tx).parties(input.parties, today());
        const pa = found.get(`${a.kind}:${a.id}`);
        const pb = found.get(`${b.kind}:${b.id}`);
        if (!pa) throw partyNotFound(a.id);
        if (!pb) throw partyNotFound(b.id);
        if (pa.party.ownerKey === pb.party.ownerKey)
          throw new AppError(422, 'MATCH_SAME_PARTY', 'Both parties belong to the same organisation or cluster');
        const partner = input.partner ?? ctx.actor?.partner ?? 'BIC';
        assertCanEdit(ctx, { partner });
        const crossBorder = COUNTRIES.some((c) => pa.party.countries.includes(c) !== pb.party.countries.includes(c));
        const user = userOf(ctx);
        const repo = createMatchRepo(tx);
        const now = clock.now();
        const id = await repo.insert({
          partyAKind: a.kind,
          partyAId: a.id,
          partyBKind: b.kind,
          partyBId: b.id,
          note: input.note,
          score: input.score,
          crossBorder: crossBorder && pa.party.countries.length > 0 && pb.party.countries.length > 0,
          partner,
          proposedAt: now,
        });
        await repo.addStep({ matchId: id, stage: 'proposed', at: now, userId: user.id, userName: user.name });
        const created = await matchById(tx, id);
        await recordAudit(tx, ctx, { action: 'create', entity: 'match', entityId: id, after: auditedMatch(created) });
        return created;
      });
    },

    moveMatch(ctx: RequestContext, id: string, expectedVersion: number, move: MatchTransition): Promise<Match> {
      return db.transaction(async (tx) => {
        const repo = createMatchRepo(tx);
        const row = await repo.get(id);
        if (!row) throw matchNotFound(id);
        assertCanEdit(ctx, row);
        if (!canMoveMatch(row.stage, move.to)) {
          throw new AppError(409, 'INVALID_TRANSITION', `A match cannot move from ${row.stage} to ${move.to}`);
        }
        const before = await matchById(tx, id);
        const now = clock.now();
        const values = {
          stage: move.to,
          [STAGE_COLUMNS[move.to]]: now,
          ...(move.to === 'declined' ? { declineReason: move.reason ?? null } : {}),
        };
        if (!(await repo.update(id, expectedVersion, values))) throw changedMeanwhile('match', row.version);
        const user = userOf(ctx);
        await repo.addStep({ matchId: id, stage: move.to, at: now, userId: user.id, userName: user.name, reason: move.reason ?? null });
        const after = await matchById(tx, id);
        await recordAudit(tx, ctx, {
          action: 'update',
          entity: 'match',
          entityId: id,
          before: auditedMatch(before),
          after: auditedMatch(after),
        });
        return after;
      });
    },

    updateMatch(ctx: RequestContext, id: string, expectedVersion: number, patch: MatchUpdate): Promise<Match> {
      return db.transaction(async (tx) => {
        const repo = createMatchRepo(tx);
        const row = await repo.get(id);
        if (!row) throw matchNotFound(id);
        assertCanEdit(ctx, row);
        if (patch.outcomes?.length && row.stage !== 'agreed') {
          throw new AppError(409, 'MATCH_OUTCOME_NOT_AGREED', 'Outcomes are recorded once the cooperation is agreed');
        }
        const before = await matchById(tx, id);
        if (!(await repo.update(id, expectedVersion, patch))) throw changedMeanwhile('match', row.version);
        const after = await matchById(tx, id);
        await recordAudit(tx, ctx, {
          action: 'update',
          entity: 'match',
          entityId: id,
          before: auditedMatch(before),
          after: auditedMatch(after),
        });
        return after;
      });
    },
  };
}
export type MatchmakingService = ReturnType<typeof createMatchmakingService>;

/** The dashboard's matchmaking figures, from the matches recorded here. */
export const matchmakingFigures: MatchFigureSource = {
  async figures(db, period) {
    const { byStage: _byStage, ...figures } = await createMatchRepo(db).counts(period);
    return figures;
  },
};
