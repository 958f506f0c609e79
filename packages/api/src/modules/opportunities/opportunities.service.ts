import {
  localDay,
  type ConsultingRequestReceipt,
  type InterestMatch,
  type Locale,
  type Match,
  type OpportunityInterestSchema,
  type PublicOpportunity,
  type PublicOpportunityListQuery,
  type PublicOpportunityPage,
} from '@euregionet/shared';
import type { z } from 'zod';
import { systemClock, type Clock } from '../../clock.js';
import type { Db } from '../../db/client.js';
import { AppError, notFound } from '../../errors.js';
import type { RequestContext } from '../auth/actor.js';
import { createConsultingService, type ConsultingOptions } from '../consulting/consulting.service.js';
import { createMatchmakingService } from '../matchmaking/matchmaking.service.js';
import { localise } from '../public/languages.js';
import { publicContacts } from '../public/public.service.js';
import { createOpportunityRepo, type OpportunityRow } from './opportunities.repo.js';

/**
 * A published profile as portals see it: built field by field, so that the maintaining partner,
 * internal ids of the owner and everything of an unpublished owner stay out.
 */
export function toPublicOpportunity(row: OpportunityRow, order: readonly Locale[]): PublicOpportunity {
  const published = row.ownerPublished;
  return {
    id: row.id,
    kind: row.kind,
    type: row.type,
    title: localise(row.title, order)!,
    description: localise(row.description, order),
    keywords: row.keywords,
    sectors: row.sectors,
    ris3Areas: row.ris3Areas,
    targetCountries: row.targetCountries,
    validUntil: row.validUntil,
    owner: {
      kind: row.ownerKind,
      name: row.ownerKind === 'organisation' ? row.organisationName : (localise(row.clusterName, order)?.text ?? null),
      organisationType: row.organisationType,
      clusterSlug: row.clusterSlug,
      countries: row.countries,
      regions: row.regions,
      website: published ? row.website : null,
      contacts: published && row.contacts ? publicContacts(row.contacts) : [],
    },
    updatedAt: row.updatedAt,
  };
}

const opportunityNotFound = (id: string) => notFound('OPPORTUNITY_NOT_FOUND', `No published opportunity with id ${id}`);

type InterestInput = z.output<typeof OpportunityInterestSchema>;

/** The public reading of the matchmaking's profiles alone (the change feed reads it too). */
export function createOpportunityReading(db: Db, clock: Clock = systemClock) {
  const today = () => localDay(clock.now());
  const repo = createOpportunityRepo(db);
  return {
    async list(query: PublicOpportunityListQuery, order: readonly Locale[]): Promise<PublicOpportunityPage> {
      const page = await repo.list(query, today());
      return { lang: order[0]!, items: page.items.map((r) => toPublicOpportunity(r, order)), nextCursor: page.nextCursor };
    },

    async detail(id: string, order: readonly Locale[]): Promise<PublicOpportunity> {
      const row = await repo.byId(id, today());
      if (!row) throw opportunityNotFound(id);
      return toPublicOpportunity(row, order);
    },
  };
}

/** Partnering opportunities: the public reading of the matchmaking's profiles, and interest in them. */
export function createOpportunityService(db: Db, options: { clock?: Clock; consulting: ConsultingOptions }) {
  const clock = options.clock ?? systemClock;
  const today = () => localDay(clock.now());
  const repo = createOpportunityRepo(db);
  return {
    ...createOpportunityReading(db, clock),

    /**
     * A visitor's interest: a consulting request on partner search, linked to the profile, for the
     * partner that maintains the profile. The consulting intake's rules apply (duplicates,
     * honeypot, the requester's e-mail); only opportunities a portal can see take interest.
     */
    async interest(
      ctx: RequestContext,
      id: string,
      input: InterestInput,
      source: { apiKeyId: string },
    ): Promise<{ receipt: ConsultingRequestReceipt; replayed: boolean }> {
      const row = await repo.byId(id, today());
      if (!row) throw opportunityNotFound(id);
      const consulting = createConsultingService(db, options.consulting);
      const result = await consulting.intake(
        ctx,
        { ...input, topic: 'partner_search', profileId: row.id },
        { kind: 'portal', apiKeyId: source.apiKeyId, partner: row.partner },
      );
      return { receipt: result.receipt, replayed: result.replayed };
    },

    /**
     * One action for staff: the interest becomes a proposed match between the requester's
     * organisation or cluster and the profile, linked to the request.
     */
    async proposeMatch(ctx: RequestContext, requestId: string, input: InterestMatch): Promise<Match> {
      return db.transaction(async (tx) => {
        const consulting = createConsultingService(tx, options.consulting);
        const request = await consulting.get(ctx, requestId);
        if (!request.profileId) {
          throw new AppError(409, 'REQUEST_WITHOUT_OPPORTUNITY', 'This request is not about an opportunity: there is no profile to match');
        }
        const party =
          input.party ??
          (request.organisationId
            ? { kind: 'organisation' as const, id: request.organisationId }
            : request.clusterId
              ? { kind: 'cluster' as const, id: request.clusterId }
              : null);
        if (!party) {
          throw new AppError(
            409,
            'REQUEST_WITHOUT_PARTY',
            'The request names no organisation or cluster of the directory: say which one the requester belongs to',
          );
        }
        const match = await createMatchmakingService(tx, { clock }).proposeMatch(ctx, {
          parties: [party, { kind: 'profile', id: request.profileId }],
          note: input.note ?? `Interest in a public opportunity: ${request.reference}`,
          score: null,
          partner: request.partner,
        });
        await consulting.linkProposedMatch(
          ctx,
          requestId,
          match.id,
          `Match proposed with the opportunity's profile (${party.kind} ${party.id})`,
        );
        return match;
      });
    },
  };
}
