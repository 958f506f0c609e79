import type { RouteRecordRaw } from 'vue-router';

// Leaflet comes with this page only: the initial bundle stays within its budget.
export const mapRoutes: RouteRecordRaw[] = [{ path: '/map', name: 'map', component: () => import('./MapPage.vue') }];
