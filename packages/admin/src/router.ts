import { createRouter, createWebHistory } from 'vue-router';
import type { Role } from '@euregionet/shared';
import { apiKeyRoutes } from './features/api-keys/routes';
import { auditRoutes } from './features/audit/routes';
import { authRoutes } from './features/auth/routes';
import { signInTarget } from './features/auth/redirect';
import { clusterRoutes } from './features/clusters/routes';
import { consultingRoutes } from './features/consulting/routes';
import { mapRoutes } from './features/map/routes';
import { organisationRoutes } from './features/organisations/routes';
import { searchRoutes } from './features/search/routes';
import { brandRoutes } from './features/brand/routes';
import { evaluationRoutes } from './features/evaluations/routes';
import { dialogueEventRoutes } from './features/dialogue-events/routes';
import { fundingCallRoutes } from './features/funding-calls/routes';
import { importRoutes } from './features/imports/routes';
import { indicatorRoutes } from './features/indicators/routes';
import { matchmakingRoutes } from './features/matchmaking/routes';
import { publicationRoutes } from './features/publications/routes';
import { userRoutes } from './features/users/routes';
import { useSessionStore } from './stores/session';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without signing in. */
    public?: boolean;
    /** Only these roles; everyone signed in when absent. */
    roles?: Role[];
  }
}

// Each feature owns its routes; pages are loaded when first visited.
export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', name: 'home', component: () => import('./features/home/HomePage.vue') },
    ...authRoutes,
    ...clusterRoutes,
    ...consultingRoutes,
    ...organisationRoutes,
    ...mapRoutes,
    ...searchRoutes,
    ...evaluationRoutes,
    ...brandRoutes,
    ...fundingCallRoutes,
    ...dialogueEventRoutes,
    ...publicationRoutes,
    ...indicatorRoutes,
    ...importRoutes,
    ...matchmakingRoutes,
    ...userRoutes,
    ...apiKeyRoutes,
    ...auditRoutes,
    { path: '/forbidden', name: 'forbidden', component: () => import('./components/ForbiddenPage.vue') },
    { path: '/:path(.*)*', name: 'not-found', component: () => import('./components/NotFoundPage.vue') },
  ],
  scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
});

router.beforeEach(async (to) => {
  const session = useSessionStore();
  // Someone signed in who reaches the sign-in page (a reload while it was leaving, a bookmark)
  // goes on to where signing in would have taken them.
  if (to.name === 'login') {
    await session.ensureLoaded();
    return session.user ? signInTarget(to.query) : true;
  }
  if (to.meta.public) return true;
  await session.ensureLoaded();
  if (!session.user) return { name: 'login', query: { redirect: to.fullPath } };
  if (to.meta.roles && !to.meta.roles.includes(session.user.role)) return { name: 'forbidden' };
  return true;
});
