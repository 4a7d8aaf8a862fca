import { createRouter, createWebHashHistory, type Router } from 'vue-router';
import LoginPage from '../features/session/login-page.vue';
import { useSessionStore } from '../features/session/session-store';
import DeskShell from '../features/shell/desk-shell.vue';
import WallShell from '../features/shell/wall-shell.vue';
import { setLocale } from './i18n';

/**
 * Hash history: the console is served as static files by the aggregator and loaded by Electron
 * the same way, so no server route has to know the console's paths. `#/wall/<view>` is the
 * chrome-less wall; everything else is the desk and needs a person signed in.
 */
export function createConsoleRouter(): Router {
  const router = createRouter({
    history: createWebHashHistory(),
    routes: [
      { path: '/login', name: 'login', component: LoginPage },
      // `#/wall/<view>` or `#/wall/<view>/<arg>` (a dashboard wall: `#/wall/dashboard/<id>`).
      { path: '/wall/:view/:arg?', name: 'wall', component: WallShell },
      {
        path: '/',
        component: DeskShell,
        meta: { person: true },
        children: [
          { path: '', redirect: '/overview' },
          { path: 'overview', name: 'overview', component: () => import('../features/overview/overview-page.vue') },
          { path: 'alarms', name: 'alarms', component: () => import('../features/alarms/alarms-page.vue') },
          { path: 'topology', name: 'topology', component: () => import('../features/topology/topology-page.vue') },
          { path: 'nodes', name: 'nodes', component: () => import('../features/topology/nodes-page.vue') },
          { path: 'health', name: 'health', component: () => import('../features/health/health-page.vue') },
          { path: 'dashboards', name: 'dashboards', component: () => import('../features/dashboards/dashboards-page.vue') },
          { path: 'dashboards/:id', name: 'dashboard', component: () => import('../features/dashboards/dashboards-page.vue') },
        ],
      },
      { path: '/:rest(.*)*', redirect: '/' },
    ],
  });
  let launchLocaleApplied = false;
  router.beforeEach(async (to) => {
    const session = useSessionStore();
    await session.init();
    if (!launchLocaleApplied && session.launchLocale) setLocale(session.launchLocale, false);
    launchLocaleApplied = true;
    // The desktop shell names a wall view for this window: go straight there.
    if (session.launchView && to.name !== 'wall') return { name: 'wall', params: { view: session.launchView } };
    if (to.matched.some((r) => r.meta.person) && session.credential?.kind !== 'person') {
      return { name: 'login', query: to.fullPath === '/' ? {} : { next: to.fullPath } };
    }
    if (to.name === 'login' && session.credential?.kind === 'person') return { path: '/' };
    return true;
  });
  return router;
}
