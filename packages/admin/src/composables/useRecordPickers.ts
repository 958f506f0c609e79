import { useI18n } from 'vue-i18n';
import { getCluster, listClusters } from '../api/clusters';
import { getFundingCall, listFundingCalls } from '../api/funding-calls';
import { listOrganisations } from '../api/organisations';
import { getPublication, listPublications } from '../api/publications';
import { useSessionStore } from '../stores/session';
import { nameByIdOptions, pickerOption, type PickerOption } from './recordPickerOptions';
import { useFormat } from './useFormat';
import { useLocalized } from './useLocalized';

export { excluding, optionsOfIds } from './recordPickerOptions';

/**
 * The record pickers of forms, one per kind of record: `find` searches as the user types (ten at
 * most, for RecordPicker and RecordChips), and `named` gives the chosen records known only by id
 * their names (see `nameByIdOptions` in recordPickerOptions.ts).
 */
export function useRecordPickers() {
  const { t } = useI18n();
  const { localized } = useLocalized();
  const { day } = useFormat();
  const session = useSessionStore();
  const SEARCH = 10;
  return {
    clusters: {
      find: async (q: string) => (await listClusters({ q, limit: SEARCH })).data.items.map((c) => pickerOption.cluster(localized, c)),
      /** Only the clusters the user may change: adding a member or recording a measure changes the cluster. */
      findEditable: async (q: string) =>
        (await listClusters({ q, limit: SEARCH })).data.items
          .filter((c) => session.canEditRecord(c))
          .map((c) => pickerOption.cluster(localized, c)),
      named: (options: () => readonly PickerOption[]) =>
        nameByIdOptions(options, async (id) => pickerOption.cluster(localized, (await getCluster(id)).data).label),
    },
    organisations: {
      find: async (q: string) => (await listOrganisations({ q, limit: SEARCH })).data.items.map(pickerOption.organisation),
    },
    fundingCalls: {
      find: async (q: string) =>
        (await listFundingCalls({ q, limit: SEARCH })).data.items.map((c) => pickerOption.fundingCall(localized, day, c)),
      named: (options: () => readonly PickerOption[]) =>
        nameByIdOptions(options, async (id) => pickerOption.fundingCall(localized, day, (await getFundingCall(id)).data).label),
    },
    publications: {
      find: async (q: string) =>
        (await listPublications({ q, limit: SEARCH })).data.items.map((p) =>
          pickerOption.publication(localized, (s) => t(`publications.status.${s}`), p),
        ),
      named: (options: () => readonly PickerOption[]) =>
        nameByIdOptions(options, async (id) => {
          const { data } = await getPublication(id);
          return localized(data.title)?.text ?? data.slug;
        }),
    },
  };
}
