import { LAYERS, STATUSES, type Layer, type NodeStatus } from '../../../shared/domain/topology';
import type { TopologyClusterEntity } from '../../../shared/protocol/topology-layout';
import type { TopologyChartTexts } from './topology-chart-types';

export type Translate = (key: string, named?: Record<string, unknown>) => string;

/** A cluster's group as people say it: business groups by domain name, platform clusters by kind. */
export function groupName(t: Translate, c: Pick<TopologyClusterEntity, 'layer' | 'group'>): string {
  return c.layer === 'business' && ['B', 'O', 'M'].includes(c.group) ? t(`topology.domain.${c.group}`) : c.group;
}

/**
 * The chart's words in the reader's language, built once per language: the renderer redraws the
 * labels when this object changes, and only then.
 */
export function topologyChartTexts(t: Translate, locale: string): TopologyChartTexts {
  const status = Object.fromEntries(STATUSES.map((s) => [s, t(`status.${s}`)])) as Record<NodeStatus, string>;
  const layer = Object.fromEntries(LAYERS.map((l) => [l, t(`layer.${l}`)])) as Record<Layer, string>;
  return {
    locale,
    status,
    layer,
    clusterLabels: (c) => {
      const named = { group: groupName(t, c), count: c.members.toLocaleString(locale), dc: c.dc };
      return [t('topology.clusterLabel', named), t('topology.clusterShort', named), named.group];
    },
    nodeTooltip: (n) => [n.name, t('topology.tooltip.node', { kind: n.kind, layer: layer[n.layer] ?? n.layer, dc: n.dc }), t('topology.tooltip.status', { status: status[n.status] ?? n.status })],
    clusterTooltip: (c) => {
      const counts = STATUSES.filter((s) => (c.byStatus[s] ?? 0) > 0).map((s) => `${status[s]} ${c.byStatus[s].toLocaleString(locale)}`);
      return [t('topology.clusterLabel', { group: groupName(t, c), count: c.members.toLocaleString(locale), dc: c.dc }), counts.join(' · '), t('topology.tooltip.worst', { status: status[c.worst] ?? c.worst }), t(c.expanded ? 'topology.tooltip.drawnByServer' : 'topology.tooltip.clickToExpand')];
    },
    linkTooltip: (count, worst) => [t('topology.tooltip.link', { count }), t('topology.tooltip.worst', { status: status[worst] ?? worst })],
  };
}
