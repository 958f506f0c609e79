import { describe, expect, it, jest } from '@jest/globals';
import { effectScope, nextTick, reactive } from 'vue';
import { excluding, nameByIdOptions, optionsOfIds, pickerOption, type PickerOption } from './recordPickerOptions.js';

const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
  await nextTick();
};
const polishFirst = (value: Partial<Record<'de' | 'pl' | 'en', string>> | null | undefined) =>
  value?.pl ? { text: value.pl, lang: 'pl' as const, fallback: false } : undefined;

describe('records offered in a picker', () => {
  it('names an organisation with its city and country, and with the country alone when it has no city', () => {
    expect(pickerOption.organisation({ id: 'o1', name: 'Kunststoff AG', city: 'Guben', country: 'DE' })).toEqual({
      id: 'o1',
      label: 'Kunststoff AG',
      hint: 'Guben, DE',
    });
    expect(pickerOption.organisation({ id: 'o2', name: 'Klaster Lubuski', city: null, country: 'PL' }).hint).toBe('PL');
  });

  it('names a cluster in the reader’s language, by its slug when it has no name there or elsewhere', () => {
    const cluster = { id: 'c1', slug: 'plastics-oder', countries: ['DE', 'PL'] };
    expect(pickerOption.cluster(polishFirst, { ...cluster, name: { pl: 'Tworzywa' } })).toEqual({
      id: 'c1',
      label: 'Tworzywa',
      hint: 'DE/PL',
    });
    expect(pickerOption.cluster(polishFirst, { ...cluster, name: {} }).label).toBe('plastics-oder');
  });

  it('gives a funding call its programme and closing day as the hint', () => {
    const call = { id: 'f1', title: { pl: 'Nabór' }, slug: 'nabor', programmeName: 'INTERREG VI A' };
    const day = (iso: string) => `day ${iso}`;
    expect(pickerOption.fundingCall(polishFirst, day, { ...call, closesOn: '2027-03-31' }).hint).toBe('INTERREG VI A · day 2027-03-31');
    expect(pickerOption.fundingCall(polishFirst, day, { ...call, closesOn: null }).hint).toBe('INTERREG VI A');
  });
});

describe('chosen records known only by id', () => {
  it('get their names once read, each read once, and keep the id when the record cannot be read', async () => {
    const form = reactive({ chosen: optionsOfIds(['c1', 'gone']) as PickerOption[] });
    const read = jest.fn((id: string) => (id === 'gone' ? Promise.reject(new Error('404')) : Promise.resolve(`Cluster ${id}`)));
    effectScope().run(() => nameByIdOptions(() => form.chosen, read));
    await flush();
    expect(form.chosen).toEqual([
      { id: 'c1', label: 'Cluster c1' },
      { id: 'gone', label: 'gone' },
    ]);

    // Shown anew after a save (ids again): the names come back without asking the server again.
    form.chosen = optionsOfIds(['c1', 'c2']);
    await flush();
    expect(form.chosen).toEqual([
      { id: 'c1', label: 'Cluster c1' },
      { id: 'c2', label: 'Cluster c2' },
    ]);
    expect(read.mock.calls.map(([id]) => id)).toEqual(['c1', 'gone', 'c2']);
  });

  it('leaves a record picked by name alone', async () => {
    const form = reactive({ chosen: [{ id: 'c3', label: 'Hydrogen Cluster', hint: 'DE' }] as PickerOption[] });
    const read = jest.fn((id: string) => Promise.resolve(`Cluster ${id}`));
    effectScope().run(() => nameByIdOptions(() => form.chosen, read));
    await flush();
    expect(read).not.toHaveBeenCalled();
    expect(form.chosen[0]!.label).toBe('Hydrogen Cluster');
  });
});

describe('a search that leaves out the records already linked', () => {
  it('offers only what is not linked yet, reading the linked ones at each search', async () => {
    const find = jest.fn((text: string) =>
      Promise.resolve([
        { id: 'o1', label: `${text} AG` },
        { id: 'o2', label: `${text} GmbH` },
        { id: 'o3', label: `${text} sp. z o.o.` },
      ]),
    );
    const linked = reactive({ ids: ['o2'] });
    const search = excluding(find, () => linked.ids);
    expect(await search('Kunststoff')).toEqual([
      { id: 'o1', label: 'Kunststoff AG' },
      { id: 'o3', label: 'Kunststoff sp. z o.o.' },
    ]);
    linked.ids = ['o1', 'o3'];
    expect((await search('Metall')).map((o) => o.id)).toEqual(['o2']);
    expect(find.mock.calls.map(([text]) => text)).toEqual(['Kunststoff', 'Metall']);
  });
});
