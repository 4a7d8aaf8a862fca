import { describe, expect, it } from 'vitest';
import { MINUTE_MS, OUTAGE_MINUTES, OutageHistory } from './outage-history.js';
import { minuteStateOf, slaFigure, slaWindow } from './sla.js';

const DAY = 1440 * MINUTE_MS;
const T0 = Date.UTC(2026, 0, 1);
const sys = { id: 'biz-x', name: 'X', labels: {} };

describe('SLA on a constructed outage history', () => {
  it('5 minutes down in a day is 99.653%, under a 99.99% target', () => {
    const h = new OutageHistory();
    h.rebuild('biz-x', T0, T0 + DAY, [{ from: T0 + 600 * MINUTE_MS, to: T0 + 605 * MINUTE_MS }]);
    const f = slaFigure(h, sys, slaWindow('day', T0 + DAY - 1));
    expect(f).toMatchObject({ availability: 99.653, observedMinutes: 1440, downMinutes: 5, target: 99.99, met: false });
    expect(f.allowedDownMinutes).toBe(0.14);
    expect(f.budgetLeftMinutes).toBe(-4.86);
  });

  it('week and month windows, targets per system from data or a label', () => {
    const h = new OutageHistory();
    h.rebuild('biz-x', T0, T0 + 30 * DAY, [
      { from: T0 + 2 * DAY, to: T0 + 2 * DAY + 3 * MINUTE_MS },
      { from: T0 + 27 * DAY, to: T0 + 27 * DAY + MINUTE_MS },
    ]);
    const now = T0 + 30 * DAY - 1;
    expect(slaFigure(h, sys, slaWindow('week', now))).toMatchObject({ observedMinutes: 7 * 1440, downMinutes: 1, availability: 99.99, met: true });
    const month = slaFigure(h, sys, slaWindow('month', now));
    expect(month).toMatchObject({ observedMinutes: 30 * 1440, downMinutes: 4, availability: 99.991, met: true });
    expect(slaFigure(h, { ...sys, labels: { 'sla.target': '99.999' } }, slaWindow('month', now)).met).toBe(false);
    expect(slaFigure(h, { ...sys, id: 'biz-mbh' }, slaWindow('month', now)).target).toBe(99.95);
  });

  it('records per tick: gaps keep the last state, unknown and maintenance minutes are not counted', () => {
    const h = new OutageHistory();
    h.record('biz-x', T0, minuteStateOf('ok'));
    h.record('biz-x', T0 + 10 * MINUTE_MS, minuteStateOf('critical')); // minutes 1–9 carry "up"
    h.record('biz-x', T0 + 12 * MINUTE_MS + 5_000, minuteStateOf('ok')); // 11 carries "down"
    h.record('biz-x', T0 + 13 * MINUTE_MS, minuteStateOf('unknown'));
    h.record('biz-x', T0 + 14 * MINUTE_MS, minuteStateOf('maintenance'));
    expect(h.count('biz-x', T0, T0 + 15 * MINUTE_MS)).toEqual({ observed: 13, down: 2 });
    expect(minuteStateOf(undefined)).toBe('unobserved');
  });

  it('a minute is down if the system was down at any moment of it', () => {
    const h = new OutageHistory();
    h.record('biz-x', T0, 'up');
    h.record('biz-x', T0 + 20_000, 'down');
    h.record('biz-x', T0 + 40_000, 'up');
    expect(h.count('biz-x', T0, T0 + MINUTE_MS)).toEqual({ observed: 1, down: 1 });
  });

  it('stays bounded: a 31-day ring, old minutes forgotten as new ones come', () => {
    const h = new OutageHistory();
    h.record('biz-x', T0, 'down');
    h.record('biz-x', T0 + OUTAGE_MINUTES * MINUTE_MS, 'up');
    expect(h.count('biz-x', T0, T0 + (OUTAGE_MINUTES + 1) * MINUTE_MS)).toEqual({ observed: OUTAGE_MINUTES, down: OUTAGE_MINUTES - 1 });
    h.record('biz-x', T0 + 100 * OUTAGE_MINUTES * MINUTE_MS, 'up');
    expect(h.count('biz-x', 0, T0 + 101 * OUTAGE_MINUTES * MINUTE_MS)).toEqual({ observed: OUTAGE_MINUTES, down: 0 });
    expect(h.bytes).toBe((OUTAGE_MINUTES / 8) * 2);
  });
});
