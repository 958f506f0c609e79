import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  canMoveMatch,
  DEFAULT_MATCH_WEIGHTS,
  MATCH_COMPONENTS,
  MATCH_STAGES,
  MatchTransitionSchema,
  MatchWeightsSchema,
  matchExclusion,
  profileIsActive,
  rankCandidates,
  scoreMatch,
  type MatchParty,
  type MatchWeights,
} from './matchmaking.js';

const TERMS = ['laser', 'schweissen', 'spawanie', 'recycling', 'logistik', 'photonik', 'drewno', 'software', 'cnc', 'biogas'];
const SECTORS = ['25', '28', '16', '62', 'C', 'J', '20', '49'];
const RIS3 = ['BB-METAL', 'BB-ICT', 'LB-GREEN', 'LB-INDUSTRY', 'BB-ENERGY'];
const TYPES = ['sme', 'large', 'research', 'chamber', 'public', 'cluster_management'] as const;

const sub = <T>(values: readonly T[]) => fc.uniqueArray(fc.constantFrom(...values), { maxLength: values.length });

const partyArb: fc.Arbitrary<MatchParty> = fc.record({
  kind: fc.constantFrom('organisation' as const, 'cluster' as const, 'profile' as const),
  id: fc.uuid(),
  ownerKey: fc.uuid().map((u) => `organisation:${u}`),
  countries: fc.constantFrom<('DE' | 'PL')[]>(['DE'], ['PL'], ['DE', 'PL']),
  orgTypes: fc.uniqueArray(fc.constantFrom(...TYPES), { minLength: 1, maxLength: 2 }),
  languages: sub(['de', 'pl', 'en']),
  sectors: sub(SECTORS),
  ris3Areas: sub(RIS3),
  offerTerms: sub(TERMS),
  requestTerms: sub(TERMS),
  clusterIds: fc.constant([]),
  targetCountries: fc.constant([]),
  available: fc.constant(true),
});

const weightsArb: fc.Arbitrary<MatchWeights> = fc
  .record({
    complementarity: fc.integer({ min: 0, max: 100 }),
    sector: fc.integer({ min: 0, max: 100 }),
    ris3: fc.integer({ min: 0, max: 100 }),
    crossBorder: fc.integer({ min: 0, max: 100 }),
    language: fc.integer({ min: 0, max: 100 }),
    orgType: fc.integer({ min: 0, max: 100 }),
  })
  .filter((w) => MATCH_COMPONENTS.some((k) => w[k] > 0));

let counter = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;

const party = (over: Partial<MatchParty>): MatchParty => ({
  kind: 'profile',
  id: over.id ?? uuid(),
  ownerKey: `organisation:${uuid()}`,
  countries: ['DE'],
  orgTypes: ['sme'],
  languages: ['de'],
  sectors: [],
  ris3Areas: [],
  offerTerms: [],
  requestTerms: [],
  clusterIds: [],
  targetCountries: [],
  available: true,
  ...over,
});

