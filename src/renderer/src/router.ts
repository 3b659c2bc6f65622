import { createRouter, createWebHashHistory, type Router } from 'vue-router'

/** Hash history: works from file:// inside Electron and from the web bridge alike. */
export function createAppRouter(): Router {
  return createRouter({
    history: createWebHashHistory(),
    routes: [
      { path: '/', redirect: '/stations' },
      { path: '/stations', name: 'stations', component: () => import('./pages/StationsPage.vue') },
      {
        path: '/stations/:id',
        name: 'station',
        component: () => import('./pages/StationPage.vue'),
        props: true,
      },
      { path: '/log', name: 'log', component: () => import('./pages/MessageLogPage.vue') },
      { path: '/transactions', name: 'transactions', component: () => import('./pages/TransactionsPage.vue') },
      { path: '/id-tags', name: 'id-tags', component: () => import('./pages/IdTagsPage.vue') },
      { path: '/charging-profiles', name: 'charging-profiles', component: () => import('./pages/ChargingProfilesPage.vue') },
      { path: '/reservations', name: 'reservations', component: () => import('./pages/ReservationsPage.vue') },
      { path: '/local-lists', name: 'local-lists', component: () => import('./pages/LocalListsPage.vue') },
      { path: '/firmware', name: 'firmware', component: () => import('./pages/FirmwarePage.vue') },
      { path: '/settings', name: 'settings', component: () => import('./pages/SettingsPage.vue') },
      { path: '/:pathMatch(.*)*', redirect: '/stations' },
    ],
  })
}
