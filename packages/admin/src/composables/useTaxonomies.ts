import { NACE_SECTIONS, naceSectionOf, PARTNERS, REGIONS, RIS3_AREAS } from '@euregionet/shared';
import { useI18n } from 'vue-i18n';
import type { Locale } from '../i18n';

/** Labels of the reference data (regions, NACE, RIS3) in the user's language. */
export function useTaxonomies() {
  const { locale } = useI18n();
  const lang = () => locale.value as Locale;
  return {
    regions: REGIONS,
    naceSections: NACE_SECTIONS,
    ris3Areas: RIS3_AREAS,
    partners: PARTNERS,
    regionLabel: (code: string) => REGIONS.find((r) => r.code === code)?.label[lang()] ?? code,
    naceLabel(code: string) {
      const section = NACE_SECTIONS.find((s) => s.code === naceSectionOf(code));
      if (!section) return code;
      return code === section.code ? `${code} – ${section.label[lang()]}` : `${code} (${section.code} – ${section.label[lang()]})`;
    },
    ris3Label: (code: string) => RIS3_AREAS.find((a) => a.code === code)?.label[lang()] ?? code,
    partnerName: (code: string) => PARTNERS.find((p) => p.code === code)?.name ?? code,
  };
}
