import { describe, expect, it } from 'vitest';
import type { TopologyEntity } from '../../../shared/protocol/topics';
import { appendCapped, worstNodes } from './overview-store';

describe('overview store helpers', () => {
  it('appendCapped returns a new array and never holds more than the cap', () => {
    const a = [1, 2, 3];
    const b = appendCapped(a, 4, 3);
    expect(b).toEqual([2, 3, 4]);
    expect(a).toEqual([1, 2, 3]);
    let h: number[] = [];
    for (let i = 0; i < 10_000; i++) h = appendCapped(h, i, 300);
    expect(h).toHaveLength(300);
    expect(h[299]).toBe(9_999);
  });

  it('worstNodes lists only nodes that are not ok, worst first, at most n', () => {
    const node = (id: string, status: string) => ({ type: 'node', id, name: id, status, layer: 'iaas', dc: 'DC-A' }) as unknown as TopologyEntity;
    const entities: Record<string, TopologyEntity> = {
      'n:a': node('a', 'warning'),
      'n:b': node('b', 'down'),
      'n:c': node('c', 'ok'),
      'n:d': node('d', 'critical'),
      summary: { type: 'summary' } as TopologyEntity,
    };
    expect(worstNodes(entities, 10).map((n) => n.id)).toEqual(['b', 'd', 'a']);
    expect(worstNodes(entities, 1).map((n) => n.id)).toEqual(['b']);
  });
});
