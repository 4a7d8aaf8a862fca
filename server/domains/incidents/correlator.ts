import type { Alarm } from '../../../shared/domain/alarms.js';
import { CORRELATION_WINDOW_MS } from '../../../shared/domain/incidents.js';
import type { Clock } from '../../core/clock.js';
import type { AlarmChange, AlarmLedger } from '../alarms/index.js';
import type { DependencyIndex } from './dependency-index.js';
import type { IncidentBook } from './incident-book.js';
import type { IncidentRecord } from './incident-record.js';

export type CorrelationOutcome = 'same-node' | 'symptom' | 'late-root' | 'new' | 'rebound';

/** Below this many open root nodes, test each root's closure instead of the new alarm's. */
const FEW_ROOTS = 64;

/**
 * Folds alarms into incidents along the dependency edges (an edge source → target means source
 * depends on target; the root cause is the deepest failed node). When an alarm opens on node R,
 * at source time `now`:
 *
 *   1. an open incident already holds an alarm on R          → it joins that incident
 *   2. R depends on the root of open incidents whose root alarm is open or cleared within the
 *      window                                                → a symptom of the deepest such root
 *                                                              (deeper layer, then the root the
 *                                                              other depends on, then the oldest)
 *   3. roots of open incidents opened within the window depend on R
 *                                                            → R is a late root: the oldest is
 *                                                              re-rooted at R, the others merge in
 *   4. otherwise                                             → a new incident rooted at R
 *
 * Every alarm belongs to exactly one incident and the ledger is told of every move. Changes of
 * alarms already in an incident only update its counters (dedup never re-correlates).
 */
export class Correlator {
  private readonly queue: AlarmChange[] = [];
  private head = 0;
  private draining = false;
  readonly outcomes: Record<CorrelationOutcome, number> = { 'same-node': 0, symptom: 0, 'late-root': 0, new: 0, rebound: 0 };

  constructor(
    private readonly book: IncidentBook,
    private readonly deps: DependencyIndex,
    private readonly ledger: AlarmLedger,
    private readonly clock: Clock,
    private readonly windowMs = CORRELATION_WINDOW_MS,
  ) {}

