import type { RouteRecordRaw } from 'vue-router';

export const evaluationRoutes: RouteRecordRaw[] = [
  { path: '/evaluations', name: 'evaluations', component: () => import('./EvaluationListPage.vue') },
  { path: '/evaluations/:id', name: 'evaluation', component: () => import('./EvaluationPage.vue'), props: true },
  { path: '/evaluations/:id/report', name: 'evaluation-report', component: () => import('./EvaluationReportPage.vue'), props: true },
  {
    path: '/evaluation-frameworks',
    name: 'evaluation-frameworks',
    component: () => import('./FrameworkListPage.vue'),
    meta: { roles: ['admin'] },
  },
  {
    path: '/evaluation-frameworks/:id',
    name: 'evaluation-framework',
    component: () => import('./FrameworkEditPage.vue'),
    props: true,
    meta: { roles: ['admin'] },
  },
];
