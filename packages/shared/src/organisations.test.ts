import { describe, expect, it } from '@jest/globals';
import { LOCALES } from './common.js';
import {
  commercialRegisterKey,
  ContactPersonSchema,
  isValidNip,
  memberMakeUp,
  normaliseKrs,
  normaliseNip,
  OrganisationCreateSchema,
  organisationConflicts,
  sizeClassConflict,
  sizeClassOf,
} from './organisations.js';
import { OrganisationImportRowSchema } from './imports.js';
import { languageOrder } from './public.js';
import {
  countriesOfRegions,
  NACE_DIVISIONS,
  NACE_SECTIONS,
  naceSectionOf,
  regionCountry,
  REGIONS,
  regionsOfCountry,
  RIS3_AREAS,
  sectorScope,
  taxonomy,
} from './taxonomies.js';

const organisation = (overrides: Record<string, unknown> = {}) => ({
  name: 'Oder Photonics GmbH',
  type: 'sme',
  country: 'DE',
  ...overrides,
});

describe('national register numbers', () => {
  it('accepts a NIP with its check digit, written with separators or the PL prefix, and refuses a wrong one', () => {
    expect(normaliseNip('PL 599-123-45-68')).toBe('5991234568');
    expect(isValidNip('5991234568')).toBe(true);
    expect(isValidNip('5991234563')).toBe(false);
    expect(isValidNip('123')).toBe(false);
    expect(OrganisationCreateSchema.parse(organisation({ country: 'PL', nip: '599 123 45 68' })).nip).toBe('5991234568');
    const wrong = OrganisationCreateSchema.safeParse(organisation({ country: 'PL', nip: '5991234563' }));
    expect(wrong.success).toBe(false);
    expect(JSON.stringify(wrong.error?.issues)).toContain('invalid_nip');
  });

  it('pads KRS numbers to ten digits', () => {
    expect(normaliseKrs('123456')).toBe('0000123456');
    expect(OrganisationCreateSchema.safeParse(organisation({ krs: '12345678901' })).success).toBe(false);
  });

  it('recognises the same commercial register entry however the court and number are written', () => {
    const key = commercialRegisterKey('Frankfurt (Oder)', 'HRB 4711');
    expect(commercialRegisterKey('Amtsgericht Frankfurt/Oder', 'hrb4711')).toBe(key);
    expect(commercialRegisterKey('Cottbus', 'HRB 4711')).not.toBe(key);
    expect(commercialRegisterKey('Frankfurt (Oder)', 'HRA 4711')).not.toBe(key);
    expect(
      OrganisationCreateSchema.parse(organisation({ commercialRegister: { court: 'Cottbus', number: 'hrb 12 cb' } })).commercialRegister,
    ).toEqual({
      court: 'Cottbus',
      number: 'HRB 12 CB',
    });
  });
});

describe('EU SME size classes', () => {
  it('classifies by headcount and, when known, turnover or balance sheet', () => {
    expect(sizeClassOf({ employees: 9 })).toBe('micro');
    expect(sizeClassOf({ employees: 10 })).toBe('small');
    expect(sizeClassOf({ employees: 249 })).toBe('medium');
    expect(sizeClassOf({ employees: 250 })).toBe('large');
    // Few staff but a large turnover and balance sheet: not micro, not small.
    expect(sizeClassOf({ employees: 8, turnoverEur: 30_000_000, balanceSheetEur: 30_000_000 })).toBe('medium');
    // A medium enterprise may exceed the turnover limit when its balance sheet stays within its own.
    expect(sizeClassOf({ employees: 200, turnoverEur: 60_000_000, balanceSheetEur: 40_000_000 })).toBe('medium');
    expect(sizeClassOf({ employees: 200, turnoverEur: 60_000_000, balanceSheetEur: 50_000_000 })).toBe('large');
  });

  it('refuses a type, size class and headcount that contradict each other', () => {
    expect(sizeClassConflict({ type: 'sme', sizeClass: 'large', employees: null })).toBe('sme_not_large');
    expect(sizeClassConflict({ type: 'large', sizeClass: 'small', employees: null })).toBe('large_not_sme');
    expect(sizeClassConflict({ type: 'sme', sizeClass: 'micro', employees: 12 })).toBe('size_class_headcount');
    expect(sizeClassConflict({ type: 'sme', sizeClass: null, employees: 400 })).toBe('sme_headcount');
    expect(sizeClassConflict({ type: 'sme', sizeClass: 'small', employees: 12 })).toBeUndefined();
    expect(sizeClassConflict({ type: 'research', sizeClass: null, employees: 1200 })).toBeUndefined();
    const refused = OrganisationCreateSchema.safeParse(organisation({ sizeClass: 'large' }));
    expect(refused.error?.issues.map((i) => i.path.join('.'))).toEqual(['sizeClass']);
  });
});

