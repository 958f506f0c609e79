import type { RouteRecordRaw } from 'vue-router';

export const apiKeyRoutes: RouteRecordRaw[] = [
  { path: '/api-keys', name: 'api-keys', component: () => import('./ApiKeysPage.vue'), meta: { roles: ['admin'] } },
];
