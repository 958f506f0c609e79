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
  { path: '/answer-templates', name: 'answer-templates', component: () => import('./AnswerTemplatesPage.vue') },
  {
    path: '/answer-templates/new',
    name: 'answer-template-new',
    component: () => import('./AnswerTemplateFormPage.vue'),
    meta: { roles: ['admin', 'coordinator'] },
  },
  {
    path: '/answer-templates/:id',
    name: 'answer-template-edit',
    component: () => import('./AnswerTemplateFormPage.vue'),
    props: true,
    meta: { roles: ['admin', 'coordinator'] },
  },
  { path: '/outbox', name: 'outbox', component: () => import('./OutboxPage.vue'), meta: { roles: ['admin', 'coordinator'] } },
  {
    path: '/personal-data',
    name: 'personal-data',
    component: () => import('./PersonalDataPage.vue'),
    meta: { roles: ['admin', 'coordinator'] },
  },
];
