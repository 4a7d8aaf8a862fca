import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import type { NodeStatus } from '../../../shared/domain/topology';
import { STATUS_RANK } from '../../../shared/domain/topology';
import type {
  OverviewTotalsEntity,
  TopologyEntity,
  TopologyNodeEntity,
  TopologySummaryEntity,
} from '../../../shared/protocol/topics';
import type { StreamClient, TopicEvent } from '../../services/socket';
import { useSessionStore } from '../session/session-store';

/** Points per sparkline: 10 minutes at one point every 2 s. Every client array on the wall is capped. */
export const HISTORY_CAPACITY = 300;
export const HISTORY_INTERVAL_MS = 2_000;
export const TICKER_CAPACITY = 40;
export const WORST_NODES = 12;

export interface StatusChange {
  /** Wall-clock ms when the console saw it. */
  seenAt: number;
  /** Source time of the delta that carried it. */
  at: string;
  nodeId: string;
  name: string;
  from: NodeStatus | null;
  to: NodeStatus;
}

export type TotalsSeries = 'tps' | 'latencyMs' | 'errorRate' | 'sessions';
const SERIES: readonly TotalsSeries[] = ['tps', 'latencyMs', 'errorRate', 'sessions'];

/**
 * Sparkline histories start full of gaps (null) rather than empty: the wall then holds the same
 * number of points from its first minute to its tenth week, and its memory stays flat instead of
 * growing for the ten minutes it takes to fill them (bench:console measures exactly that).
 */
function emptyHistory(): Record<TotalsSeries, Array<number | null>> {
  const gaps = () => new Array<number | null>(HISTORY_CAPACITY).fill(null);
  return { tps: gaps(), latencyMs: gaps(), errorRate: gaps(), sessions: gaps() };
}

/** A new array with `value` appended and at most `cap` entries: replaced, never mutated (convention 10). */
export function appendCapped<T>(arr: readonly T[], value: T, cap: number): T[] {
  const next = arr.length >= cap ? arr.slice(arr.length - cap + 1) : arr.slice();
  next.push(value);
  return next;
}

/** The node entities of a topology state that matter most on a wall: worst status first. */
export function worstNodes(entities: Record<string, TopologyEntity>, n: number): TopologyNodeEntity[] {
  const out: TopologyNodeEntity[] = [];
  for (const e of Object.values(entities)) if (e.type === 'node' && e.status !== 'ok') out.push(e);
  out.sort((a, b) => STATUS_RANK[b.status] - STATUS_RANK[a.status] || a.name.localeCompare(b.name));
  return out.slice(0, n);
}

/**
 * The wall overview's live state: the topology summary (per audience, from the server), the
 * platform totals and their recent history, the worst nodes, and a ticker of status changes.
 * Views call `start()` on mount and `stop()` on unmount; subscriptions are reference-counted so
 * two views on one page share them.
 */
export const useOverviewStore = defineStore('overview', () => {
  const summary = shallowRef<TopologySummaryEntity | null>(null);
  const totals = shallowRef<OverviewTotalsEntity | null>(null);
  /** Source time of the latest overview state (simulated time in demo mode). */
  const sourceAt = shallowRef<string | null>(null);
  const history = shallowRef<Record<TotalsSeries, Array<number | null>>>(emptyHistory());
  const ticker = shallowRef<StatusChange[]>([]);
  const worst = shallowRef<TopologyNodeEntity[]>([]);
  /** How many components the (bounded) topology snapshot holds of all the audience could see. */
  const coverage = shallowRef<{ shown: number; total: number; complete: boolean }>({ shown: 0, total: 0, complete: true });

  let users = 0;
  let stops: Array<() => void> = [];
  /** The socket the data came from: another credential's socket means another audience. */
  let boundStream: StreamClient | null = null;

  function onTopology(ev: TopicEvent<TopologyEntity>): void {
    const { state } = ev;
    const s = state.entities['summary'];
    if (s?.type === 'summary' && s !== summary.value) summary.value = s;
    if (ev.kind === 'delta') {
      let changes = ticker.value;
      for (const [id, next] of Object.entries(ev.delta.changes.upserts)) {
        if (next.type !== 'node') continue;
        const prev = ev.previous[id];
        const from = prev?.type === 'node' ? prev.status : null;
        if (from === next.status || (from === null && next.status === 'ok')) continue;
        changes = [{ seenAt: Date.now(), at: ev.delta.at, nodeId: next.id, name: next.name, from, to: next.status }, ...changes].slice(0, TICKER_CAPACITY);
      }
      if (changes !== ticker.value) ticker.value = changes;
    }
    worst.value = worstNodes(state.entities, WORST_NODES);
    if (!state.complete || !coverage.value.complete) {
      let shown = 0;
      for (const e of Object.values(state.entities)) if (e.type === 'node') shown++;
      coverage.value = { shown, total: summary.value?.nodes ?? shown, complete: state.complete };
    }
  }

  function onOverview(ev: TopicEvent<OverviewTotalsEntity>): void {
    const t = ev.state.entities['totals'];
    if (t && t !== totals.value) {
      const first = totals.value === null;
      totals.value = t;
      if (first) sample(); // the sparklines start with the first value, not 2 s later
    }
    if (ev.state.at !== sourceAt.value) sourceAt.value = ev.state.at;
  }

  /** Sampled on a fixed wall-clock interval, so the sparklines' time axis is even whatever the tick rate. */
  function sample(): void {
    const t = totals.value;
    if (!t) return;
    const next = { ...history.value };
    for (const k of SERIES) next[k] = appendCapped(next[k], t[k] ?? null, HISTORY_CAPACITY);
    history.value = next;
  }

  function start(): void {
    users++;
    if (users > 1) return;
    const stream = useSessionStore().streamClient();
    if (!stream) return;
    if (stream !== boundStream) clear();
    boundStream = stream;
    const timer = setInterval(sample, HISTORY_INTERVAL_MS);
    stops = [
      stream.subscribe<TopologyEntity>('nodes', onTopology),
      stream.subscribe<OverviewTotalsEntity>('overview', onOverview),
      () => clearInterval(timer),
    ];
  }

  function stop(): void {
    users = Math.max(0, users - 1);
    if (users > 0) return;
    for (const s of stops) s();
    stops = [];
  }

  /** Forget the data: the next audience must never see this one's. */
  function clear(): void {
    summary.value = null;
    totals.value = null;
    sourceAt.value = null;
    history.value = emptyHistory();
    ticker.value = [];
    worst.value = [];
    coverage.value = { shown: 0, total: 0, complete: true };
  }

  return { summary, totals, sourceAt, history, ticker, worst, coverage, start, stop };
});
