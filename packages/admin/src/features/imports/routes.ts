import type { RouteRecordRaw } from 'vue-router';

export const importRoutes: RouteRecordRaw[] = [
  { path: '/imports', name: 'imports', component: () => import('./ImportListPage.vue') },
  {
    path: '/imports/new',
    name: 'import-new',
    component: () => import('./ImportWizardPage.vue'),
    meta: { roles: ['admin', 'coordinator', 'consultant'] },
  },
  { path: '/imports/:id', name: 'import', component: () => import('./ImportDetailPage.vue'), props: true },
];
