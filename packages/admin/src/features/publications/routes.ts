import type { RouteRecordRaw } from 'vue-router';

export const publicationRoutes: RouteRecordRaw[] = [
  { path: '/publications', name: 'publications', component: () => import('./PublicationListPage.vue') },
  {
    path: '/publications/new',
    name: 'publication-new',
    component: () => import('./PublicationFormPage.vue'),
    meta: { roles: ['admin', 'coordinator', 'consultant'] },
  },
  // Every staff member reads publications (drafts too); the page lets only their editors change them.
  { path: '/publications/:id', name: 'publication', component: () => import('./PublicationFormPage.vue'), props: true },
];
