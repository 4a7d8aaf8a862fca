import type { AlarmRule } from '../../../shared/domain/alarm-rules.js';
import type { ChangedSeries, MetricChanges, MetricStore } from '../metrics/index.js';
import type { TopologyGraph } from '../topology/topology-graph.js';
import type { AlarmBook } from './alarm-book.js';
import { ruleKindOf, type RuleKind } from './rule-kinds.js';

interface Compiled {
  rule: AlarmRule;
  kind: RuleKind;
  kinds: ReadonlySet<string> | null;
  by: string;
  fpPrefix: string;
  origin: { kind: 'rule'; ruleId: string; version: number };
  labels: Readonly<Record<string, string>>;
}

/** Absence rules need every node checked; once a source second is plenty. */
const ABSENCE_EVERY_MS = 1000;

export function ruleFingerprint(ruleId: string, node: string): string {
  return `rule:${ruleId}|${node}`;
}

/**
 * Evaluates the current rules (issue #6, rules): threshold rules only for the nodes whose series
 * moved (the metric change feed, read once per tick by the status deriver and handed to every
 * listener), time-driven rules (absence) over every node once a source second and for nodes
 * that just reported, and every node
 * for a rule that was just created or edited. Alarms it raises carry origin {rule, version} and
 * fingerprint `rule:<id>|<node>`.
 */
export class RuleEngine {
  private readonly byMetric = new Map<string, Compiled[]>();
  private timed: Compiled[] = [];
  private readonly compiled = new Map<string, Compiled>();
  private pending: ChangedSeries[] = [];
  private edits: AlarmRule[] = [];
  private readonly full = new Set<string>();
  private lastTimed = -Infinity;
  private readonly unsubscribe: () => void;
  readonly stats = { evaluations: 0 };

  constructor(
    private readonly deps: { graph: TopologyGraph; store: MetricStore; changes: MetricChanges; book: AlarmBook },
  ) {
    this.unsubscribe = deps.changes.onAny((changed) => {
      // Bounded: the engine drains it every tick; a stalled tick keeps at most a minute of them.
      if (this.pending.length < 240) this.pending.push(changed);
    });
  }

  /**
   * Takes a new or edited rule; it applies at the start of the next tick (so its alarms change
   * inside the alarms step like every other), and an edited rule re-evaluates every node.
   */
  set(rule: AlarmRule): void {
    this.edits.push(rule);
  }

  private apply(rule: AlarmRule, at: number): void {
    const prev = this.compiled.get(rule.id);
    this.compiled.delete(rule.id);
    if (rule.enabled) {
      this.compiled.set(rule.id, {
        rule,
        kind: ruleKindOf(rule),
        kinds: rule.nodeKinds ? new Set(rule.nodeKinds) : null,
        by: `rule:${rule.id}`,
        fpPrefix: `rule:${rule.id}|`,
        origin: { kind: 'rule', ruleId: rule.id, version: rule.version },
        labels: Object.freeze({ rule: rule.id }),
      });
      this.full.add(rule.id);
    }
    this.reindex();
    // A disabled rule's alarms, or those on nodes an edit no longer covers, clear now.
    if (prev) this.clearOrphans(rule.id, at);
  }

  rules(): AlarmRule[] {
    return [...this.compiled.values()].map((c) => c.rule);
  }

  tick(now: number): void {
    if (this.edits.length > 0) {
      const edits = this.edits;
      this.edits = [];
      for (const r of edits) this.apply(r, now);
    }
    const pending = this.pending;
    this.pending = [];
    for (const changed of pending) {
      for (const [node, metrics] of changed) {
        // A node that reports again ends its absence at once, not at the next timed pass.
        for (const c of this.timed) if (!this.full.has(c.rule.id)) this.evaluate(c, node, now);
        for (const metric of metrics) {
          const rules = this.byMetric.get(metric);
          if (rules) for (const c of rules) if (!this.full.has(c.rule.id)) this.evaluate(c, node, now);
        }
      }
    }
    if (this.full.size > 0) {
      for (const id of this.full) {
        const c = this.compiled.get(id);
        if (c) for (const n of this.deps.graph.nodes()) this.evaluate(c, n.id, now);
      }
      this.full.clear();
    }
    if (this.timed.length > 0 && now - this.lastTimed >= ABSENCE_EVERY_MS) {
      this.lastTimed = now;
      for (const c of this.timed) for (const n of this.deps.graph.nodes()) this.evaluate(c, n.id, now);
    }
  }

  dispose(): void {
    this.unsubscribe();
  }

  private evaluate(c: Compiled, nodeId: string, now: number): void {
    const node = this.deps.graph.node(nodeId);
    if (!node) return;
    if (c.kinds && !c.kinds.has(node.kind)) return;
    this.stats.evaluations++;
    const { book, store } = this.deps;
    const fingerprint = c.fpPrefix + nodeId;
    const open = book.openByFingerprint(fingerprint);
    const verdict = c.kind.evaluate(c.rule as never, { node: nodeId, store, now, current: open ? open.severity : null });
    if (verdict === 'keep') return;
    if (verdict === 'clear') {
      if (open) book.clear(open.id, c.by, null, now);
      return;
    }
    if (open && open.severity === verdict.severity) return;
    book.raise(
      {
        fingerprint,
        resource: nodeId,
        type: c.rule.id,
        severity: verdict.severity,
        summary: verdict.summary,
        source: 'rules',
        labels: c.labels,
        origin: c.origin,
        clamped: false,
      },
      now,
      c.by,
    );
  }

  private reindex(): void {
    this.byMetric.clear();
    this.timed = [];
    for (const c of this.compiled.values()) {
      const m = c.kind.metric(c.rule as never);
      if (m === null) this.timed.push(c);
      else {
        let list = this.byMetric.get(m);
        if (!list) this.byMetric.set(m, (list = []));
        list.push(c);
      }
    }
  }

  private clearOrphans(ruleId: string, at: number): void {
    const c = this.compiled.get(ruleId);
    const prefix = `rule:${ruleId}|`;
    const stale: string[] = [];
    for (const a of this.deps.book.open()) {
      if (!a.fingerprint.startsWith(prefix)) continue;
      const node = this.deps.graph.node(a.resource);
      if (!c || !node || (c.kinds && !c.kinds.has(node.kind))) stale.push(a.id);
    }
    for (const id of stale) this.deps.book.clear(id, `rule:${ruleId}`, c ? 'the rule no longer covers this node' : 'the rule was disabled', at);
  }
}
