import { defineStore } from 'pinia';
import { markRaw, shallowRef } from 'vue';
import type { TopologyNode } from '../../../shared/domain/topology';
import type { TopologyClusterTopicEntity, TopologyFrameEntity, TopologyWallEntity } from '../../../shared/protocol/topology-layout';
import type { TopologySummaryEntity } from '../../../shared/protocol/topics';
import type { AlarmsTopicEntity } from '../../../shared/protocol/alarms';
import type { HealthTopicEntity } from '../../../shared/protocol/health';
import type { StreamClient, TopicEvent } from '../../services/socket';
import { useSessionStore } from '../session/session-store';
import { NO_FILTERS, type TopologyFilters } from './topology-filters';
import { createTopologyDrill } from './topology-drill';
import {
  applyClusterDelta,
  applyClusterSnapshot,
  applyWallDelta,
  applyWallSnapshot,
  bumpAll,
  clusterOfNode,
  createExpandedCluster,
  createTopologyModel,
  findNode,
  overBudget,
  type ColourBy,
  type ExpandedCluster,
} from './topology-model';
import { healthBands, sameBands } from './topology-overlays';

/**
 * Clusters expanded at once; the oldest collapses first (each is a topic). Together they also
 * stay within DRAW_LIMITS.expanded drawn elements (topology-model.ts, the level-of-detail rule).
 */
export const MAX_EXPANDED = 8;

export type FocusResult = 'drawn' | 'expanding' | 'not-found';

/**
 * The topology wall's live state. The entities live in a plain, non-reactive model (see
 * topology-model.ts); `version` is the one reactive signal that it changed, and the chart reads
 * the model itself. Small UI state (filters, expanded ids, summary, frame) is in shallowRefs that
 * are replaced, never mutated (convention 10).
 *
 *   collapsed ──click / search──▶ expanded (subscribed to topology:<id>) ──click again──▶ collapsed
 *                                   │ a ninth expansion, the cluster's removal, unmount
 *                                   └──────────────────────────────────────────────────▶ collapsed
 */
