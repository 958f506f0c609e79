import { describe, expect, it } from '@jest/globals';
import {
  assessFundingFit,
  compareFundingFits,
  FundingCallCreateSchema,
  FundingCallImportRowSchema,
  fundingCallStatus,
  type FundingApplicant,
  type FundingCallCriteria,
  type FundingClusterFacts,
} from './funding-calls.js';

const TODAY = '2026-05-01';

const call = (over: Partial<FundingCallCriteria> = {}): FundingCallCriteria => ({
  applicantTypes: [],
  countries: [],
  regions: [],
  sectors: [],
  ris3Areas: [],
  keywords: [],
  crossBorderConsortium: false,
  opensOn: null,
  closesOn: '2026-06-30',
  ...over,
});

const sme = (country: 'DE' | 'PL', region: string | null): FundingApplicant => ({ type: 'sme', country, region });
const research = (country: 'DE' | 'PL', region: string | null): FundingApplicant => ({ type: 'research', country, region });

const cluster = (members: FundingApplicant[], over: Partial<FundingClusterFacts> = {}): FundingClusterFacts => ({
  regions: ['DE403'],
  countries: ['DE'],
  sectors: [],
  ris3Areas: [],
  texts: [],
  members,
  ...over,
});

const gaps = (fit: ReturnType<typeof assessFundingFit>) => fit.missing.map((m) => `${m.code}:${m.values.join('+')}`);

describe('eligibility of a cluster for a call', () => {
  it('by type: a member of an admitted type makes the cluster eligible; without one, the types are named as missing', () => {
    const smesOnly = call({ applicantTypes: ['sme'] });
    const withSme = assessFundingFit(smesOnly, cluster([research('DE', 'DE403'), sme('DE', 'DE403')]), TODAY);
    expect(withSme.eligible).toBe(true);
    expect(withSme.reasons.find((r) => r.code === 'applicant_type')?.values).toEqual(['sme']);

    const researchOnly = assessFundingFit(smesOnly, cluster([research('DE', 'DE403')]), TODAY);
    expect(researchOnly.eligible).toBe(false);
    expect(gaps(researchOnly)).toEqual(['applicant_type:sme']);
  });

  it('by country: only members based in an admitted country count', () => {
    const polishProgramme = call({ countries: ['PL'] });
    expect(assessFundingFit(polishProgramme, cluster([sme('DE', 'DE403')]), TODAY).eligible).toBe(false);
    expect(gaps(assessFundingFit(polishProgramme, cluster([sme('DE', 'DE403')]), TODAY))).toEqual(['country:PL']);
    const mixed = assessFundingFit(polishProgramme, cluster([sme('DE', 'DE403'), sme('PL', 'PL432')]), TODAY);
    expect(mixed.eligible).toBe(true);
    expect(mixed.reasons.find((r) => r.code === 'country')?.values).toEqual(['PL']);
  });

  it('by region: a NUTS-2 region admits its NUTS-3 regions; an unknown region never qualifies', () => {
    const lubuskie = call({ regions: ['PL43'] });
    expect(assessFundingFit(lubuskie, cluster([sme('PL', 'PL431')]), TODAY).eligible).toBe(true);
    expect(gaps(assessFundingFit(lubuskie, cluster([sme('PL', null)]), TODAY))).toEqual(['region:PL43']);

    const gorzowOnly = call({ regions: ['PL431'] });
    expect(assessFundingFit(gorzowOnly, cluster([sme('PL', 'PL432')]), TODAY).eligible).toBe(false);
    const fit = assessFundingFit(gorzowOnly, cluster([sme('PL', 'PL432'), sme('PL', 'PL431')]), TODAY);
    expect(fit.reasons.find((r) => r.code === 'region')?.values).toEqual(['PL431']);
  });

  it('needs type, country and region in the same member', () => {
    // An SME in Brandenburg and a research institute in Lubuskie: neither is a Lubuskie SME.
    const lubuskieSmes = call({ applicantTypes: ['sme'], regions: ['PL43'] });
    const fit = assessFundingFit(lubuskieSmes, cluster([sme('DE', 'DE403'), research('PL', 'PL432')]), TODAY);
    expect(fit.eligible).toBe(false);
    expect(gaps(fit)).toEqual(['region:PL43']);
  });

  it('a cluster without members applies as its own cluster management, in its home regions', () => {
    const clusterManagers = call({ applicantTypes: ['cluster_management'], regions: ['DE40'] });
    expect(assessFundingFit(clusterManagers, cluster([], { regions: ['DE40G'] }), TODAY).eligible).toBe(true);
    expect(assessFundingFit(clusterManagers, cluster([], { regions: ['PL432'] }), TODAY).eligible).toBe(false);
  });

  it('a cross-border consortium needs eligible members on both sides; the missing side is named but keeps the call eligible', () => {
    const interreg = call({ crossBorderConsortium: true, regions: ['DE40', 'PL43'] });
    const germanOnly = assessFundingFit(interreg, cluster([sme('DE', 'DE403'), research('DE', 'DE402')]), TODAY);
    expect(germanOnly.eligible).toBe(true);
    expect(germanOnly.complete).toBe(false);
    expect(gaps(germanOnly)).toEqual(['partner_country:PL']);

    const both = assessFundingFit(interreg, cluster([sme('DE', 'DE403'), sme('PL', 'PL431')]), TODAY);
    expect(both.complete).toBe(true);
    expect(both.reasons.map((r) => r.code)).toContain('consortium');
    expect(both.score - germanOnly.score).toBe(25);

    // A Polish member outside the programme area does not count for the consortium.
    const outside = assessFundingFit(interreg, cluster([sme('DE', 'DE403'), sme('PL', null)]), TODAY);
    expect(gaps(outside)).toEqual(['partner_country:PL']);
  });

  it('the consortium only asks for countries the call admits', () => {
    const germanCallWithConsortium = call({ crossBorderConsortium: true, countries: ['DE'] });
    expect(gaps(assessFundingFit(germanCallWithConsortium, cluster([sme('DE', 'DE403')]), TODAY))).toEqual([]);
  });
});