  /**
   * The ledger's listener. Moving alarms (`setIncident`) emits changes synchronously from inside
   * this call; they are queued and handled in order once the current one is done.
   */
  readonly onChange = (change: AlarmChange): void => {
    // A repeat (count, lastSeen) moves nothing correlation reads: most changes of a storm.
    if (change.repeat && this.book.member(change.alarm.id)) return;
    this.queue.push(change);
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.head < this.queue.length) this.handle(this.queue[this.head++]!);
    } finally {
      this.queue.length = 0;
      this.head = 0;
      this.draining = false;
    }
  };

  private handle({ alarm }: AlarmChange): void {
    const now = this.clock.now();
    if (this.book.member(alarm.id)) {
      this.book.update(alarm, now);
      return;
    }
    this.place(alarm, now);
  }

  /** Puts an alarm that belongs to no incident yet into one; returns where it went. */
  place(alarm: Alarm, now: number): IncidentRecord {
    // An alarm that names a still-open incident (a restart lost its membership row) goes back.
    const named = alarm.incidentId ? this.book.get(alarm.incidentId) : undefined;
    if (named?.isOpen) return this.joinTo(named, alarm, now, 'rebound');

    const sameNode = this.oldest(this.book.openOnNode(alarm.resource));
    if (sameNode) return this.joinTo(sameNode, alarm, now, 'same-node');

    const root = this.deepest(this.rootsBelow(alarm.resource, now));
    if (root) return this.joinTo(root, alarm, now, 'symptom');

    const above = this.rootsAbove(alarm.resource, now);
    if (above.length > 0) {
      above.sort(byAge);
      const [keep, ...others] = above as [IncidentRecord, ...IncidentRecord[]];
      this.book.reroot(keep, alarm, now);
      for (const other of others) {
        const moved = this.book.merge(other, keep, now);
        if (moved.length > 0) this.ledger.setIncident(moved, keep.id);
      }
      this.ledger.setIncident([alarm.id], keep.id);
      this.outcomes['late-root']++;
      return keep;
    }

    const rec = this.book.open(alarm, now);
    this.ledger.setIncident([alarm.id], rec.id);
    this.outcomes.new++;
    return rec;
  }

  private joinTo(rec: IncidentRecord, alarm: Alarm, now: number, outcome: CorrelationOutcome): IncidentRecord {
    this.book.join(rec, alarm, now);
    if (alarm.incidentId !== rec.id) this.ledger.setIncident([alarm.id], rec.id);
    this.outcomes[outcome]++;
    return rec;
  }

  /** Open incidents whose root node `node` depends on and whose root alarm is still fresh. */
  private rootsBelow(node: string, now: number): IncidentRecord[] {
    const roots = this.book.roots;
    if (roots.size === 0) return [];
    const out: IncidentRecord[] = [];
    const take = (rootNode: string) => {
      for (const id of roots.get(rootNode) ?? []) {
        const rec = this.book.get(id)!;
        if (this.rootFresh(rec, now)) out.push(rec);
      }
    };
    if (roots.size <= FEW_ROOTS) {
      for (const rootNode of roots.keys()) if (rootNode !== node && this.deps.dependentsOf(rootNode).has(node)) take(rootNode);
    } else {
      const below = this.deps.dependenciesOf(node);
      if (below.size < roots.size) {
        for (const n of below) if (roots.has(n)) take(n);
      } else {
        for (const rootNode of roots.keys()) if (below.has(rootNode)) take(rootNode);
      }
    }
    return out;
  }

  /** Open incidents opened within the window whose root node depends on `node`. */
  private rootsAbove(node: string, now: number): IncidentRecord[] {
    const roots = this.book.roots;
    if (roots.size === 0) return [];
    const out: IncidentRecord[] = [];
    const take = (rootNode: string) => {
      for (const id of roots.get(rootNode) ?? []) {
        const rec = this.book.get(id)!;
        if (now - rec.openedAt <= this.windowMs) out.push(rec);
      }
    };
    if (roots.size <= FEW_ROOTS) {
      for (const rootNode of roots.keys()) if (rootNode !== node && this.deps.dependenciesOf(rootNode).has(node)) take(rootNode);
    } else {
      const above = this.deps.dependentsOf(node);
      if (above.size < roots.size) {
        for (const n of above) if (roots.has(n)) take(n);
      } else {
        for (const rootNode of roots.keys()) if (above.has(rootNode)) take(rootNode);
      }
    }
    return out;
  }

  /** The root alarm is open, or cleared no longer than the window ago. */
  private rootFresh(rec: IncidentRecord, now: number): boolean {
    const root = this.book.member(rec.rootAlarmId);
    if (!root) return false;
    return root.open || (root.clearedAt !== null && now - root.clearedAt <= this.windowMs);
  }

  private oldest(ids: ReadonlySet<string> | undefined): IncidentRecord | undefined {
    let best: IncidentRecord | undefined;
    for (const id of ids ?? []) {
      const rec = this.book.get(id);
      if (rec?.isOpen && (!best || byAge(rec, best) < 0)) best = rec;
    }
    return best;
  }

  /** The deepest root: lower layer first; within a layer the one the other depends on; then the oldest. */
  private deepest(candidates: IncidentRecord[]): IncidentRecord | undefined {
    let best: IncidentRecord | undefined;
    for (const c of candidates) {
      if (!best) {
        best = c;
        continue;
      }
      const dc = this.deps.depth(c.rootResource);
      const db = this.deps.depth(best.rootResource);
      if (dc !== db) {
        if (dc > db) best = c;
      } else if (this.deps.dependsOn(best.rootResource, c.rootResource)) {
        best = c;
      } else if (!this.deps.dependsOn(c.rootResource, best.rootResource) && byAge(c, best) < 0) {
        best = c;
      }
    }
    return best;
  }
}

function byAge(a: IncidentRecord, b: IncidentRecord): number {
  return a.openedAt - b.openedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
