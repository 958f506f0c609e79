import type { RouteRecordRaw } from 'vue-router';

export const consultingRoutes: RouteRecordRaw[] = [
  { path: '/consulting-requests', name: 'consulting', component: () => import('./ConsultingInboxPage.vue') },
  { path: '/consulting-requests/board', name: 'consulting-board', component: () => import('./ConsultingBoardPage.vue') },
  {
    path: '/consulting-requests/new',
    name: 'consulting-new',
    component: () => import('./ConsultingIntakePage.vue'),
    meta: { roles: ['admin', 'coordinator', 'consultant'] },
  },
  { path: '/consulting-requests/:id', name: 'consulting-request', component: () => import('./ConsultingDetailPage.vue'), props: true },
  { path: '/outbox', name: 'outbox', component: () => import('./OutboxPage.vue'), meta: { roles: ['admin', 'coordinator'] } },
  {
    path: '/personal-data',
    name: 'personal-data',
    component: () => import('./PersonalDataPage.vue'),
    meta: { roles: ['admin', 'coordinator'] },
  },
];
