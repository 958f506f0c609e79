import type { RouteRecordRaw } from 'vue-router';

export const clusterRoutes: RouteRecordRaw[] = [
  { path: '/clusters', name: 'clusters', component: () => import('./ClusterListPage.vue') },
  { path: '/clusters/new', name: 'cluster-new', component: () => import('./ClusterFormPage.vue') },
  { path: '/clusters/:id', name: 'cluster', component: () => import('./ClusterDetailPage.vue'), props: true },
  { path: '/clusters/:id/edit', name: 'cluster-edit', component: () => import('./ClusterFormPage.vue'), props: true },
];