export const useTopologyStore = defineStore('topology', () => {
  const model = markRaw(createTopologyModel());
  const version = shallowRef(0);
  const summary = shallowRef<TopologySummaryEntity | null>(null);
  const frame = shallowRef<TopologyFrameEntity | null>(null);
  /** Oldest first. */
  const expandedIds = shallowRef<string[]>([]);
  const filters = shallowRef<TopologyFilters>(NO_FILTERS);
  /** The node ringed on the wall (search result, last click). */
  const focus = shallowRef<string | null>(null);
  /** A request to bring a point into view; `seq` makes a repeated request a new value. */
  const centerOn = shallowRef<{ x: number; y: number; seq: number } | null>(null);
  const drill = createTopologyDrill(() => useSessionStore().client());
  /** Node fill: status, or the health score's band where the `health` topic scores the node. */
  const colourBy = shallowRef<ColourBy>('status');

  let users = 0;
  let stops: Array<() => void> = [];
  let boundStream: StreamClient | null = null;
  const clusterStops = new Map<string, () => void>();
  /** The `health` subscription: only while colouring by health (a wall in status mode never pays for it). */
  let healthStop: (() => void) | null = null;
  /** A search hit whose cluster is being expanded: centred once its members arrive. */
  let pendingFocus: string | null = null;
  let centerSeq = 0;

  function changed(): void {
    if (model.summary !== summary.value) summary.value = model.summary;
    if (model.frame !== frame.value) frame.value = model.frame;
    const ids = [...model.expanded.keys()];
    if (ids.join('\n') !== expandedIds.value.join('\n')) expandedIds.value = ids;
    resolvePendingFocus();
    version.value++;
  }

  function onWall(ev: TopicEvent<TopologyWallEntity>): void {
    if (ev.kind === 'snapshot') applyWallSnapshot(model, ev.state.entities);
    else applyWallDelta(model, ev.delta.changes.upserts, ev.delta.changes.removes);
    // An expanded cluster that left this audience's wall (or is now drawn by the server) closes.
    for (const [id] of model.expanded) {
      const c = model.clusters.get(id);
      if (!c || c.expanded) collapse(id, false);
    }
    changed();
  }

  function onCluster(entry: ExpandedCluster, ev: TopicEvent<TopologyClusterTopicEntity>): void {
    if (model.expanded.get(entry.id) !== entry) return; // collapsed meanwhile
    if (ev.kind === 'snapshot') applyClusterSnapshot(model, entry, ev.state.entities);
    else applyClusterDelta(model, entry, ev.delta.changes.upserts, ev.delta.changes.removes);
    // The expansions together past their budget: the oldest close (never this one).
    for (const id of overBudget(model)) collapse(id, false);
    changed();
  }

  /**
   * Badges read only the `alarms` topic's summary (the store shares the topic's subscription with
   * the alarm board when both are open). A credential without `alarms` is refused: no badges.
   */
  function onAlarms(ev: TopicEvent<AlarmsTopicEntity>): void {
    const s = ev.state.entities['summary'];
    const next = s?.type === 'alarm-summary' ? s : null;
    if (next === model.alarms) return;
    model.alarms = next;
    model.versions.badges++;
    changed();
  }

  function onHealth(ev: TopicEvent<HealthTopicEntity>): void {
    const next = healthBands(ev.state.entities);
    if (sameBands(model.health, next)) return;
    model.health = next;
    if (model.colourBy === 'health') model.versions.nodes++;
    changed();
  }

  function subscribeHealth(): void {
    if (healthStop || !boundStream || stops.length === 0 || model.colourBy !== 'health') return;
    healthStop = boundStream.subscribe<HealthTopicEntity>('health', onHealth);
  }

  function unsubscribeHealth(): void {
    healthStop?.();
    healthStop = null;
    model.health = null;
  }

  function setColourBy(mode: ColourBy): void {
    if (mode === model.colourBy) return;
    model.colourBy = colourBy.value = mode;
    if (mode === 'health') subscribeHealth();
    else unsubscribeHealth();
    model.versions.nodes++;
    changed();
  }

  /** Draws a cluster's members one by one. No-op for a cluster the server already draws so. */
  function expand(id: string): boolean {
    const c = model.clusters.get(id);
    // Only while the wall is subscribed (stops is empty after stop()).
    if (!boundStream || stops.length === 0 || !c || c.expanded) return false;
    if (model.expanded.has(id)) return true;
    while (model.expanded.size >= MAX_EXPANDED) collapse(model.expanded.keys().next().value as string, false);
    const entry = createExpandedCluster(id);
    model.expanded.set(id, entry);
    clusterStops.set(id, boundStream.subscribe<TopologyClusterTopicEntity>(`topology:${id}`, (ev) => onCluster(entry, ev)));
    bumpAll(model);
    changed();
    return true;
  }

  function collapse(id: string, notify = true): void {
    clusterStops.get(id)?.();
    clusterStops.delete(id);
    if (!model.expanded.delete(id)) return;
    bumpAll(model);
    if (notify) changed();
  }

  function toggle(id: string): void {
    if (model.expanded.has(id)) collapse(id);
    else expand(id);
  }

  function collapseAll(): void {
    for (const id of [...model.expanded.keys()]) collapse(id, false);
    changed();
  }

  /** Replaces the filters (the chart compares identity to know they moved). */
  function setFilters(patch: Partial<TopologyFilters>): void {
    filters.value = Object.freeze({ ...filters.value, ...patch });
  }

  function centre(nodeId: string): boolean {
    const n = findNode(model, nodeId);
    if (!n) return false;
    focus.value = nodeId;
    centerOn.value = { x: n.x, y: n.y, seq: ++centerSeq };
    return true;
  }

  function resolvePendingFocus(): void {
    if (pendingFocus && centre(pendingFocus)) pendingFocus = null;
  }

  /** A node found by search: centre it if drawn, else expand its cluster and centre it when it arrives. */
  function focusNode(node: Pick<TopologyNode, 'id' | 'layer' | 'dc' | 'kind' | 'domain'>): FocusResult {
    pendingFocus = null;
    if (centre(node.id)) return 'drawn';
    const c = clusterOfNode(model, node);
    if (!c || !expand(c.id)) return 'not-found';
    pendingFocus = node.id;
    focus.value = node.id;
    // Until its members arrive, bring the box into view.
    centerOn.value = { x: c.x + c.w / 2, y: c.y + c.h / 2, seq: ++centerSeq };
    return 'expanding';
  }

  function clearFocus(): void {
    pendingFocus = null;
    focus.value = null;
  }

  /** Reference-counted: the wall and a desk page may share one subscription. */
  function start(): void {
    users++;
    if (users > 1) return;
    const stream = useSessionStore().streamClient();
    if (!stream) return;
    // Another credential's socket means another audience: nothing of the last one may remain.
    if (stream !== boundStream) clear();
    boundStream = stream;
    stops = [stream.subscribe<TopologyWallEntity>('topology', onWall), stream.subscribe<AlarmsTopicEntity>('alarms', onAlarms)];
    subscribeHealth();
  }

  function stop(): void {
    users = Math.max(0, users - 1);
    if (users > 0) return;
    for (const id of [...model.expanded.keys()]) collapse(id, false);
    for (const s of stops) s();
    stops = [];
    unsubscribeHealth();
    pendingFocus = null;
    changed();
  }

  function clear(): void {
    for (const id of [...model.expanded.keys()]) collapse(id, false);
    applyWallSnapshot(model, {});
    // The last audience's alarms and scores go with it.
    unsubscribeHealth();
    model.alarms = null;
    filters.value = NO_FILTERS;
    focus.value = null;
    centerOn.value = null;
    drill.close();
    changed();
  }

  return {
    model,
    version,
    summary,
    frame,
    expandedIds,
    filters,
    focus,
    centerOn,
    colourBy,
    ...drill,
    expand,
    collapse,
    toggle,
    collapseAll,
    setFilters,
    focusNode,
    clearFocus,
    setColourBy,
    start,
    stop,
  };
});
