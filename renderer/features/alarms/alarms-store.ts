import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef } from 'vue';
import type { Alarm } from '../../../shared/domain/alarms';
import type { Incident } from '../../../shared/domain/incidents';
import type { Edge, TopologyNode } from '../../../shared/domain/topology';
import type {
  AlarmDetail,
  AlarmSummaryEntity,
  AlarmsTopicEntity,
  IncidentDetail,
  IncidentSummaryEntity,
  IncidentsTopicEntity,
} from '../../../shared/protocol/alarms';
import { queryString } from '../../services/api';
import type { StreamClient, TopicEvent } from '../../services/socket';
import { useSessionStore } from '../session/session-store';
import { appendPage, foldAlarmTopic, foldIncidentTopic, MAX_PAGED_ALARMS, mergeAlarms, touches } from './alarm-model';
import { EMPTY_DIRECTORY, NodeDirectory } from './node-directory';

/** One REST page of alarms beyond the topic's bounded set. */
export const ALARM_PAGE = 500;
/** The node directory is reloaded at most this often (new nodes appear rarely). */
const DIRECTORY_TTL_MS = 5 * 60_000;

export type ActionVerb = 'ack' | 'assign' | 'escalate' | 'comment';
export interface ActionTarget {
  kind: 'incident' | 'alarm';
  id: string;
}

interface Coverage {
  shown: number;
  total: number;
  complete: boolean;
}

/**
 * Alarms and incidents, live (architecture.md convention 10: a setup store, socket events bound
 * in one action, fast-changing data in shallowRefs that are replaced, never mutated).
 *
 * `alarms` and `incidents` snapshot in bounded form (the audience's counts plus the most severe
 * N); the summaries drive the counts per severity and the control-room sound, the bounded
 * entities the board and the wall, and the rest is paged over REST on request (`loadMore`).
 * Views call `start()` on mount and `stop()` on unmount; subscriptions are reference-counted.
 */
