import type { RouteRecordRaw } from 'vue-router';

export const dialogueEventRoutes: RouteRecordRaw[] = [
  { path: '/events', name: 'events', component: () => import('./EventListPage.vue') },
  {
    path: '/events/new',
    name: 'event-new',
    component: () => import('./EventFormPage.vue'),
    meta: { roles: ['admin', 'coordinator', 'consultant'] },
  },
  { path: '/events/:id', name: 'event', component: () => import('./EventFormPage.vue'), props: true },
];
