import type { RouteRecordRaw } from 'vue-router';

const EDITORS = ['admin', 'coordinator', 'consultant'] as const;

export const matchmakingRoutes: RouteRecordRaw[] = [
  { path: '/matches', name: 'matches', component: () => import('./MatchBoardPage.vue') },
  { path: '/partners/:id', name: 'find-partners', component: () => import('./FindPartnersPage.vue'), props: true },
  { path: '/profiles', name: 'profiles', component: () => import('./ProfileListPage.vue') },
  { path: '/profiles/new', name: 'profile-new', component: () => import('./ProfileFormPage.vue'), meta: { roles: [...EDITORS] } },
  { path: '/profiles/:id', name: 'profile-edit', component: () => import('./ProfileFormPage.vue'), props: true },
  { path: '/matchmaking/weights', name: 'match-weights', component: () => import('./WeightsPage.vue'), meta: { roles: ['admin'] } },
];