export const useAlarmsStore = defineStore('alarms', () => {
  const alarmSummary = shallowRef<AlarmSummaryEntity | null>(null);
  const incidentSummary = shallowRef<IncidentSummaryEntity | null>(null);
  /** The topic's bounded alarms, worst first. */
  const liveAlarms = shallowRef<Alarm[]>([]);
  /** Alarms paged over REST (beyond the bounded set), capped. */
  const pagedAlarms = shallowRef<Alarm[]>([]);
  /** null: no more pages; undefined: nothing paged yet. */
  const nextCursor = shallowRef<string | null | undefined>(undefined);
  const incidents = shallowRef<Incident[]>([]);
  const coverage = shallowRef<{ alarms: Coverage; incidents: Coverage }>(emptyCoverage());
  /** Source time of the latest alarms state. */
  const sourceAt = shallowRef<string | null>(null);
  const directory = shallowRef<NodeDirectory>(EMPTY_DIRECTORY);
  const paging = ref(false);
  const pageError = ref<string | null>(null);

  /** What the board lists: live alarms plus paged ones, the live copy winning. */
  const alarms = computed(() => mergeAlarms(liveAlarms.value, pagedAlarms.value));

  let users = 0;
  let stops: Array<() => void> = [];
  let boundStream: StreamClient | null = null;
  let directoryAt = 0;
  let generation = 0;

  function onAlarms(ev: TopicEvent<AlarmsTopicEntity>): void {
    const { state } = ev;
    const s = state.entities['summary'];
    if (s?.type === 'alarm-summary' && s !== alarmSummary.value) alarmSummary.value = s;
    if (ev.kind === 'snapshot' || touches(ev.delta.changes, 'a:')) {
      const fold = foldAlarmTopic(state.entities);
      liveAlarms.value = fold.alarms;
      coverage.value = { ...coverage.value, alarms: { shown: fold.alarms.length, total: state.total, complete: state.complete } };
    }
    if (state.at !== sourceAt.value) sourceAt.value = state.at;
  }

  function onIncidents(ev: TopicEvent<IncidentsTopicEntity>): void {
    const { state } = ev;
    const s = state.entities['summary'];
    if (s?.type === 'incident-summary' && s !== incidentSummary.value) incidentSummary.value = s;
    if (ev.kind === 'snapshot' || touches(ev.delta.changes, 'i:')) {
      const fold = foldIncidentTopic(state.entities);
      incidents.value = fold.incidents;
      coverage.value = { ...coverage.value, incidents: { shown: fold.incidents.length, total: state.total, complete: state.complete } };
    }
  }

  function start(): void {
    users++;
    if (users > 1) return;
    const stream = useSessionStore().streamClient();
    if (!stream) return;
    if (stream !== boundStream) clear();
    boundStream = stream;
    stops = [stream.subscribe<AlarmsTopicEntity>('alarms', onAlarms), stream.subscribe<IncidentsTopicEntity>('incidents', onIncidents)];
  }

  function stop(): void {
    users = Math.max(0, users - 1);
    if (users > 0) return;
    for (const s of stops) s();
    stops = [];
  }

  /** The next REST page of open alarms beyond what the topic holds (`GET /api/v1/alarms`). */
  async function loadMore(): Promise<void> {
    if (paging.value || nextCursor.value === null) return;
    const mine = generation;
    paging.value = true;
    try {
      const q = queryString({ limit: ALARM_PAGE, cursor: nextCursor.value });
      const page = await useSessionStore().client().request<{ items: Alarm[]; nextCursor: string | null }>('GET', `/api/v1/alarms${q}`);
      if (mine !== generation) return;
      pagedAlarms.value = appendPage(pagedAlarms.value, page.items);
      nextCursor.value = pagedAlarms.value.length >= MAX_PAGED_ALARMS ? null : page.nextCursor;
      pageError.value = null;
    } catch (e) {
      if (mine === generation) pageError.value = e instanceof Error ? e.message : String(e);
    } finally {
      if (mine === generation) paging.value = false;
    }
  }

  /** The viewer's visible graph, for names, data centers and business systems of resources. */
  async function loadDirectory(force = false): Promise<void> {
    if (!force && directory.value !== EMPTY_DIRECTORY && Date.now() - directoryAt < DIRECTORY_TTL_MS) return;
    const mine = generation;
    try {
      const doc = await useSessionStore().client().request<{ nodes: TopologyNode[]; edges: Edge[] }>('GET', '/api/v1/topology');
      if (mine !== generation) return;
      directory.value = markRaw(new NodeDirectory(doc.nodes, doc.edges));
      directoryAt = Date.now();
    } catch {
      // Names fall back to node ids and groups to "unknown"; the board keeps working.
    }
  }

  function incidentDetail(id: string): Promise<IncidentDetail> {
    return useSessionStore().client().request<IncidentDetail>('GET', `/api/v1/incidents/${encodeURIComponent(id)}`);
  }

  function alarmDetail(id: string): Promise<AlarmDetail> {
    return useSessionStore().client().request<AlarmDetail>('GET', `/api/v1/alarms/${encodeURIComponent(id)}`);
  }

  /** POST an action; the stream brings the outcome back to every console, this one included. */
  async function act(target: ActionTarget, verb: ActionVerb, body: Record<string, unknown>): Promise<void> {
    if (target.kind === 'alarm' && verb === 'escalate') throw new Error('alarms are escalated through their incident');
    const base = target.kind === 'incident' ? '/api/v1/incidents' : '/api/v1/alarms';
    await useSessionStore().client().request('POST', `${base}/${encodeURIComponent(target.id)}/${verb}`, body);
  }

  /** Forget everything: the next audience must never see this one's data. */
  function clear(): void {
    generation++;
    alarmSummary.value = null;
    incidentSummary.value = null;
    liveAlarms.value = [];
    pagedAlarms.value = [];
    nextCursor.value = undefined;
    incidents.value = [];
    coverage.value = emptyCoverage();
    sourceAt.value = null;
    directory.value = EMPTY_DIRECTORY;
    directoryAt = 0;
    paging.value = false;
    pageError.value = null;
  }

  return {
    alarmSummary,
    incidentSummary,
    liveAlarms,
    pagedAlarms,
    nextCursor,
    incidents,
    coverage,
    sourceAt,
    directory,
    paging,
    pageError,
    alarms,
    start,
    stop,
    loadMore,
    loadDirectory,
    incidentDetail,
    alarmDetail,
    act,
  };
});

function emptyCoverage(): { alarms: Coverage; incidents: Coverage } {
  return { alarms: { shown: 0, total: 0, complete: true }, incidents: { shown: 0, total: 0, complete: true } };
}
