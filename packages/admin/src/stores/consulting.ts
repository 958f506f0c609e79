import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ConsultingCounts } from '@euregionet/shared/consulting';

/** Open and overdue requests, shown in the navigation and refreshed after every change of a request. */
export const useConsultingCountsStore = defineStore('consulting-counts', () => {
  const counts = ref<ConsultingCounts | null>(null);

  async function refresh() {
    try {
      // Loaded here rather than imported: the consulting schemas are not part of the first page's JavaScript.
      const { countConsultingRequests } = await import('../api/consulting');
      counts.value = (await countConsultingRequests()).data;
    } catch {
      // The navigation shows no number rather than an error; the pages report failures.
    }
  }

  return { counts, refresh, clear: () => (counts.value = null) };
});
