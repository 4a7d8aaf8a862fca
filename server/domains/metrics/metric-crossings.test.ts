import { describe, expect, it } from 'vitest';
import { MetricChanges } from './metric-changes.js';
import { MetricStore } from './metric-store.js';

const T0 = Date.UTC(2026, 0, 1);

function store() {
  const s = new MetricStore();
  const changes = new MetricChanges(s);
  const seen: string[][] = [];
  changes.onCrossing((nodes) => seen.push([...nodes].sort()));
  let t = T0;
  return {
    s,
    write: (node: string, metric: string, v: number, at?: number) => s.write(node, metric, at ?? (t += 1000), v),
    /** The nodes the next flush hands the crossing listener. */
    crossed: (): string[] => {
      seen.length = 0;
      changes.flush();
      return seen[0] ?? [];
    },
  };
}

describe('metric store: possible level crossings judged at write time', () => {
  it('marks a new series, and every move of a series whose band is not set', () => {
    const x = store();
    x.write('a', 'cpu', 10);
    expect(x.crossed()).toEqual(['a']);
    x.write('a', 'cpu', 11);
    expect(x.crossed()).toEqual(['a']);
    x.write('a', 'cpu', 11);
    expect(x.crossed()).toEqual([]); // the newest value did not move
  });

  it('with a band: quiet moves are not marked; entering, leaving and moving outside it are', () => {
    const x = store();
    x.write('a', 'cpu', 10);
    x.write('b', 'hit', 95);
    expect(x.s.setQuietBand('a', 'cpu', -Infinity, 85)).toBe(true);
    expect(x.s.setQuietBand('b', 'hit', 80, Infinity)).toBe(true);
    expect(x.s.setQuietBand('a', 'nope', 0, 1)).toBe(false);
    x.crossed();
    x.write('a', 'cpu', 84.99);
    x.write('b', 'hit', 80.01);
    expect(x.crossed()).toEqual([]);
    x.write('a', 'cpu', 85); // exactly at the level reaches it
    expect(x.crossed()).toEqual(['a']);
    x.write('a', 'cpu', 90); // moves while outside
    expect(x.crossed()).toEqual(['a']);
    x.write('a', 'cpu', 20); // leaves
    expect(x.crossed()).toEqual(['a']);
    x.write('b', 'hit', 80); // a below band: at its level
    expect(x.crossed()).toEqual(['b']);
    x.write('b', 'hit', Number.NaN); // NaN reaches nothing, but it left a loud value
    expect(x.crossed()).toEqual(['b']);
    x.write('b', 'hit', 99);
    expect(x.crossed()).toEqual([]);
  });

  it('a late sample that does not become the newest value is not a crossing', () => {
    const x = store();
    x.write('a', 'cpu', 10, T0 + 60_000);
    x.s.setQuietBand('a', 'cpu', -Infinity, 85);
    x.crossed();
    x.write('a', 'cpu', 99, T0 + 50_000);
    expect(x.crossed()).toEqual([]);
    expect(x.s.latest('a', 'cpu')!.v).toBe(10);
  });

  it('resetting bands (one node or all) makes every move count again; dropping a node marks it', () => {
    const x = store();
    x.write('a', 'cpu', 10);
    x.write('b', 'cpu', 10);
    x.s.setQuietBand('a', 'cpu', -Infinity, 85);
    x.s.setQuietBand('b', 'cpu', -Infinity, 85);
    x.crossed();
    x.s.resetQuietBands('a');
    x.write('a', 'cpu', 11);
    x.write('b', 'cpu', 11);
    expect(x.crossed()).toEqual(['a']);
    x.s.resetQuietBands();
    x.write('b', 'cpu', 12);
    expect(x.crossed()).toEqual(['b']);
    x.s.dropNode('a');
    expect(x.crossed()).toEqual(['a']);
  });

  it('records nothing until a consumer asks for crossings', () => {
    const s = new MetricStore();
    s.write('a', 'cpu', T0, 99);
    expect(s.drainCrossings().size).toBe(0);
  });
});
