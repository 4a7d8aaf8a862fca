/**
 * bench:topology in the browser: (a) the wall at its level of detail with the heap over 1,000
 * updates, (b) every cluster expanded, (c) a naive whole-graph `graph` series, each in its own
 * Chromium, all fed from the same 10k stack and the same deterministic churn.
 */
import type { Page } from '@playwright/test';
import type { Stack } from '../../server/domains/topology/test-support/domain-stack.js';
import type { BenchWindow, Changes, Drawn, Split } from './bench-api.js';
import { heapUsed, openPage, profiled, taskCpuMs, type OpenPage } from './browser.js';
import { log } from './report-format.js';
import { churn, Differ, expandable, OPS, rng } from './workload.js';

export interface ViewCounts {
  paintSamples: number;
  aUpdates: number;
  heapUpdates: number;
  heapEvery: number;
  bUpdates: number;
  cUpdates: number;
  /** Which of a, b, c to run (BENCH_VIEWS), for a quicker look at one. */
  views: ReadonlySet<string>;
}

export interface BrowserResult {
  wallBytes: number;
  paint: Array<{ syncMs: number; frameMs: number }>;
  a: number[];
  /** Main-thread CPU ms of each timed update (the evaluate task), beside the wall-clock ms. */
  aCpu: number[];
  aAll: number[];
  aSeries: number[];
  aSplit: Split[];
  aDrawn: Drawn | null;
  heap: Array<{ at: number; used: number }>;
  b: number[];
  bCpu: number[];
  bSeries: number[];
  bSplit: Split[];
  bDrawn: Drawn | null;
  bLoad: { syncMs: number; frameMs: number };
  bBytes: number;
  bNodeSideMs: number[];
  c: number[];
  cCpu: number[];
  cLoadMs: number;
  cGraph: { nodes: number; edges: number };
}

/** Runs one update in the page and reads the main thread's CPU time around it. */
async function timed<T>(p: OpenPage, cpu: number[], run: () => Promise<T>): Promise<T> {
  const before = await taskCpuMs(p.cdp);
  const out = await run();
  cpu.push((await taskCpuMs(p.cdp)) - before);
  return out;
}

const bench = (p: Page) => ({
  load: (w: string, c?: string) => p.evaluate(([wj, cj]) => (window as unknown as BenchWindow).bench.load(wj, cj), [w, c] as const),
  update: (changes: Changes) => p.evaluate((j) => (window as unknown as BenchWindow).bench.update(j), JSON.stringify(changes)),
  drawn: () => p.evaluate(() => (window as unknown as BenchWindow).bench.drawn()),
});

