import { watch } from 'vue';
import type { PublicationStatus } from '@euregionet/shared';

/** A record offered or chosen in a picker (RecordPicker, RecordChips). */
export interface PickerOption {
  id: string;
  label: string;
  hint?: string;
}

type Texts = Partial<Record<'de' | 'pl' | 'en', string>>;
type Localize = (value: Texts | null | undefined) => { text: string } | undefined;

/**
 * How each kind of record is offered in a picker: its name in the user's language (the slug when
 * it has none) and a hint that tells two of the same name apart.
 */
export const pickerOption = {
  cluster: (localized: Localize, c: { id: string; name: Texts; slug: string; countries: readonly string[] }): PickerOption => ({
    id: c.id,
    label: localized(c.name)?.text ?? c.slug,
    hint: c.countries.join('/'),
  }),
  organisation: (o: { id: string; name: string; city: string | null; country: string }): PickerOption => ({
    id: o.id,
    label: o.name,
    hint: [o.city, o.country].filter(Boolean).join(', '),
  }),
  fundingCall: (
    localized: Localize,
    day: (iso: string) => string,
    c: { id: string; title: Texts; slug: string; programmeName: string; closesOn: string | null },
  ): PickerOption => ({
    id: c.id,
    label: localized(c.title)?.text ?? c.slug,
    hint: c.closesOn ? `${c.programmeName} · ${day(c.closesOn)}` : c.programmeName,
  }),
  publication: (
    localized: Localize,
    status: (s: PublicationStatus) => string,
    p: { id: string; title: Texts; slug: string; status: PublicationStatus },
  ): PickerOption => ({ id: p.id, label: localized(p.title)?.text ?? p.slug, hint: status(p.status) }),
};

/**
 * Chosen records that a loaded record names only by their id (`{ id, label: id }`): each one gets
 * its name, read once per id and remembered, so the chips show names again at once when the record
 * is shown anew after a save. A record that cannot be read (deleted, not visible to the user)
 * keeps its id as its label.
 */
export function nameByIdOptions(options: () => readonly PickerOption[], read: (id: string) => Promise<string>) {
  const names = new Map<string, string>();
  const reading = new Set<string>();
  function name(id: string, label: string) {
    names.set(id, label);
    for (const o of options()) if (o.id === id && o.label === id) o.label = label;
  }
  watch(
    () => options().filter((o) => o.label === o.id),
    (unnamed) => {
      for (const { id } of unnamed) {
        const known = names.get(id);
        if (known !== undefined) name(id, known);
        else if (!reading.has(id)) {
          reading.add(id);
          void read(id)
            .catch(() => id)
            .then((label) => name(id, label))
            .finally(() => reading.delete(id));
        }
      }
    },
    { immediate: true },
  );
}

/**
 * A search that leaves out the records already linked (the members of a cluster, say), so that
 * the picker offers only what can still be added.
 */
export const excluding =
  (find: (text: string) => Promise<PickerOption[]>, taken: () => readonly string[]) =>
  async (text: string): Promise<PickerOption[]> => {
    const found = await find(text);
    const ids = new Set(taken());
    return found.filter((o) => !ids.has(o.id));
  };

/** A record's links as the form holds them before their names are read: each id its own label. */
export const optionsOfIds = (ids: readonly string[]): PickerOption[] => ids.map((id) => ({ id, label: id }));
