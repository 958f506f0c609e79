import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ConsultingCounts } from '@euregionet/shared';
import { countConsultingRequests } from '../api/consulting';

/** Open and overdue requests, shown in the navigation and refreshed after every change of a request. */
export const useConsultingCountsStore = defineStore('consulting-counts', () => {
  const counts = ref<ConsultingCounts | null>(null);

  async function refresh() {
    try {
      counts.value = (await countConsultingRequests()).data;
    } catch {
      // The navigation shows no number rather than an error; the pages report failures.
    }
  }

  return { counts, refresh, clear: () => (counts.value = null) };
});
