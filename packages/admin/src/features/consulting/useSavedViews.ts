import { ref } from 'vue';
import type { LocationQueryRaw } from 'vue-router';

const STORAGE_KEY = 'euregionet.consulting.savedViews';

export interface SavedView {
  name: string;
  query: LocationQueryRaw;
}

function read(): SavedView[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((v): v is SavedView => typeof v?.name === 'string' && typeof v?.query === 'object') : [];
  } catch {
    return [];
  }
}

/** Filters of the inbox that a user saved by name, kept in this browser. */
export function useSavedViews() {
  const views = ref<SavedView[]>(read());
  const write = () => localStorage.setItem(STORAGE_KEY, JSON.stringify(views.value));
  return {
    views,
    save(name: string, query: LocationQueryRaw) {
      views.value = [...views.value.filter((v) => v.name !== name), { name, query }];
      write();
    },
    remove(name: string) {
      views.value = views.value.filter((v) => v.name !== name);
      write();
    },
  };
}
