import type { ClusterFilters } from '../../api/clusters';
import type { Filters } from '../../composables/useListPage';
import type { Locale } from '../../i18n';

/** The filters of the cluster list, kept in the URL: the map of clusters takes the same ones. */
export const CLUSTER_FILTER_KEYS = [
  'q',
  'country',
  'region',
  'sector',
  'ris3',
  'kind',
  'crossBorder',
  'brand',
  'missingTranslation',
  'deleted',
] as const;
export type ClusterFilterKey = (typeof CLUSTER_FILTER_KEYS)[number];

/** The API query of the filters in the URL. */
export function clusterQuery(f: Filters<ClusterFilterKey>, lang: Locale, limit: number, cursor?: string): ClusterFilters {
  return {
    limit,
    lang,
    ...(f.q ? { q: f.q } : {}),
    ...(f.country ? { country: f.country as 'DE' | 'PL' } : {}),
    ...(f.region ? { region: f.region } : {}),
    ...(f.sector ? { sector: [f.sector] } : {}),
    ...(f.kind ? { kind: f.kind as 'cluster' | 'network' } : {}),
    ...(f.crossBorder ? { crossBorder: f.crossBorder === 'true' } : {}),
    ...(f.ris3 ? { ris3: [f.ris3] } : {}),
    ...(f.brand ? { brand: f.brand === 'true' } : {}),
    ...(f.missingTranslation ? { missingTranslation: f.missingTranslation as 'de' | 'pl' | 'en' | 'any' } : {}),
    ...(f.deleted === 'true' ? { deleted: true } : {}),
    ...(cursor ? { cursor } : {}),
  };
}