describe('scoreMatch', () => {
  it('scores from 0 to 100, and the components add up exactly to the score', () => {
    fc.assert(
      fc.property(partyArb, partyArb, weightsArb, (a, b, w) => {
        const s = scoreMatch(a, b, w);
        expect(s.score).toBeGreaterThanOrEqual(0);
        expect(s.score).toBeLessThanOrEqual(100);
        expect(s.components.reduce((sum, c) => sum + c.points, 0)).toBe(s.score);
        for (const c of s.components) expect(c.points).toBeGreaterThanOrEqual(0);
        expect(s.components.map((c) => c.key)).toEqual([...MATCH_COMPONENTS]);
      }),
    );
  });

  it('is symmetric: the partner of a partner scores the same', () => {
    fc.assert(fc.property(partyArb, partyArb, weightsArb, (a, b, w) => expect(scoreMatch(b, a, w).score).toBe(scoreMatch(a, b, w).score)));
  });

  it('ranks a complementary offer/request pair above two identical offers', () => {
    fc.assert(
      fc.property(partyArb, weightsArb, (a, w) => {
        fc.pre(a.offerTerms.length > 0 && w.complementarity > 0);
        const offer: MatchParty = { ...a, requestTerms: [] };
        const request: MatchParty = { ...offer, id: uuid(), offerTerms: [], requestTerms: offer.offerTerms };
        const sameOffer: MatchParty = { ...offer, id: uuid() };
        expect(scoreMatch(offer, request, w).raw).toBeGreaterThan(scoreMatch(offer, sameOffer, w).raw);
      }),
    );
  });

  it('gives the cross-border component only across the border', () => {
    fc.assert(
      fc.property(partyArb, partyArb, weightsArb, (a, b, w) => {
        const cross = scoreMatch(a, b, w).components.find((c) => c.key === 'crossBorder')!;
        const sameSide = a.countries.length === 1 && b.countries.length === 1 && a.countries[0] === b.countries[0];
        const apart = a.countries.length === 1 && b.countries.length === 1 && a.countries[0] !== b.countries[0];
        if (sameSide) expect(cross.fraction).toBe(0);
        if (sameSide) expect(cross.points).toBe(0);
        if (apart) expect(cross.fraction).toBe(1);
      }),
    );
  });

  it('prefers the same NACE division to the same section, and the section to nothing', () => {
    const s = (sectors: string[]) =>
      scoreMatch(party({ sectors: ['25'] }), party({ sectors }), DEFAULT_MATCH_WEIGHTS).components.find((c) => c.key === 'sector')!;
    expect(s(['25']).fraction).toBe(1);
    expect(s(['28']).fraction).toBe(0.5);
    expect(s(['C']).fraction).toBe(0.5);
    expect(s(['62']).fraction).toBe(0);
  });

  it('explains what each component rests on', () => {
    const a = party({
      countries: ['DE'],
      languages: ['de', 'en'],
      orgTypes: ['sme'],
      offerTerms: ['laser', 'cnc'],
      ris3Areas: ['BB-METAL'],
    });
    const b = party({
      countries: ['PL'],
      languages: ['pl', 'en'],
      orgTypes: ['research'],
      requestTerms: ['laser'],
      ris3Areas: ['BB-METAL', 'LB-INDUSTRY'],
    });
    const byKey = Object.fromEntries(scoreMatch(a, b, DEFAULT_MATCH_WEIGHTS).components.map((c) => [c.key, c]));
    expect(byKey.complementarity!.details).toEqual(['laser']);
    expect(byKey.ris3!.details).toEqual(['BB-METAL']);
    expect(byKey.crossBorder!.details).toEqual(['DE', 'PL']);
    expect(byKey.language!.details).toEqual(['en']);
    expect(byKey.orgType!.details).toEqual(['sme', 'research']);
  });

  it('changes the order as expected when a weight changes', () => {
    const subject = party({ countries: ['DE'], sectors: ['25'], languages: ['de'] });
    const neighbour = party({ countries: ['DE'], sectors: ['25'], languages: ['de'] });
    const acrossTheBorder = party({ countries: ['PL'], sectors: ['28'], languages: ['pl'] });
    const order = (w: MatchWeights) =>
      rankCandidates(subject, [neighbour, acrossTheBorder], w, { excludeSameCluster: true }, 2).map((r) => r.party.id);
    expect(order({ ...DEFAULT_MATCH_WEIGHTS, crossBorder: 0 })).toEqual([neighbour.id, acrossTheBorder.id]);
    expect(order({ ...DEFAULT_MATCH_WEIGHTS, crossBorder: 100 })).toEqual([acrossTheBorder.id, neighbour.id]);
    // In general: raising a component's weight never lowers a candidate that meets it fully below one that does not meet it.
    fc.assert(
      fc.property(partyArb, partyArb, partyArb, weightsArb, fc.constantFrom(...MATCH_COMPONENTS), (s, x, y, w, key) => {
        const fx = scoreMatch(s, x, w).components.find((c) => c.key === key)!.fraction;
        const fy = scoreMatch(s, y, w).components.find((c) => c.key === key)!.fraction;
        fc.pre(fx > fy);
        const heavy = { ...w, [key]: 100_000 } as MatchWeights;
        expect(scoreMatch(s, x, heavy).raw).toBeGreaterThan(scoreMatch(s, y, heavy).raw);
      }),
    );
  });
});