describe('ranking and reasons', () => {
  const metalCluster = cluster([sme('DE', 'DE403')], {
    sectors: ['24', '25'],
    ris3Areas: ['BB-METAL'],
    texts: ['Metall-Netzwerk Ostbrandenburg', 'Metallbearbeiter und Gießereien, Leichtbau und Wasserstoff'],
  });

  it('explains the score by its components, which add up to it', () => {
    const fit = assessFundingFit(
      call({ sectors: ['C'], ris3Areas: ['BB-METAL'], keywords: ['Wasserstoff', 'Leichtbau', 'Robotik'], closesOn: '2026-06-30' }),
      metalCluster,
      TODAY,
    );
    expect(fit.components).toEqual([
      { key: 'sectors', points: 35 },
      { key: 'ris3', points: 30 },
      { key: 'keywords', points: 20 },
      { key: 'deadline', points: 15 },
    ]);
    expect(fit.score).toBe(100);
    expect(fit.reasons.find((r) => r.code === 'keywords')?.values).toEqual(['Wasserstoff', 'Leichtbau']);
    expect(fit.reasons.find((r) => r.code === 'deadline')).toEqual({ code: 'deadline', values: ['2026-06-30'], days: 60 });
  });

  it('finds keywords without diacritics and at the start of words', () => {
    const fit = assessFundingFit(call({ keywords: ['giesserei', 'metal'] }), metalCluster, TODAY);
    expect(fit.reasons.find((r) => r.code === 'keywords')?.values).toEqual(['giesserei', 'metal']);
  });

  it('a topical call outranks an unrelated one; a call for any topic sits between', () => {
    const topical = assessFundingFit(call({ sectors: ['25'] }), metalCluster, TODAY);
    const unrelated = assessFundingFit(call({ sectors: ['86'], ris3Areas: ['BB-HEALTH'] }), metalCluster, TODAY);
    const anyTopic = assessFundingFit(call(), metalCluster, TODAY);
    expect(topical.score).toBeGreaterThan(anyTopic.score);
    expect(anyTopic.score).toBeGreaterThan(unrelated.score);
    expect([unrelated, topical, anyTopic].sort(compareFundingFits)).toEqual([topical, anyTopic, unrelated]);
  });

  it('weighs the deadline: tight, soon, later or none', () => {
    const points = (closesOn: string | null) =>
      assessFundingFit(call({ closesOn }), metalCluster, TODAY).components.find((c) => c.key === 'deadline')!.points;
    expect(points('2026-05-10')).toBe(5);
    expect(points('2026-07-01')).toBe(15);
    expect(points('2026-12-01')).toBe(10);
    expect(points(null)).toBe(10);
  });

  it('ranks eligible before ineligible and complete before incomplete, whatever the score', () => {
    const eligible = assessFundingFit(call({ sectors: ['86'] }), metalCluster, TODAY);
    const ineligible = assessFundingFit(call({ sectors: ['25'], countries: ['PL'] }), metalCluster, TODAY);
    expect(ineligible.score).toBeGreaterThan(eligible.score);
    expect([ineligible, eligible].sort(compareFundingFits)[0]).toBe(eligible);
  });
});

describe('call status and validation', () => {
  it('is upcoming, open or closed by its dates, the closing day included', () => {
    expect(fundingCallStatus({ opensOn: '2026-05-02', closesOn: null }, TODAY)).toBe('upcoming');
    expect(fundingCallStatus({ opensOn: '2026-05-01', closesOn: '2026-05-01' }, TODAY)).toBe('open');
    expect(fundingCallStatus({ opensOn: null, closesOn: '2026-04-30' }, TODAY)).toBe('closed');
  });

  const minimal = {
    programme: 'interreg',
    programmeName: 'INTERREG VI A Brandenburg–Polska',
    title: { de: 'Kleinprojektefonds' },
    partner: 'BIC',
  } as const;

  it('checks budget, dates, the natural key and the programme country across fields', () => {
    const codes = (body: object) => {
      const result = FundingCallCreateSchema.safeParse({ ...minimal, ...body });
      return result.success ? [] : result.error.issues.map((i) => (i as { params?: { code?: string } }).params?.code ?? i.code);
    };
    expect(codes({})).toEqual([]);
    expect(codes({ budgetMinEur: 50_000, budgetMaxEur: 10_000 })).toEqual(['budget_range']);
    expect(codes({ opensOn: '2026-06-01', closesOn: '2026-05-01' })).toEqual(['closing_before_opening']);
    expect(codes({ source: 'ilb-feed' })).toEqual(['source_external_id_pair']);
    expect(codes({ programme: 'regional' })).toEqual(['programme_country_required']);
    expect(codes({ programme: 'regional', programmeCountry: 'PL' })).toEqual([]);
  });

  it('an import row needs its natural key', () => {
    expect(FundingCallImportRowSchema.safeParse(minimal).success).toBe(false);
    expect(FundingCallImportRowSchema.safeParse({ ...minimal, source: 'ilb-feed', externalId: 'RPO-2026-01' }).success).toBe(true);
  });
});