export async function browserSide(s: Stack, url: string, n: ViewCounts): Promise<BrowserResult> {
  const wall = s.topology.wall;
  const ids = [...s.topology.graph.nodes()].map((x) => x.id);
  const random = rng(42);
  const r: BrowserResult = {
    wallBytes: 0,
    paint: [],
    a: [],
    aCpu: [],
    aAll: [],
    aSeries: [],
    aSplit: [],
    aDrawn: null,
    heap: [],
    b: [],
    bCpu: [],
    bSeries: [],
    bSplit: [],
    bDrawn: null,
    bLoad: { syncMs: NaN, frameMs: NaN },
    bBytes: 0,
    bNodeSideMs: [],
    c: [],
    cCpu: [],
    cLoadMs: NaN,
    cGraph: { nodes: ids.length, edges: s.topology.graph.edgeCount },
  };

  if (n.views.has('a')) {
    // (a) the wall at its level of detail: first frame, then updates, heap every heapEvery.
    const total = Math.max(n.aUpdates, n.heapUpdates);
    log(`(a) wall level: first frame ×${n.paintSamples}, ${total} updates, heap every ${n.heapEvery} …`);
    const pa = await openPage(url);
    const api = bench(pa.page);
    try {
      const differ = new Differ();
      for (let i = 0; i < n.paintSamples; i++) {
        const json = JSON.stringify(Object.fromEntries(wall.wall(OPS)));
        r.wallBytes = Buffer.byteLength(json);
        r.paint.push(await api.load(json));
      }
      differ.diff(wall.wall(OPS));
      r.aDrawn = await api.drawn();
      r.heap.push({ at: 0, used: await heapUsed(pa.cdp) });
      await profiled(pa.cdp, 'a', async () => {
        for (let i = 1; i <= total; i++) {
          churn(s, ids, random);
          const changes: Changes = { wall: differ.diff(wall.wall(OPS)), clusters: {} };
          const u = i <= n.aUpdates ? await timed(pa, r.aCpu, () => api.update(changes)) : await api.update(changes);
          r.aAll.push(u.ms);
          r.aSeries.push(u.series);
          if (i <= n.aUpdates) r.aSplit.push(u);
          if (i % n.heapEvery === 0 && i <= n.heapUpdates) r.heap.push({ at: i, used: await heapUsed(pa.cdp) });
        }
      });
      r.a = r.aAll.slice(0, n.aUpdates);
    } finally {
      await pa.close();
    }
  }

  if (n.views.has('b')) {
    // (b) every cluster expanded, merged as the store merges expansions.
    log(`(b) everything expanded: ${n.bUpdates} updates …`);
    const pb = await openPage(url);
    const api = bench(pb.page);
    try {
      const wallDiffer = new Differ();
      const clusterIds = expandable(s);
      const differs = new Map(clusterIds.map((id) => [id, new Differ()]));
      const wallJson = JSON.stringify(wallDiffer.diff(wall.wall(OPS)).upserts);
      const clustersJson = JSON.stringify(Object.fromEntries(clusterIds.map((id) => [id, differs.get(id)!.diff(wall.cluster(id, OPS)).upserts])));
      r.bBytes = Buffer.byteLength(wallJson) + Buffer.byteLength(clustersJson);
      r.bLoad = await api.load(wallJson, clustersJson);
      r.bDrawn = await api.drawn();
      await profiled(pb.cdp, 'b', async () => {
        for (let i = 0; i < n.bUpdates; i++) {
          churn(s, ids, random);
          const t0 = performance.now();
          const changes: Changes = {
            wall: wallDiffer.diff(wall.wall(OPS)),
            clusters: Object.fromEntries(clusterIds.map((id) => [id, differs.get(id)!.diff(wall.cluster(id, OPS))])),
          };
          r.bNodeSideMs.push(performance.now() - t0);
          const u = await timed(pb, r.bCpu, () => api.update(changes));
          r.b.push(u.ms);
          r.bSeries.push(u.series);
          r.bSplit.push(u);
        }
      });
    } finally {
      await pb.close();
    }
  }

  if (n.views.has('c')) {
    // (c) naive: the whole graph as one `graph` series at the same fixed positions, whole option per update.
    log(`(c) naive graph series: ${n.cUpdates} updates …`);
    const pc = await openPage(url);
    const graph = {
      nodes: ids.map((id) => ({ id, ...wall.layout.position(id)!, status: s.topology.graph.node(id)!.status })),
      edges: [...s.topology.graph.edges()].map((e) => [e.source, e.target]),
    };
    r.cGraph = { nodes: graph.nodes.length, edges: graph.edges.length };
    try {
      r.cLoadMs = (await pc.page.evaluate((j) => (window as unknown as BenchWindow).bench.loadNaive(j), JSON.stringify(graph))).syncMs;
      for (let i = 0; i < n.cUpdates; i++) {
        const set = churn(s, ids, random);
        const json = JSON.stringify(set);
        r.c.push((await timed(pc, r.cCpu, () => pc.page.evaluate((j) => (window as unknown as BenchWindow).bench.updateNaive(j), json))).ms);
      }
    } finally {
      await pc.close();
    }
  }
  return r;
}