describe('candidates', () => {
  it('never include unpublished or expired profiles', () => {
    expect(profileIsActive({ status: 'published', validUntil: null }, '2026-05-01')).toBe(true);
    expect(profileIsActive({ status: 'published', validUntil: '2026-05-01' }, '2026-05-01')).toBe(true);
    expect(profileIsActive({ status: 'published', validUntil: '2026-04-30' }, '2026-05-01')).toBe(false);
    expect(profileIsActive({ status: 'closed', validUntil: null }, '2026-05-01')).toBe(false);
    expect(profileIsActive({ status: 'draft', validUntil: null }, '2026-05-01')).toBe(false);
    fc.assert(
      fc.property(partyArb, fc.array(partyArb, { maxLength: 20 }), weightsArb, (s, cands, w) => {
        const ranked = rankCandidates(s, cands, w, { excludeSameCluster: true }, 100);
        expect(ranked.every((r) => r.party.available)).toBe(true);
        const withGone = cands.map((c) => ({ ...c, available: false }));
        expect(rankCandidates(s, withGone, w, { excludeSameCluster: true }, 100)).toEqual([]);
      }),
    );
  });

  it('need a topic in common: the other side of the border alone is no suggestion', () => {
    const s = party({ countries: ['DE'], sectors: ['25'] });
    const across = party({ countries: ['PL'], sectors: ['62'] });
    expect(rankCandidates(s, [across], DEFAULT_MATCH_WEIGHTS, { excludeSameCluster: true }, 10)).toEqual([]);
    expect(rankCandidates(s, [{ ...across, sectors: ['28'] }], DEFAULT_MATCH_WEIGHTS, { excludeSameCluster: true }, 10)).toHaveLength(1);
  });

  it('leave out the same owner, members of the same cluster and countries a profile does not target', () => {
    const s = party({ clusterIds: ['c1'], targetCountries: ['PL'] });
    expect(matchExclusion(s, party({ ownerKey: s.ownerKey }), { excludeSameCluster: true })).toBe('same_party');
    expect(matchExclusion(s, party({ clusterIds: ['c1'], countries: ['PL'] }), { excludeSameCluster: true })).toBe('same_cluster');
    expect(matchExclusion(s, party({ clusterIds: ['c1'], countries: ['PL'] }), { excludeSameCluster: false })).toBeNull();
    expect(matchExclusion(s, party({ countries: ['DE'] }), { excludeSameCluster: true })).toBe('target_country');
  });
});

describe('weights', () => {
  it('are integers 0–100, not all zero', () => {
    expect(MatchWeightsSchema.safeParse(DEFAULT_MATCH_WEIGHTS).success).toBe(true);
    expect(MatchWeightsSchema.safeParse({ ...DEFAULT_MATCH_WEIGHTS, sector: 101 }).success).toBe(false);
    const zero = Object.fromEntries(MATCH_COMPONENTS.map((k) => [k, 0]));
    expect(MatchWeightsSchema.safeParse(zero).success).toBe(false);
  });
});

describe('match pipeline', () => {
  it('moves forward one stage at a time, or is declined before agreement', () => {
    const allowed = MATCH_STAGES.flatMap((from) => MATCH_STAGES.filter((to) => canMoveMatch(from, to)).map((to) => `${from}→${to}`));
    expect(allowed).toEqual([
      'proposed→introduced',
      'proposed→declined',
      'introduced→meeting_held',
      'introduced→declined',
      'meeting_held→agreed',
      'meeting_held→declined',
    ]);
    expect(canMoveMatch('proposed', 'agreed')).toBe(false);
    expect(canMoveMatch('agreed', 'declined')).toBe(false);
    expect(canMoveMatch('declined', 'proposed')).toBe(false);
    expect(canMoveMatch('introduced', 'proposed')).toBe(false);
  });

  it('needs a reason to decline', () => {
    expect(MatchTransitionSchema.safeParse({ to: 'declined' }).success).toBe(false);
    expect(MatchTransitionSchema.safeParse({ to: 'declined', reason: 'No capacity' }).success).toBe(true);
    expect(MatchTransitionSchema.safeParse({ to: 'introduced' }).success).toBe(true);
  });
});
