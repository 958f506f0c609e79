import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import { COUNTRIES, LOCALES } from '@euregionet/shared';
import { useTaxonomies } from './useTaxonomies';

/** The choices that several forms and filters offer, labelled in the user's language. */
export function useFieldOptions() {
  const { t } = useI18n();
  const taxonomies = useTaxonomies();
  return {
    /** A choice for each value, labelled by its message under `prefix` (`organisations.size` → `organisations.size.micro`). */
    choices: <V extends string>(values: readonly V[], prefix: string) => values.map((value) => ({ value, label: t(`${prefix}.${value}`) })),
    yesNo: computed(() => [
      { value: 'true', label: t('common.yes') },
      { value: 'false', label: t('common.no') },
    ]),
    countries: computed(() => COUNTRIES.map((c) => ({ value: c, label: t(`clusters.country.${c}`) }))),
    partners: taxonomies.partners.map((p) => ({ value: p.code, label: `${p.code} – ${p.name}` })),
    /** Regions to tick, each with its code. */
    regions: computed(() => taxonomies.regions.map((r) => ({ value: r.code, label: taxonomies.regionLabel(r.code), hint: r.code }))),
    /** Regions to choose from a list, districts indented under their region. */
    regionsIndented: computed(() =>
      taxonomies.regions.map((r) => ({ value: r.code, label: `${r.level === 3 ? '\u00a0\u00a0' : ''}${taxonomies.regionLabel(r.code)}` })),
    ),
    naceSections: computed(() => taxonomies.naceSections.map((s) => ({ value: s.code, label: taxonomies.naceLabel(s.code) }))),
    ris3Areas: computed(() => taxonomies.ris3Areas.map((a) => ({ value: a.code, label: taxonomies.ris3Label(a.code) }))),
    /** The "translation missing" filter: in any language, or in one. */
    missingTranslation: computed(() => [
      { value: 'any', label: t('common.missingAny') },
      ...LOCALES.map((l) => ({ value: l, label: t('common.missingIn', { lang: l.toUpperCase() }) })),
    ]),
  };
}
