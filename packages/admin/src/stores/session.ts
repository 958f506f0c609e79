import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type * as access from '@euregionet/shared/access';
import type { CurrentUser, OwnedRecord, Role, SessionInfo } from '@euregionet/shared/access';
import type { PartnerCode } from '@euregionet/shared';
import { getSession, login as apiLogin, logout as apiLogout, updateOwnAccount } from '../api/auth';
import { ApiError, setCsrfToken } from '../api/http';
import { setLocale, type Locale } from '../i18n';

type AccessRules = typeof access;

/** The signed-in user, shared by the header, the router guard and every page that hides buttons. */
export const useSessionStore = defineStore('session', () => {
  const user = ref<CurrentUser | null>(null);
  const checked = ref(false);
  // The API's access rules come with its schemas, which the shell does not load up front. They are
  // loaded before a user is set, so every check below that has a user has its rules.
  let rules: AccessRules | null = null;

  function set(next: CurrentUser | null, csrfToken: string | null) {
    user.value = next;
    setCsrfToken(csrfToken);
    checked.value = true;
  }

  async function signIn(session: SessionInfo) {
    // Loaded already: the answer was checked against this module's schema.
    rules = await import('@euregionet/shared/access');
    set(session.user, session.csrfToken);
    // The account's language, chosen by the person, outranks the browser's.
    await setLocale(session.user.language);
  }

  async function ensureLoaded() {
    if (checked.value) return;
    try {
      await signIn((await getSession()).data);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) set(null, null);
      else throw err;
    }
  }

  async function login(email: string, password: string) {
    await signIn((await apiLogin({ email, password })).data);
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
  const canEditRecord = (record: OwnedRecord) => !!user.value && !!rules && rules.canEditRecord(user.value, record);

  /**
   * The partner a new record belongs to until its author picks another: the author's own. BIC is
   * the lead partner, and the API's owner of records from a caller without a partner (an API key);
   * the admin's forms sit behind sign-in, so it stands in only for the moment before the session is known.
   */
  const defaultPartner = computed<PartnerCode>(() => user.value?.partner ?? 'BIC');

  return {
    user,
    defaultPartner,
    checked,
    ensureLoaded,
    login,
    logout,
    setLanguage,
    hasRole,
    canEditRecord,
    canCreate: computed(() => !!user.value && !!rules && rules.EDITORS.includes(user.value.role)),
    forget: () => set(null, null),
  };
});
