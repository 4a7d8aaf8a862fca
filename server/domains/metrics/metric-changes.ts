import type { ChangedSeries, MetricStore } from './metric-store.js';

/**
 * The store's change feed has exactly one reader: this dispatcher. The engine calls `flush()`
 * once per tick; it drains the store and hands the same set to every listener (status deriver,
 * thresholds, health) and to the per-node listeners (`metrics:<nodeId>` feeds), so no consumer
 * can steal another's changes by draining first.
 */
export class MetricChanges {
  private readonly any = new Set<(changed: ChangedSeries) => void>();
  private readonly byNode = new Map<string, Set<(metrics: ReadonlySet<string>) => void>>();
  private readonly crossing = new Set<(nodes: ReadonlySet<string>) => void>();

  constructor(private readonly store: MetricStore) {}

  /** Every tick's changed series, whole. Returns the unsubscribe function. */
  onAny(listener: (changed: ChangedSeries) => void): () => void {
    this.any.add(listener);
    return () => this.any.delete(listener);
  }

  /**
   * Nodes whose newest value may have crossed a level of the one consumer that sets the store's
   * quiet bands (MetricStore.setQuietBand): judged at write time, so a tick whose samples only
   * move inside their bands hands this listener nothing. Returns the unsubscribe function.
   */
  onCrossing(listener: (nodes: ReadonlySet<string>) => void): () => void {
    this.store.trackCrossings();
    this.crossing.add(listener);
    return () => this.crossing.delete(listener);
  }

  /** Only this node's changed metric names, and only on ticks where it changed. */
  onNode(node: string, listener: (metrics: ReadonlySet<string>) => void): () => void {
    let set = this.byNode.get(node);
    if (!set) this.byNode.set(node, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      // Empty entries are removed so a long-running wall's churn of subscriptions leaks nothing.
      if (set.size === 0 && this.byNode.get(node) === set) this.byNode.delete(node);
    };
  }

  flush(): ChangedSeries {
    const crossed = this.store.drainCrossings();
    if (crossed.size > 0) for (const l of this.crossing) l(crossed);
    const changed = this.store.drainChanges();
    if (changed.size === 0) return changed;
    for (const l of this.any) l(changed);
    // Iterate the smaller side: usually few nodes are watched and many changed.
    if (this.byNode.size <= changed.size) {
      for (const [node, listeners] of this.byNode) {
        const metrics = changed.get(node);
        if (metrics) for (const l of listeners) l(metrics);
      }
    } else {
      for (const [node, metrics] of changed) {
        const listeners = this.byNode.get(node);
        if (listeners) for (const l of listeners) l(metrics);
      }
    }
    return changed;
  }

  listenerCount(): number {
    let n = this.any.size + this.crossing.size;
    for (const s of this.byNode.values()) n += s.size;
    return n;
  }
}
