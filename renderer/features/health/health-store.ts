import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import type { HealthScore } from '../../../shared/domain/health';
import type { Layer } from '../../../shared/domain/topology';
import type { HealthTopicEntity } from '../../../shared/protocol/health';
import type { StreamClient, TopicEvent } from '../../services/socket';
import { useSessionStore } from '../session/session-store';
import { appendTrends, foldHealthTopic, TREND_INTERVAL_MS, trendScores, type HealthFold } from './health-model';

const EMPTY: HealthFold = { domains: [], systems: [], components: [], summary: null };

export type Loadable<T> = { state: 'idle' } | { state: 'loading' } | { state: 'ready'; data: T } | { state: 'error'; message: string };

/**
 * The health board's live state (architecture.md convention 10): the `health` topic folded into
 * domain scores, business systems and the worst components (per audience: the server filters),
 * each score's bounded trend, and the score a person drilled into (its factors over REST).
 * Views call `start()` on mount and `stop()` on unmount; subscriptions are reference-counted.
 */
export const useHealthStore = defineStore('health', () => {
  const fold = shallowRef<HealthFold>(EMPTY);
  /** `d:<domain>` / `n:<nodeId>` → the last TREND_CAPACITY samples. */
  const trends = shallowRef<Record<string, (number | null)[]>>({});
  const sourceAt = shallowRef<string | null>(null);
  const selected = shallowRef<string | null>(null);
  const detail = shallowRef<Loadable<HealthScore & { name?: string; layer?: Layer }>>({ state: 'idle' });

  let users = 0;
  let stops: Array<() => void> = [];
  let boundStream: StreamClient | null = null;
  let generation = 0;

  function onHealth(ev: TopicEvent<HealthTopicEntity>): void {
    const first = fold.value === EMPTY;
    fold.value = foldHealthTopic(ev.state.entities);
    if (ev.state.at !== sourceAt.value) sourceAt.value = ev.state.at;
    if (first) sample(); // trends start with the first value
    // A drilled score refreshes when its entity moves (its factors come from REST).
    if (selected.value && ev.kind === 'delta' && ev.delta.changes.upserts[selected.value.startsWith('domain:') ? `d:${selected.value.slice(7)}` : `n:${selected.value}`]) {
      void loadDetail(selected.value, true);
    }
  }

  /** On a fixed wall-clock interval, so every trend's time axis is even. */
  function sample(): void {
    if (fold.value === EMPTY) return;
    trends.value = appendTrends(trends.value, trendScores(fold.value));
  }

  function start(): void {
    users++;
    if (users > 1) return;
    const stream = useSessionStore().streamClient();
    if (!stream) return;
    if (stream !== boundStream) clear();
    boundStream = stream;
    const timer = setInterval(sample, TREND_INTERVAL_MS);
    stops = [stream.subscribe<HealthTopicEntity>('health', onHealth), () => clearInterval(timer)];
  }

  function stop(): void {
    users = Math.max(0, users - 1);
    if (users > 0) return;
    for (const s of stops) s();
    stops = [];
  }

  /** Drill into a score (`domain:B` or a node id): its factors, rendered by the view in the reader's locale. */
  async function select(id: string | null): Promise<void> {
    selected.value = id;
    detail.value = id ? { state: 'loading' } : { state: 'idle' };
    if (id) await loadDetail(id, false);
  }

  async function loadDetail(id: string, refresh: boolean): Promise<void> {
    const mine = ++generation;
    if (!refresh) detail.value = { state: 'loading' };
    try {
      const s = await useSessionStore().client().request<HealthScore & { name?: string; layer?: Layer }>('GET', `/api/v1/health/scores/${encodeURIComponent(id)}`);
      if (mine === generation && selected.value === id) detail.value = { state: 'ready', data: s };
    } catch (e) {
      if (mine === generation && selected.value === id) detail.value = { state: 'error', message: e instanceof Error ? e.message : String(e) };
    }
  }

  /** Forget the data: the next audience must never see this one's. */
  function clear(): void {
    fold.value = EMPTY;
    trends.value = {};
    sourceAt.value = null;
    selected.value = null;
    detail.value = { state: 'idle' };
    generation++;
  }

  return { fold, trends, sourceAt, selected, detail, start, stop, select, clear };
});