describe('organisation fields', () => {
  it('wants the region in the organisation’s country', () => {
    const refused = OrganisationCreateSchema.safeParse(organisation({ region: 'PL431' }));
    expect(refused.error?.issues.map((i) => i.path.join('.'))).toEqual(['region']);
    expect(OrganisationCreateSchema.safeParse(organisation({ region: 'DE403' })).success).toBe(true);
  });

  it('checks the rules across fields alike in the create body and an import row', () => {
    expect(organisationConflicts({ type: 'sme', sizeClass: 'large', employees: null, country: 'DE', region: 'PL431' })).toEqual([
      { field: 'region', code: 'region_country', message: 'The region lies in another country' },
      { field: 'sizeClass', code: 'sme_not_large', message: 'Type, size class and headcount disagree' },
    ]);
    expect(organisationConflicts({ type: 'sme', sizeClass: 'small', employees: 12, country: 'PL', region: 'PL431' })).toEqual([]);
    const fieldErrors = (r: { error?: { issues: { path: PropertyKey[]; params?: unknown }[] } }) =>
      r.error?.issues.map((i) => [i.path.join('.'), i.params]);
    const expected = [
      ['region', { code: 'region_country' }],
      ['sizeClass', { code: 'size_class_headcount' }],
    ];
    const broken = { region: 'PL431', sizeClass: 'micro', employees: 12 };
    expect(fieldErrors(OrganisationCreateSchema.safeParse(organisation(broken)))).toEqual(expected);
    expect(
      fieldErrors(OrganisationImportRowSchema.safeParse(organisation({ ...broken, source: 'ihk-cottbus', externalId: 'A-17' }))),
    ).toEqual(expected);
  });

  it('wants the date of a contact person’s consent to publication', () => {
    expect(ContactPersonSchema.safeParse({ name: 'Anna Kowalska', publicationConsent: true }).success).toBe(false);
    expect(ContactPersonSchema.parse({ name: 'Anna Kowalska', publicationConsent: true, consentDate: '2019-03-12' })).toMatchObject({
      email: null,
      publicationConsent: true,
    });
  });
});

describe('member make-up', () => {
  it('counts members and their shares per type and per country, every type listed', () => {
    const makeUp = memberMakeUp([
      { type: 'sme', country: 'PL' },
      { type: 'sme', country: 'PL' },
      { type: 'research', country: 'DE' },
      { type: 'large', country: 'PL' },
    ]);
    expect(makeUp.total).toBe(4);
    expect(makeUp.byType.find((t) => t.type === 'sme')).toEqual({ type: 'sme', count: 2, share: 0.5 });
    expect(makeUp.byType.find((t) => t.type === 'public')).toEqual({ type: 'public', count: 0, share: 0 });
    expect(makeUp.byType).toHaveLength(6);
    const poland = makeUp.byCountry.find((c) => c.country === 'PL')!;
    expect(poland).toMatchObject({ count: 3, share: 0.75 });
    expect(poland.byType.find((t) => t.type === 'sme')).toEqual({ type: 'sme', count: 2, share: 0.667 });
    expect(memberMakeUp([]).byCountry.every((c) => c.count === 0 && c.share === 0)).toBe(true);
  });
});

describe('taxonomies', () => {
  it('has every NACE Rev. 2 section and all 88 divisions, each labelled in three languages', () => {
    expect(NACE_SECTIONS.map((s) => s.code).join('')).toBe('ABCDEFGHIJKLMNOPQRSTU');
    expect(NACE_DIVISIONS).toHaveLength(88);
    for (const division of NACE_DIVISIONS) {
      const section = NACE_SECTIONS.find((s) => s.code === division.section)!;
      expect(Number(division.code)).toBeGreaterThanOrEqual(section.divisions[0]);
      expect(Number(division.code)).toBeLessThanOrEqual(section.divisions[1]);
      for (const lang of LOCALES) expect(division.label[lang].length).toBeGreaterThan(3);
      expect(naceSectionOf(division.code)).toBe(division.section);
    }
    expect(sectorScope('D')).toEqual(['D', '35']);
    expect(taxonomy('nace').terms).toHaveLength(21 + 88);
  });

  it('has the programme area on both sides at NUTS 2 and 3, and the smart-specialisation areas of both regions', () => {
    expect(REGIONS.filter((r) => r.level === 2).map((r) => r.code)).toEqual(['DE40', 'PL43']);
    expect(REGIONS.filter((r) => r.level === 3 && r.country === 'DE')).toHaveLength(7);
    expect(REGIONS.filter((r) => r.level === 3 && r.country === 'PL').map((r) => r.code)).toEqual(['PL431', 'PL432']);
    expect(RIS3_AREAS.filter((a) => a.region === 'PL43')).toHaveLength(4);
    expect(RIS3_AREAS.filter((a) => a.region === 'DE40')).toHaveLength(9);
  });

  it('derives countries from regions: each country once, Germany before Poland, whatever the order of the regions', () => {
    expect(regionCountry('PL432')).toBe('PL');
    expect(regionCountry('DE40C')).toBe('DE');
    expect(regionCountry('DE40')).toBe('DE');
    expect(regionCountry('CZ04')).toBeUndefined();
    expect(countriesOfRegions(['PL431', 'DE403', 'PL432'])).toEqual(['DE', 'PL']);
    expect(countriesOfRegions(['PL43'])).toEqual(['PL']);
    expect(countriesOfRegions(['CZ04'])).toEqual([]);
    expect(countriesOfRegions([])).toEqual([]);
    expect(regionsOfCountry('PL').map((r) => r.code)).toEqual(['PL43', 'PL431', 'PL432']);
  });
});

describe('languageOrder', () => {
  it('puts the asked languages first and the others after them in the default order', () => {
    expect(languageOrder(['pl'])).toEqual(['pl', 'de', 'en']);
    expect(languageOrder(['en', 'pl'])).toEqual(['en', 'pl', 'de']);
    expect(languageOrder([])).toEqual(['de', 'pl', 'en']);
  });
});
