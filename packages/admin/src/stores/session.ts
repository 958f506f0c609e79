import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { canEditRecord as canEdit, EDITORS, type CurrentUser, type OwnedRecord, type Role } from '@euregionet/shared/access';
import { getSession, login as apiLogin, logout as apiLogout, updateOwnAccount } from '../api/auth';
import { ApiError, setCsrfToken } from '../api/http';
import { setLocale, type Locale } from '../i18n';

/** The signed-in user, shared by the header, the router guard and every page that hides buttons. */
export const useSessionStore = defineStore('session', () => {
  const user = ref<CurrentUser | null>(null);
  const checked = ref(false);

  function set(next: CurrentUser | null, csrfToken: string | null) {
    user.value = next;
    setCsrfToken(csrfToken);
    checked.value = true;
  }

  async function ensureLoaded() {
    if (checked.value) return;
    try {
      const { data } = await getSession();
      set(data.user, data.csrfToken);
      await setLocale(data.user.language);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) set(null, null);
      else throw err;
    }
  }

  async function login(email: string, password: string) {
    const { data } = await apiLogin({ email, password });
    set(data.user, data.csrfToken);
    // The account's language, chosen by the person, outranks the browser's.
    await setLocale(data.user.language);
  }

  /**
   * Switches the app to another language and keeps it: in the account of the person signed in
   * (so that their next sign-in and their e-mails use it), and in this browser.
   */
  async function setLanguage(locale: Locale) {
    if (user.value) {
      const { data } = await updateOwnAccount({ language: locale });
      user.value = data.user;
    }
    await setLocale(locale);
  }

  async function logout() {
    try {
      await apiLogout();
    } finally {
      set(null, null);
    }
  }

  const hasRole = (...roles: Role[]) => !!user.value && roles.includes(user.value.role);

  /** The API's own rule: consultants change their own partner's records and those assigned to them. */
  const canEditRecord = (record: OwnedRecord) => !!user.value && canEdit(user.value, record);

  return {
    user,
    checked,
    ensureLoaded,
    login,
    logout,
    setLanguage,
    hasRole,
    canEditRecord,
    canCreate: computed(() => !!user.value && EDITORS.includes(user.value.role)),
    forget: () => set(null, null),
  };
});
