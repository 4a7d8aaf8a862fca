import { describe, expect, it } from 'vitest';
import { buildStack, node, T0, type Stack } from './test-support/domain-stack.js';

function setup(): Stack {
  const s = buildStack();
  s.ingest.port.declare({ nodes: [node('n1', 'paas', null), node('n2', 'paas', null)], edges: [] });
  return s;
}

const status = (s: Stack, id: string) => s.topology.graph.node(id)!.status;

/** One engine step after advancing the wall clock that drives source time. */
function step(s: Stack, ms = 0): void {
  s.wall.advance(ms);
  s.topology.tick(s.sourceClock.now());
}

describe('StatusDeriver', () => {
  it('calls a node that never reported unknown, and ok once it reports', () => {
    const s = setup();
    step(s);
    expect(status(s, 'n1')).toBe('unknown');
    s.ingest.port.samples([{ node: 'n1', metric: 'cpu_util', v: 10 }]);
    step(s, 1000);
    expect(status(s, 'n1')).toBe('ok');
    expect(status(s, 'n2')).toBe('unknown');
  });

  it('turns unknown after the silence interval of source time, and back when samples return', () => {
    const s = setup();
    s.ingest.port.samples([{ node: 'n1', metric: 'cpu_util', v: 10 }]);
    step(s);
    expect(status(s, 'n1')).toBe('ok');
    step(s, 30_000);
    expect(status(s, 'n1')).toBe('ok'); // exactly the interval: not yet
    step(s, 1);
    expect(status(s, 'n1')).toBe('unknown');
    s.ingest.port.samples([{ node: 'n1', metric: 'cpu_util', v: 10 }]);
    step(s, 1000);
    expect(status(s, 'n1')).toBe('ok');
  });

  it('follows source time, not the wall: a paused source never goes silent, a jump does', () => {
    const s = setup();
    s.ingest.port.samples([{ node: 'n1', metric: 'cpu_util', v: 10 }]);
    step(s);
    s.sourceClock.pause();
    step(s, 10 * 60_000);
    expect(status(s, 'n1')).toBe('ok');
    s.sourceClock.advance(31_000);
    step(s);
    expect(status(s, 'n1')).toBe('unknown');
  });

  it('derives down from up == 0, before thresholds', () => {
    const s = setup();
    s.ingest.port.samples([
      { node: 'n1', metric: 'up', v: 0 },
      { node: 'n1', metric: 'cpu_util', v: 99 },
    ]);
    step(s);
    expect(status(s, 'n1')).toBe('down');
    s.ingest.port.samples([{ node: 'n1', metric: 'up', v: 1 }]);
    step(s, 1000);
    expect(status(s, 'n1')).toBe('critical');
  });

  it('applies the default thresholds, worst wins', () => {
    const s = setup();
    const set = (metric: string, v: number) => {
      s.ingest.port.samples([{ node: 'n1', metric, v }]);
      step(s, 1000);
      return status(s, 'n1');
    };
    expect(set('cpu_util', 84.9)).toBe('ok');
    expect(set('cpu_util', 85)).toBe('warning');
    expect(set('cpu_util', 95)).toBe('critical');
    expect(set('cpu_util', 10)).toBe('ok');
    expect(set('latency_ms', 600)).toBe('warning');
    expect(set('error_rate', 6)).toBe('critical');
    expect(set('error_rate', 0)).toBe('warning');
    expect(set('latency_ms', 100)).toBe('ok');
    expect(set('hit_ratio', 40)).toBe('critical'); // lower is worse
  });

  it('puts maintenance above everything, and lifts it on re-declaration', () => {
    const s = setup();
    s.ingest.port.samples([{ node: 'n1', metric: 'up', v: 0 }]);
    s.ingest.port.declare({ nodes: [node('n1', 'paas', null, { maintenance: true })], edges: [] });
    step(s);
    expect(status(s, 'n1')).toBe('maintenance');
    step(s, 60_000); // silent, still maintenance
    expect(status(s, 'n1')).toBe('maintenance');
    s.ingest.port.declare({ nodes: [node('n1', 'paas', null)], edges: [] });
    step(s);
    expect(status(s, 'n1')).toBe('unknown');
  });

  it('does not touch unchanged nodes (entity objects keep their identity)', () => {
    const s = setup();
    s.ingest.port.samples([{ node: 'n1', metric: 'cpu_util', v: 10 }, { node: 'n2', metric: 'cpu_util', v: 10 }]);
    step(s);
    const before = s.topology.graph.node('n2');
    s.ingest.port.samples([{ node: 'n1', metric: 'cpu_util', v: 90 }, { node: 'n2', metric: 'cpu_util', v: 11 }]);
    step(s, 1000);
    expect(status(s, 'n1')).toBe('warning');
    expect(s.topology.graph.node('n2')).toBe(before);
    expect(s.sourceClock.now()).toBeGreaterThan(T0);
  });
});
