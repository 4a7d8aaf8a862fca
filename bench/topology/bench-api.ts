/**
 * What bench:topology's page (page/main.ts, in Chromium) offers the Node side through
 * `window.bench`. Types only: imported by both sides (NodeNext here, bundler resolution there).
 */

/** Where one draw's time went: the renderer's build, applying it (ECharts' setOption when a series moved, the mark layer's changed sets), the forced paint. */
export interface Split {
  buildMs: number;
  applyMs: number;
  paintMs: number;
}

type Entities = Record<string, unknown>;

/** What one update carries: changed wall entities and, per expanded cluster, its changed entities. */
export interface Changes {
  wall: { upserts: Entities; removes: string[] };
  clusters: Record<string, { upserts: Entities; removes: string[] }>;
}

/** What the chart holds, read back from ECharts (drawn points and lines), and what the model dropped. */
export interface Drawn {
  nodes: number;
  lines: number;
  clusters: number;
  expanded: number;
  dropped: number;
}

export interface Bench {
  /** Wall snapshot (and optionally expanded clusters' snapshots) → the first frame drawn after it. */
  load(wallJson: string, clustersJson?: string): Promise<{ syncMs: number; frameMs: number; changed: number }>;
  /** One update (a JSON `Changes`): apply, render the changed series, force the paint. */
  update(changesJson: string): { ms: number; series: number } & Split;
  drawn(): Drawn;
  loadNaive(json: string): Promise<{ syncMs: number }>;
  updateNaive(json: string): { ms: number };
}

export type BenchWindow = { bench: Bench };
