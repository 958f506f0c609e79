import { describe, expect, it } from '@jest/globals';
import { polishPlural } from './plural.js';

describe('Polish plural forms', () => {
  it('chooses one, few or many as Polish grammar does', () => {
    const form = (n: number) => ['klaster', 'klastry', 'klastrów'][polishPlural(n, 3)];
    expect([1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 102, 112].map((n) => `${n} ${form(n)}`)).toEqual([
      '1 klaster',
      '2 klastry',
      '4 klastry',
      '5 klastrów',
      '11 klastrów',
      '12 klastrów',
      '14 klastrów',
      '21 klastrów',
      '22 klastry',
      '25 klastrów',
      '102 klastry',
      '112 klastrów',
    ]);
  });

  it('keeps two-form messages working', () => {
    expect([polishPlural(1, 2), polishPlural(3, 2)]).toEqual([0, 1]);
  });
});
