import type { LocationQuery } from 'vue-router';

/**
 * Where signing in leads: the page the user was sent away from, if it is a path of this app (a
 * redirect parameter must not send the user to another site), else the start page.
 */
export function signInTarget(query: LocationQuery): string {
  const redirect = query.redirect;
  return typeof redirect === 'string' && redirect.startsWith('/') && !redirect.startsWith('//') ? redirect : '/';
}
