import type { RouteRecordRaw } from 'vue-router';

export const indicatorRoutes: RouteRecordRaw[] = [
  { path: '/indicators', name: 'indicators', component: () => import('./IndicatorsDashboardPage.vue') },
  { path: '/indicators/summary', name: 'indicator-summary', component: () => import('./IndicatorSummaryPage.vue') },
  { path: '/indicators/:indicator', name: 'indicator-evidence', component: () => import('./IndicatorEvidencePage.vue'), props: true },
];
