import type { RouteRecordRaw } from 'vue-router';

export const organisationRoutes: RouteRecordRaw[] = [
  { path: '/organisations', name: 'organisations', component: () => import('./OrganisationListPage.vue') },
  {
    path: '/organisations/new',
    name: 'organisation-new',
    component: () => import('./OrganisationFormPage.vue'),
    meta: { roles: ['admin', 'coordinator', 'consultant'] },
  },
  { path: '/organisations/:id', name: 'organisation', component: () => import('./OrganisationDetailPage.vue'), props: true },
  {
    path: '/organisations/:id/edit',
    name: 'organisation-edit',
    component: () => import('./OrganisationFormPage.vue'),
    props: true,
    meta: { roles: ['admin', 'coordinator', 'consultant'] },
  },
];
