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
  {
    path: '/events/:id/registrations',
    name: 'event-registrations',
    component: () => import('./EventRegistrationsPage.vue'),
    props: true,
    // Registrations hold personal data: for the staff who register and check people in.
    meta: { roles: ['admin', 'coordinator', 'consultant'] },
  },
  {
    path: '/events/:id/meetings',
    name: 'event-meetings',
    component: () => import('./EventMeetingsPage.vue'),
    props: true,
    // Participants' names and requests: for the staff who help them, like the registrations.
    meta: { roles: ['admin', 'coordinator', 'consultant'] },
  },
];
