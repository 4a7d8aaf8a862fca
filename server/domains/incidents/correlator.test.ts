import { beforeEach, describe, expect, it } from 'vitest';
import { CORRELATION_WINDOW_MS } from '../../../shared/domain/incidents.js';
import { ManualClock } from '../../core/clock.js';
import { Correlator } from './correlator.js';
import { DependencyIndex } from './dependency-index.js';
import { IncidentBook } from './incident-book.js';
import { FakeAlarmLedger } from './test-support/fake-alarm-ledger.js';
import { smallGraph } from './test-support/small-graph.js';

let clock: ManualClock;
let ledger: FakeAlarmLedger;
let book: IncidentBook;
let correlator: Correlator;

beforeEach(() => {
  clock = new ManualClock(Date.UTC(2026, 0, 1));
  ledger = new FakeAlarmLedger(clock);
  book = new IncidentBook();
  correlator = new Correlator(book, new DependencyIndex(smallGraph()), ledger, clock);
  ledger.onChange(correlator.onChange);
});

const incidentOf = (alarmId: string) => book.get(ledger.get(alarmId)!.incidentId!)!;
const openIncidents = () => [...book.openIncidents()];

describe('correlation', () => {
  it('folds the dependents of a failed disk array into one incident rooted at it', () => {
    const root = ledger.raise('array-1', { severity: 'critical' });
    clock.advance(10_000);
    const symptoms = ['vm-1', 'vm-2', 'app-1', 'app-2', 'biz-1', 'biz-2'].map((n) => ledger.raise(n, { severity: 'major' }));
    expect(openIncidents()).toHaveLength(1);
    const inc = incidentOf(root.id);
    expect(inc.rootResource).toBe('array-1');
    expect(inc.view()).toMatchObject({ alarmCount: 7, openCount: 7, severity: 'critical', state: 'open', rootAlarmId: root.id });
    for (const s of symptoms) expect(ledger.get(s.id)!.incidentId).toBe(inc.id);
  });

  it('re-roots at a late root and merges the other incidents it explains', () => {
    const a = ledger.raise('app-1');
    clock.advance(5_000);
    const b = ledger.raise('biz-2');
    expect(openIncidents()).toHaveLength(2);
    const first = incidentOf(a.id);
    const second = incidentOf(b.id);
    clock.advance(60_000);
    const root = ledger.raise('array-1', { severity: 'critical' });
    expect(openIncidents()).toHaveLength(1);
    expect(incidentOf(root.id).id).toBe(first.id);
    expect(first.rootResource).toBe('array-1');
    expect(first.rootAlarmId).toBe(root.id);
    expect(first.view().alarmCount).toBe(3);
    expect(second.view()).toMatchObject({ state: 'merged', mergedInto: first.id });
    expect(ledger.get(b.id)!.incidentId).toBe(first.id);
    const kinds = book.pendingTimeline.filter((e) => e.incidentId === first.id).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['opened', 're-rooted', 'merged']));
    expect(book.pendingTimeline.some((e) => e.incidentId === second.id && e.kind === 'merged')).toBe(true);
  });

  it('keeps independent roots apart', () => {
    const a = ledger.raise('srv-1');
    clock.advance(1000);
    const b = ledger.raise('srv-3');
    const c = ledger.raise('array-1');
    expect(new Set([a, b, c].map((x) => ledger.get(x.id)!.incidentId)).size).toBe(3);
    // vm-1 runs on srv-1 and array-1: both physical, so it joins the older root.
    const vm = ledger.raise('vm-1');
    expect(ledger.get(vm.id)!.incidentId).toBe(ledger.get(a.id)!.incidentId);
    expect(ledger.get(ledger.raise('app-3').id)!.incidentId).toBe(ledger.get(b.id)!.incidentId);
  });

  it('prefers the deepest root when an alarm depends on several', () => {
    const app = ledger.raise('vm-1');
    clock.advance(CORRELATION_WINDOW_MS + 1); // too late for srv-1 to re-root vm-1's incident
    const srv = ledger.raise('srv-1');
    expect(incidentOf(srv.id).id).not.toBe(incidentOf(app.id).id);
    const biz = ledger.raise('biz-1');
    expect(incidentOf(biz.id).rootResource).toBe('srv-1');
  });

  it('puts a second alarm on the same node into the first one’s incident', () => {
    const a = ledger.raise('vm-3', { type: 'cpu' });
    ledger.raise('srv-1');
    const b = ledger.raise('vm-3', { type: 'disk' });
    expect(incidentOf(b.id).id).toBe(incidentOf(a.id).id);
  });

  it('does not re-correlate repeats of an alarm already placed', () => {
    const a = ledger.raise('vm-1');
    const moves = ledger.moves.length;
    for (let i = 0; i < 10; i++) ledger.raise('vm-1', { id: a.id });
    expect(ledger.moves.length).toBe(moves);
    expect(incidentOf(a.id).view().alarmCount).toBe(1);
  });

  it('gathers symptoms under a root cleared within the window, not after', () => {
    const root = ledger.raise('array-1');
    const vm = ledger.raise('vm-2');
    ledger.clear(root.id);
    clock.advance(CORRELATION_WINDOW_MS - 1000);
    expect(incidentOf(ledger.raise('app-2').id).id).toBe(incidentOf(root.id).id);
    clock.advance(2000);
    const late = ledger.raise('vm-1');
    expect(incidentOf(late.id).id).not.toBe(incidentOf(root.id).id);
    expect(incidentOf(vm.id).id).toBe(incidentOf(root.id).id);
  });

  it('does not re-root an incident older than the window', () => {
    const app = ledger.raise('app-3');
    clock.advance(CORRELATION_WINDOW_MS + 1);
    const srv = ledger.raise('srv-3');
    expect(incidentOf(srv.id).id).not.toBe(incidentOf(app.id).id);
    expect(incidentOf(app.id).rootResource).toBe('app-3');
  });

  it('tracks severity, open count, suppression and resolves when every member cleared', () => {
    const root = ledger.raise('array-1', { severity: 'minor' });
    const vm = ledger.raise('vm-2', { severity: 'critical' });
    const inc = incidentOf(root.id);
    expect(inc.view()).toMatchObject({ severity: 'critical', openCount: 2, suppressed: false });
    ledger.suppress(root.id, 'sil-1');
    expect(inc.view().suppressed).toBe(false);
    ledger.suppress(vm.id, 'sil-1');
    expect(inc.view().suppressed).toBe(true);
    ledger.clear(vm.id);
    expect(inc.view()).toMatchObject({ severity: 'minor', openCount: 1, alarmCount: 2, state: 'open' });
    clock.advance(1000);
    ledger.clear(root.id);
    expect(inc.view()).toMatchObject({ state: 'resolved', openCount: 0, resolvedAt: new Date(clock.now()).toISOString() });
    expect(book.pendingTimeline.at(-1)).toMatchObject({ kind: 'resolved', incidentId: inc.id });
    // A new alarm on the same node after resolution opens a new incident.
    expect(incidentOf(ledger.raise('array-1').id).id).not.toBe(inc.id);
  });
});
