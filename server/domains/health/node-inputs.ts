import { DEFAULT_ALARM_RULES, type RuleSpec } from '../../../shared/domain/alarm-rules.js';
import type { LatestSample, MetricStore } from '../metrics/index.js';
import type { TopologyNodeView } from '../topology/topology-graph.js';
import { quietBandsFor, type QuietBand } from './quiet-bands.js';
import { scoredRulesFor, type ScoredRule } from './score-model.js';

/** What the engine reads per node: its kind's scored rules narrowed to its series, and those series' newest samples. */
export interface NodeInputs {
  /** Its `up` series, if it reports one. */
  up: LatestSample | undefined;
  rules: ScoredRule[];
  /** The series of `rules[k]`'s metric, per k. */
  samples: LatestSample[];
}

/** A held series' newest value, undefined before its first sample. */
export function valueOf(s: LatestSample | undefined): number | undefined {
  return s && s.lastT > -Infinity ? s.lastV : undefined;
}

/** The newest value of `up` or of one of the node's scored metrics, undefined when it has none. */
export function latestOf(x: NodeInputs, metric: string): number | undefined {
  if (metric === 'up') return valueOf(x.up);
  for (let k = 0; k < x.rules.length; k++) if (x.rules[k]!.rule.metric === metric) return valueOf(x.samples[k]);
  return undefined;
}

/**
 * The engine's per-rules and per-node caches: scored rules and quiet bands per kind (dropped
 * when the rules change), and per node index its inputs. Building a node's inputs also sets its
 * quiet bands in the store when this cache owns them (the engine that reads the crossing feed).
 *
 * Series are only ever added (a removed node moves the structure), so a node's inputs stay exact
 * while the store's series count stands still (and so do the held samples: a series is one
 * object until dropped); they are dropped when that count moves, when the
 * rules change, when the adjacency is rebuilt, per node when its declaration is upserted (kind
 * change) and when the crossing feed marks it (a new series is always marked).
 */
export class NodeInputsCache {
  private inputs: (NodeInputs | undefined)[] = [];
  private rulesRef: readonly RuleSpec[] | null = null;
  private readonly kindRules = new Map<string, ScoredRule[]>();
  private readonly kindBands = new Map<string, ReadonlyMap<string, QuietBand>>();
  private seriesSeen = -1;

  constructor(
    private readonly store: MetricStore,
    private readonly ownsBands: boolean,
  ) {}

  /** Per tick, before any node: returns true when the rules changed (everything is to be recomputed). */
  refresh(rules: readonly RuleSpec[]): boolean {
    let changed = false;
    if (rules !== this.rulesRef) {
      this.rulesRef = rules;
      this.kindRules.clear();
      this.kindBands.clear();
      // Bands of the old rules could hide a crossing of the new ones: back to "every move counts".
      if (this.ownsBands) this.store.resetQuietBands();
      this.clear();
      changed = true;
    }
    const series = this.store.stats().series;
    if (series !== this.seriesSeen) {
      this.seriesSeen = series;
      this.clear();
    }
    return changed;
  }

  /** After the adjacency was rebuilt: `n` indices, all unknown. */
  resize(n: number): void {
    // A packed array (assigning far indices of `[]` would turn it into a dictionary).
    this.inputs = new Array<NodeInputs | undefined>(n).fill(undefined);
  }

  /** Marked by the crossing feed (maybe a new series): rebuilt on its next computation. */
  forget(i: number): void {
    if (i >= 0 && i < this.inputs.length) this.inputs[i] = undefined;
  }

  /** Upserted (maybe another kind): its bands back to "every move counts" until rebuilt. */
  redeclared(id: string, i: number): void {
    if (this.ownsBands) this.store.resetQuietBands(id);
    this.forget(i);
  }

  /** The node's inputs (index -1: not cached), setting its quiet bands when building them. */
  of(node: TopologyNodeView, i: number): NodeInputs {
    let x = i >= 0 ? this.inputs[i] : undefined;
    if (x) return x;
    const { store } = this;
    const id = node.id;
    if (this.ownsBands) store.setQuietBands(id, this.bandsFor(node.kind));
    const rules: ScoredRule[] = [];
    const samples: LatestSample[] = [];
    for (const r of this.rulesFor(node.kind)) {
      const s = store.latestSample(id, r.rule.metric);
      if (!s) continue;
      rules.push(r);
      samples.push(s);
    }
    x = { up: store.latestSample(id, 'up'), rules, samples };
    if (i >= 0 && i < this.inputs.length) this.inputs[i] = x;
    return x;
  }

  private rulesFor(kind: string): ScoredRule[] {
    let r = this.kindRules.get(kind);
    if (!r) this.kindRules.set(kind, (r = scoredRulesFor(kind, this.rulesRef ?? DEFAULT_ALARM_RULES)));
    return r;
  }

  private bandsFor(kind: string): ReadonlyMap<string, QuietBand> {
    let b = this.kindBands.get(kind);
    if (!b) this.kindBands.set(kind, (b = quietBandsFor(this.rulesFor(kind))));
    return b;
  }

  private clear(): void {
    this.inputs.fill(undefined);
  }
}
