import { createRouter, createWebHistory } from 'vue-router';
import { clusterRoutes } from './features/clusters/routes';

// Each feature owns its routes; pages are loaded when first visited.
export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', redirect: '/clusters' },
    ...clusterRoutes,
    { path: '/:path(.*)*', name: 'not-found', component: () => import('./components/NotFoundPage.vue') },
  ],
  scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
});
