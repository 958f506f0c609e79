import type { Role } from '@euregionet/shared';
import type { Router } from 'vue-router';

export interface NavItem {
  /** The route's name; who may open it comes from the route's `meta.roles`. */
  name: string;
  /** Message key under `shell.nav`. */
  label: string;
  testid?: string;
}

export interface NavGroup {
  /** Message key under `shell.groups`. */
  key: 'directory' | 'support' | 'evaluation' | 'reporting' | 'administration';
  items: NavItem[];
  /** Only these roles see the group at all, even where a page in it is open to more. */
  roles?: Role[];
}

/** The pages grouped the way staff think of their work, not by the table behind them. */
export const NAVIGATION: NavGroup[] = [
  {
    key: 'directory',
    items: [
      { name: 'clusters', label: 'clusters', testid: 'nav-clusters' },
      { name: 'organisations', label: 'organisations' },
      { name: 'map', label: 'map', testid: 'nav-map' },
      { name: 'search', label: 'search' },
    ],
  },
  {
    key: 'support',
    items: [
      { name: 'consulting', label: 'requests', testid: 'nav-requests' },
      { name: 'answer-templates', label: 'answerTemplates', testid: 'nav-answer-templates' },
      { name: 'matches', label: 'matches', testid: 'nav-matchmaking' },
      { name: 'profiles', label: 'profiles' },
      { name: 'funding-calls', label: 'fundingCalls' },
      { name: 'events', label: 'events' },
      { name: 'publications', label: 'publications', testid: 'nav-publications' },
    ],
  },
  {
    key: 'evaluation',
    items: [
      { name: 'evaluations', label: 'evaluations' },
      { name: 'evaluation-frameworks', label: 'frameworks' },
      { name: 'brand', label: 'brand', testid: 'nav-brand' },
    ],
  },
  {
    key: 'reporting',
    items: [
      { name: 'indicators', label: 'indicators', testid: 'nav-indicators' },
      { name: 'indicator-summary', label: 'summary' },
    ],
  },
  {
    key: 'administration',
    // Viewers only read; importing, keys and the audit trail are work of the others.
    roles: ['admin', 'coordinator', 'consultant'],
    items: [
      { name: 'users', label: 'users' },
      { name: 'api-keys', label: 'apiKeys' },
      { name: 'imports', label: 'imports', testid: 'nav-imports' },
      { name: 'audit', label: 'audit' },
      { name: 'outbox', label: 'outbox' },
      { name: 'personal-data', label: 'personalData' },
      { name: 'match-weights', label: 'weights' },
    ],
  },
];

/** The groups and pages this role may use, by the same `meta.roles` the router guard checks. */
export function navigationFor(router: Router, role: Role): NavGroup[] {
  const allowed = (name: string) => {
    const roles = router.resolve({ name }).meta.roles;
    return !roles || roles.includes(role);
  };
  return NAVIGATION.filter((g) => !g.roles || g.roles.includes(role))
    .map((g) => ({ ...g, items: g.items.filter((i) => allowed(i.name)) }))
    .filter((g) => g.items.length > 0);
}
