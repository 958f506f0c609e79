import type { RouteRecordRaw } from 'vue-router';

export const fundingCallRoutes: RouteRecordRaw[] = [
  { path: '/funding-calls', name: 'funding-calls', component: () => import('./FundingCallListPage.vue') },
  {
    path: '/funding-calls/new',
    name: 'funding-call-new',
    component: () => import('./FundingCallFormPage.vue'),
    meta: { roles: ['admin', 'coordinator', 'consultant'] },
  },
  { path: '/funding-calls/:id', name: 'funding-call', component: () => import('./FundingCallDetailPage.vue'), props: true },
  {
    path: '/funding-calls/:id/edit',
    name: 'funding-call-edit',
    component: () => import('./FundingCallFormPage.vue'),
    props: true,
    meta: { roles: ['admin', 'coordinator', 'consultant'] },
  },
  { path: '/clusters/:id/funding', name: 'cluster-funding', component: () => import('./ClusterFundingPage.vue'), props: true },
];
