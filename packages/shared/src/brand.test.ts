import { describe, expect, it } from '@jest/globals';
import { BrandConditionsSchema, brandValidity, checkBrand, type BrandFacts } from './brand.js';
import { shiftMonths } from './dates.js';

const conditions = BrandConditionsSchema.parse({
  evaluationMaxAgeMonths: 24,
  minOverall: 50,
  minDimensions: { strategy: 60 },
  minCrossBorderShare: 20,
});
const levels = [
  { key: 'bronze', label: { en: 'Bronze' }, minOverall: 50 },
  { key: 'silver', label: { en: 'Silver' }, minOverall: 70 },
];
const facts: BrandFacts = {
  evaluation: {
    id: '00000000-0000-4000-8000-000000000001',
    evaluatedOn: '2024-06-03',
    overall: 72.5,
    dimensions: { strategy: 60, structure: 10 },
  },
  memberCount: 5,
  crossBorderShare: 20,
  published: true,
  missingTranslations: [],
};

describe('shiftMonths', () => {
  it('keeps the day, or takes the last day of a shorter month', () => {
    expect(shiftMonths('2026-06-03', 24)).toBe('2028-06-03');
    expect(shiftMonths('2026-06-03', -24)).toBe('2024-06-03');
    expect(shiftMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(shiftMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(shiftMonths('2026-03-31', -13)).toBe('2025-02-28');
    expect(shiftMonths('2026-12-15', 1)).toBe('2027-01-15');
  });
});

describe('checkBrand', () => {
  it('meets every condition exactly at the thresholds and reaches the highest level', () => {
    const check = checkBrand({ conditions, levels }, facts, '2026-06-03');
    expect(check.met).toBe(true);
    expect(check.level).toBe('silver');
    expect(check.items.map((i) => [i.kind, i.dimension, i.met, i.required, i.actual])).toEqual([
      ['evaluation', null, true, '2024-06-03', '2024-06-03'],
      ['overall', null, true, 50, 72.5],
      ['dimension', 'strategy', true, 60, 60],
      ['crossBorder', null, true, 20, 20],
      ['profile', null, true, 'de,pl,en', 'de,pl,en'],
    ]);
  });

  it('an evaluation one day too old fails it and every score condition', () => {
    const check = checkBrand({ conditions, levels }, facts, '2026-06-04');
    expect(check.met).toBe(false);
    expect(check.level).toBeNull();
    expect(check.items.filter((i) => !i.met).map((i) => i.kind)).toEqual(['evaluation', 'overall', 'dimension']);
  });

  it('names each missing condition: dimension, share, languages, no evaluation', () => {
    const low = checkBrand(
      { conditions, levels },
      {
        ...facts,
        evaluation: { ...facts.evaluation!, overall: 55, dimensions: { strategy: 59.9 } },
        crossBorderShare: 19.9,
        missingTranslations: ['pl'],
      },
      '2026-06-03',
    );
    expect(low.items.filter((i) => !i.met).map((i) => [i.kind, i.actual])).toEqual([
      ['dimension', 59.9],
      ['crossBorder', 19.9],
      ['profile', 'de,en'],
    ]);
    const none = checkBrand({ conditions, levels: [] }, { ...facts, evaluation: null }, '2026-06-03');
    expect(none.items.filter((i) => !i.met).map((i) => [i.kind, i.actual])).toEqual([
      ['evaluation', null],
      ['overall', null],
      ['dimension', null],
    ]);
    const unpublished = checkBrand({ conditions, levels }, { ...facts, published: false }, '2026-06-03');
    expect(unpublished.items.find((i) => i.kind === 'profile')).toMatchObject({ met: false, actual: null });
  });

  it('the lowest level only, and no level when the criteria have none', () => {
    const bronze = checkBrand({ conditions, levels }, { ...facts, evaluation: { ...facts.evaluation!, overall: 69.9 } }, '2026-06-03');
    expect([bronze.met, bronze.level]).toEqual([true, 'bronze']);
    expect(checkBrand({ conditions, levels: [] }, facts, '2026-06-03').level).toBeNull();
  });
});

describe('brandValidity', () => {
  it('is valid through the last day, then expired; suspension and revocation win', () => {
    expect(brandValidity({ state: 'active', validUntil: '2026-06-03' }, '2026-06-03')).toBe('valid');
    expect(brandValidity({ state: 'active', validUntil: '2026-06-03' }, '2026-06-04')).toBe('expired');
    expect(brandValidity({ state: 'suspended', validUntil: '2027-01-01' }, '2026-06-03')).toBe('suspended');
    expect(brandValidity({ state: 'revoked', validUntil: '2027-01-01' }, '2026-06-03')).toBe('revoked');
  });
});
