import { describe, expect, it } from 'vitest';
import type { Alarm } from '../../../shared/domain/alarms.js';
import { ManualClock } from '../../core/clock.js';
import { mulberry32, simulatedGraph } from '../../simulator/test-support/simulated-graph.js';
import { Correlator } from './correlator.js';
import { DependencyIndex } from './dependency-index.js';
import { IncidentBook } from './incident-book.js';
import { FakeAlarmLedger } from './test-support/fake-alarm-ledger.js';

/**
 * Correlation over random failures on the simulated platform: a few failing nodes, a random
 * part of what depends on them failing too, their alarms (one or two per node) arriving in random
 * order within the correlation window, with some roots held back until after their symptoms.
 */
const graph = simulatedGraph(11, 400);
const nodeIds = [...graph.nodes()].map((n) => n.id).sort();
const truth = new DependencyIndex(graph);

interface Trial {
  failing: Set<string>;
  expectedRoots: Set<string>;
  alarms: Alarm[];
  book: IncidentBook;
  ledger: FakeAlarmLedger;
  lateRoots: number;
}

function runTrial(seed: number): Trial {
  const rand = mulberry32(seed);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const failing = new Set<string>();
  const rootCount = 1 + Math.floor(rand() * 5);
  for (let i = 0; i < rootCount; i++) {
    const root = pick(nodeIds);
    failing.add(root);
    const above = [...truth.dependentsOf(root)];
    const share = rand();
    for (const d of above) if (rand() < share && failing.size < 400) failing.add(d);
  }
  const expectedRoots = new Set([...failing].filter((f) => ![...failing].some((o) => o !== f && truth.dependsOn(f, o))));

  // One or two alarms per failing node; late roots go after everything else.
  const order: string[] = [];
  const held: string[] = [];
  for (const f of failing) {
    const copies = rand() < 0.3 ? 2 : 1;
    for (let c = 0; c < copies; c++) (expectedRoots.has(f) && rand() < 0.5 ? held : order).push(f);
  }
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const ledger = new FakeAlarmLedger(clock);
  const book = new IncidentBook();
  const correlator = new Correlator(book, new DependencyIndex(graph), ledger, clock);
  ledger.onChange(correlator.onChange);
  const all = [...order, ...held];
  const step = Math.floor(200_000 / Math.max(1, all.length)); // everything within the 5-minute window
  const seenTypes = new Map<string, number>();
  for (const node of all) {
    const n = (seenTypes.get(node) ?? 0) + 1;
    seenTypes.set(node, n);
    ledger.raise(node, { type: `t${n}`, severity: pick(['critical', 'major', 'minor', 'warning'] as const) });
    clock.advance(rand() * step);
  }
  return { failing, expectedRoots, alarms: ledger.all(), book, ledger, lateRoots: correlator.outcomes['late-root'] };
}

describe('correlation over random failures on the simulated platform (property)', () => {
  it('holds its invariants for 150 random failure sets', () => {
    let lateRoots = 0;
    let multiRootTrials = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const { failing, expectedRoots, alarms, book, ledger, lateRoots: late } = runTrial(seed);
      lateRoots += late;
      if (expectedRoots.size > 1) multiRootTrials++;
      const ctx = `seed ${seed}`;
      const open = [...book.openIncidents()];

      // Each alarm in exactly one incident, and the ledger agrees.
      const seen = new Map<string, string>();
      for (const inc of open) {
        for (const id of inc.members) {
          expect(seen.has(id), `${ctx}: ${id} in two incidents`).toBe(false);
          seen.set(id, inc.id);
        }
      }
      expect(seen.size, ctx).toBe(alarms.length);
      for (const a of alarms) expect(ledger.get(a.id)!.incidentId, ctx).toBe(seen.get(a.id));

      // Roots are exactly the deepest failed nodes: one incident per root, independent roots apart.
      expect(new Set(open.map((i) => i.rootResource)), ctx).toEqual(expectedRoots);
      expect(open.length, ctx).toBe(expectedRoots.size);
      for (const inc of open) {
        for (const node of inc.nodes.keys()) {
          expect(node === inc.rootResource || truth.dependsOn(node, inc.rootResource), `${ctx}: ${node} under ${inc.rootResource}`).toBe(true);
          expect(truth.dependsOn(inc.rootResource, node), `${ctx}: root ${inc.rootResource} depends on member ${node}`).toBe(false);
        }
        expect(inc.view().alarmCount).toBe(inc.members.size);
      }

      // A failed node explained by one root only sits in that root's incident, however late the root came.
      for (const f of failing) {
        const explaining = [...expectedRoots].filter((r) => r === f || truth.dependsOn(f, r));
        if (explaining.length !== 1) continue;
        const rootIncident = open.find((i) => i.rootResource === explaining[0])!;
        expect(rootIncident.nodes.has(f), `${ctx}: ${f} not under ${explaining[0]}`).toBe(true);
      }
    }
    // The generator really exercised late roots and several independent roots.
    expect(lateRoots).toBeGreaterThan(50);
    expect(multiRootTrials).toBeGreaterThan(50);
  });
});
