import type { RouteRecordRaw } from 'vue-router';

export const apiKeyRoutes: RouteRecordRaw[] = [
  { path: '/api-keys', name: 'api-keys', component: () => import('./ApiKeysPage.vue'), meta: { roles: ['admin'] } },
  {
    path: '/api-keys/:id/webhooks',
    name: 'api-key-webhooks',
    component: () => import('./WebhooksPage.vue'),
    props: true,
    meta: { roles: ['admin'] },
  },
];
