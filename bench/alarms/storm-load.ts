/**
 * bench:alarms part (2), the aggregator side: the built `skyfort serve --simulate` at a scale
 * large enough for 100,000 distinct alarms, pushed through `POST /api/v1/events` as a real
 * source would (bodies of 1,000, retried after a tick on 429), then a storm of new alarms at a
 * fixed rate. Every count is read back from the aggregator's own /metrics.
 */
import type { AlarmEventInput, Severity } from '../../shared/domain/alarms.js';
import { startAggregator, type Aggregator } from '../../e2e/aggregator.js';

const SEVERITIES: readonly Severity[] = ['critical', 'major', 'minor', 'warning', 'info'];
const BODY = 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Platform {
  agg: Aggregator;
  token: string;
  nodes: string[];
}

/** Starts the aggregator and waits until its topology holds the simulator's whole inventory. */
export async function startPlatform(scale: number): Promise<Platform> {
  const agg = await startAggregator({ args: ['--scale', String(scale)] });
  try {
    const token = await agg.login('admin');
    const deadline = Date.now() + 180_000;
    let last = -1;
    for (;;) {
      const doc = await agg.api<{ nodes: Array<{ id: string }> }>('GET', '/api/v1/topology', token);
      const n = doc.nodes.length;
      // The simulator declares its inventory once serving; it is complete when the count stops moving.
      if (n >= scale * 0.9 && n === last) return { agg, token, nodes: doc.nodes.map((x) => x.id).sort() };
      if (Date.now() > deadline) throw new Error(`topology still at ${n} nodes after 3 min (scale ${scale})`);
      last = n;
      await sleep(1000);
    }
  } catch (err) {
    await agg.stop();
    throw err;
  }
}

/** One number from the aggregator's /metrics (a gauge or counter with no labels, or the sum over labels). */
export async function metric(agg: Aggregator, name: string, label?: string): Promise<number> {
  const text = await (await fetch(new URL('/metrics', agg.url))).text();
  let sum = 0;
  let seen = false;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (!(rest.startsWith(' ') || rest.startsWith('{'))) continue;
    if (label && !rest.includes(label)) continue;
    sum += Number(rest.slice(rest.lastIndexOf(' ') + 1));
    seen = true;
  }
  return seen ? sum : NaN;
}

export interface PostStats {
  bodies: number;
  accepted: number;
  rejected: number;
  throttled: number;
}

/** POSTs one body; on 429 waits a tick and tries again (the queue drains every engine tick). */
export async function postEvents(p: Platform, events: AlarmEventInput[], stats: PostStats): Promise<void> {
  const body = JSON.stringify(events);
  for (;;) {
    const res = await fetch(new URL('/api/v1/events', p.agg.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${p.token}`, 'content-type': 'application/json' },
      body,
    });
    if (res.status === 429) {
      stats.throttled++;
      await res.arrayBuffer();
      await sleep(250);
      continue;
    }
    if (res.status !== 202) throw new Error(`POST /api/v1/events: ${res.status} ${(await res.text()).slice(0, 300)}`);
    const r = (await res.json()) as { accepted: number; rejected: number };
    stats.bodies++;
    stats.accepted += r.accepted;
    stats.rejected += r.rejected;
    return;
  }
}

/**
 * `count` distinct fingerprints over the nodes: `types` event types per node (pre-load), the
 * severity following the type so every severity is well represented.
 */
export function preloadEvents(nodes: readonly string[], count: number): AlarmEventInput[] {
  const types = Math.ceil(count / nodes.length);
  const out: AlarmEventInput[] = [];
  for (let t = 0; t < types && out.length < count; t++) {
    for (const resource of nodes) {
      if (out.length >= count) break;
      out.push({ resource, type: `bench-${t}`, severity: SEVERITIES[t % SEVERITIES.length]!, summary: `bench pre-load ${t}`, source: 'bench' });
    }
  }
  return out;
}

/** Pushes the pre-load with `parallel` bodies in flight, then waits until /metrics counts them open. */
export async function preload(p: Platform, events: AlarmEventInput[], parallel = 2): Promise<{ stats: PostStats; open: number; ms: number }> {
  const t0 = performance.now();
  const before = await metric(p.agg, 'skyfort_alarms_open');
  const stats: PostStats = { bodies: 0, accepted: 0, rejected: 0, throttled: 0 };
  let next = 0;
  const worker = async () => {
    while (next < events.length) {
      const from = next;
      next += BODY;
      await postEvents(p, events.slice(from, from + BODY), stats);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  const want = before + events.length;
  const deadline = Date.now() + 180_000;
  let open = await metric(p.agg, 'skyfort_alarms_open');
  while (open < want) {
    if (Date.now() > deadline) throw new Error(`skyfort_alarms_open at ${open}, expected ≥ ${want} (accepted ${stats.accepted}, rejected ${stats.rejected})`);
    await sleep(500);
    open = await metric(p.agg, 'skyfort_alarms_open');
  }
  return { stats, open, ms: performance.now() - t0 };
}

/**
 * The storm's events: `count` new fingerprints (type `<tag>`) on distinct nodes, severities in
 * turn, so a fifth are critical and enter the topic's most severe 500 as they arrive.
 */
export function stormEvents(nodes: readonly string[], count: number, tag: string): AlarmEventInput[] {
  return Array.from({ length: count }, (_, i) => ({
    resource: nodes[i % nodes.length]!,
    type: i < nodes.length ? tag : `${tag}-${Math.floor(i / nodes.length)}`,
    severity: SEVERITIES[i % SEVERITIES.length]!,
    summary: `bench storm ${tag} #${i}`,
    source: 'bench',
  }));
}

export interface StormRun {
  stats: PostStats;
  /** ms from the first POST to the last one answered. */
  sentMs: number;
  /** Largest lag of a POST behind its slot, ms (the pacing held when this stays small). */
  maxLagMs: number;
}

/** Sends `events` in bodies of `per` every `everyMs`, each body on its own schedule slot (fixed rate, not back to back). */
export async function storm(p: Platform, events: AlarmEventInput[], per: number, everyMs: number): Promise<StormRun> {
  const stats: PostStats = { bodies: 0, accepted: 0, rejected: 0, throttled: 0 };
  const t0 = performance.now();
  let maxLagMs = 0;
  const inFlight: Promise<void>[] = [];
  for (let i = 0, slot = 0; i < events.length; i += per, slot++) {
    const at = t0 + slot * everyMs;
    const wait = at - performance.now();
    if (wait > 0) await sleep(wait);
    maxLagMs = Math.max(maxLagMs, performance.now() - at);
    inFlight.push(postEvents(p, events.slice(i, i + per), stats));
  }
  await Promise.all(inFlight);
  return { stats, sentMs: performance.now() - t0, maxLagMs };
}
