import type { Component } from 'vue';
import AlarmBoard from '../alarms/alarm-board.vue';
import DashboardView from '../dashboards/dashboard-view.vue';
import HealthBoard from '../health/health-board.vue';
import OverviewView from '../overview/overview-view.vue';
import TopologyView from '../topology/topology-view.vue';

/**
 * Views a wall can show, by the name used in `#/wall/<view>`, display credentials' `views` and
 * the desktop shell's per-display configuration. Kinds are a registry: later issues add
 * topology, alarms and health here.
 */
export const WALL_VIEWS: Record<string, { component: Component; titleKey: string }> = {
  overview: { component: OverviewView, titleKey: 'nav.overview' },
  topology: { component: TopologyView, titleKey: 'topology.menu' },
  alarms: { component: AlarmBoard, titleKey: 'nav.alarms' },
  health: { component: HealthBoard, titleKey: 'healthBoard.menu' },
  /** `#/wall/dashboard/<id>`: a tenant dashboard, its id from the route's argument. */
  dashboard: { component: DashboardView, titleKey: 'dashboards.wallTitle' },
};
