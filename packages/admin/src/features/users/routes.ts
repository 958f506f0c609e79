import type { RouteRecordRaw } from 'vue-router';

export const userRoutes: RouteRecordRaw[] = [
  { path: '/users', name: 'users', component: () => import('./UsersPage.vue'), meta: { roles: ['admin'] } },
];
