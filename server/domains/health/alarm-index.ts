import type { Alarm } from '../../../shared/domain/alarms.js';
import { isOpenAlarm } from '../../../shared/domain/alarms.js';
import type { AlarmChange } from '../alarms/index.js';

const NONE: ReadonlyMap<string, Alarm> = new Map();

/**
 * Open alarms by the node they are about, kept from the ledger's change feed (the ledger has no
 * per-node lookup). Holds exactly the ledger's open alarms, so it is as bounded as the ledger.
 */
export class AlarmIndex {
  private readonly byNode = new Map<string, Map<string, Alarm>>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Whether the node has any open alarm (the engine's fast path asks before anything else). */
  has(node: string): boolean {
    return this.byNode.has(node);
  }

  of(node: string): Iterable<Alarm> {
    return (this.byNode.get(node) ?? NONE).values();
  }

  /** Applies one change; returns the nodes whose alarms moved. */
  apply(change: AlarmChange): string[] {
    const { alarm, previous } = change;
    const touched: string[] = [];
    if (previous && previous.resource !== alarm.resource && this.remove(previous.resource, previous.id)) touched.push(previous.resource);
    if (isOpenAlarm(alarm)) {
      let m = this.byNode.get(alarm.resource);
      if (!m) this.byNode.set(alarm.resource, (m = new Map()));
      if (!m.has(alarm.id)) this.count++;
      m.set(alarm.id, alarm);
      touched.push(alarm.resource);
    } else if (this.remove(alarm.resource, alarm.id)) {
      touched.push(alarm.resource);
    }
    return touched;
  }

  rebuild(open: Iterable<Alarm>): void {
    this.byNode.clear();
    this.count = 0;
    for (const a of open) this.apply({ alarm: a, previous: null });
  }

  private remove(node: string, id: string): boolean {
    const m = this.byNode.get(node);
    if (!m?.delete(id)) return false;
    this.count--;
    if (m.size === 0) this.byNode.delete(node);
    return true;
  }
}
