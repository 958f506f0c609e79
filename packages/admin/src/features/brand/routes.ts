import type { RouteRecordRaw } from 'vue-router';

/** Deciding, acting on awards and editing the criteria are the coordinators' and administrators' work. */
export const brandRoutes: RouteRecordRaw[] = [
  { path: '/brand', name: 'brand', component: () => import('./BrandAwardsPage.vue') },
  {
    path: '/brand/apply',
    name: 'brand-apply',
    component: () => import('./BrandApplyPage.vue'),
    meta: { roles: ['admin', 'coordinator', 'consultant'] },
  },
  { path: '/brand/applications/:id', name: 'brand-application', component: () => import('./BrandDecisionPage.vue'), props: true },
  { path: '/brand/criteria', name: 'brand-criteria', component: () => import('./BrandCriteriaPage.vue') },
  { path: '/brand/awards/:id/certificate', name: 'brand-certificate', component: () => import('./BrandCertificatePage.vue'), props: true },
];
