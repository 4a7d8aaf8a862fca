import { describe, expect, it } from 'vitest';
import type { HealthFactor } from '../../../shared/domain/health';
import type { HealthTopicEntity } from '../../../shared/protocol/health';
import { appendTrends, foldHealthTopic, formatScore, renderFactors, trendScores } from './health-model';

const node = (nodeId: string, score: number, layer: 'business' | 'paas' | 'iaas', domain: 'B' | 'O' | 'M' | null = null): HealthTopicEntity => ({
  type: 'health',
  nodeId,
  name: nodeId,
  kind: layer === 'business' ? 'business-system' : 'CS',
  layer,
  domain,
  score,
  status: score >= 90 ? 'ok' : score >= 70 ? 'warning' : 'critical',
  confidence: 1,
  factors: [],
});
const domain = (d: 'B' | 'O' | 'M', score: number): HealthTopicEntity => ({ type: 'health-domain', domain: d, systems: 2, nodeId: `domain:${d}`, score, status: 'ok', confidence: 1, factors: [] });

describe('folding the health topic', () => {
  const entities: Record<string, HealthTopicEntity> = {
    'd:M': domain('M', 100),
    'd:B': domain('B', 72.5),
    'n:mbh': node('mbh', 60, 'business', 'B'),
    'n:cbs': node('cbs', 98, 'business', 'B'),
    'n:uip': node('uip', 100, 'business', 'M'),
    'n:dcos-1': node('dcos-1', 55, 'paas'),
    'n:vm-9': node('vm-9', 20, 'iaas'),
    summary: { type: 'health-summary', byStatus: { ok: 1, warning: 0, critical: 2, down: 0, unknown: 0, maintenance: 0 }, nodes: 5, degraded: 3 },
  };

  it('sorts domains B/O/M, systems by domain and name, components worst first', () => {
    const f = foldHealthTopic(entities);
    expect(f.domains.map((d) => d.domain)).toEqual(['B', 'M']);
    expect(f.systems.map((s) => s.nodeId)).toEqual(['cbs', 'mbh', 'uip']);
    expect(f.components.map((c) => c.nodeId)).toEqual(['vm-9', 'dcos-1']);
    expect(f.summary?.degraded).toBe(3);
    expect([...trendScores(f).keys()]).toEqual(['d:B', 'd:M', 'n:cbs', 'n:mbh', 'n:uip', 'n:vm-9', 'n:dcos-1']);
  });

  it('keeps every trend bounded, replaces instead of mutating, and forgets scores gone for a whole window', () => {
    let trends: Record<string, (number | null)[]> = {};
    const first = trends;
    for (let i = 0; i < 1000; i++) trends = appendTrends(trends, new Map([['a', i], ['b', 50]]), 120);
    expect(first).toEqual({});
    expect(trends.a).toHaveLength(120);
    expect(trends.a!.at(-1)).toBe(999);
    const before = trends.a!;
    // b recovers (leaves the topic): nulls follow, and after a whole window it is dropped.
    trends = appendTrends(trends, new Map([['a', 1]]), 120);
    expect(before.at(-1)).toBe(999);
    expect(trends.b!.at(-1)).toBeNull();
    for (let i = 0; i < 130; i++) trends = appendTrends(trends, new Map([['a', 1]]), 120);
    expect(Object.keys(trends)).toEqual(['a']);
  });

  it('starts a new trend as a whole window of gaps, so the memory it holds does not grow as it fills', () => {
    const trends = appendTrends(appendTrends({}, new Map([['a', 90]]), 120), new Map([['a', 80], ['b', 70]]), 120);
    expect(trends.a).toHaveLength(120);
    expect(trends.a!.slice(-2)).toEqual([90, 80]);
    expect(trends.a!.slice(0, -2).every((v) => v === null)).toBe(true);
    expect(trends.b).toHaveLength(120);
    expect(trends.b!.at(-1)).toBe(70);
  });

  it('follows at most maxSeries scores', () => {
    const many = new Map(Array.from({ length: 1000 }, (_, i) => [`n:${i}`, i] as [string, number]));
    expect(Object.keys(appendTrends({}, many, 10, 400))).toHaveLength(400);
  });

  it('formats a score with one decimal at most', () => {
    expect(formatScore(100)).toBe('100');
    expect(formatScore(72.5)).toBe('72.5');
  });
});

describe('factors in the reader’s locale', () => {
  const factors: HealthFactor[] = [
    {
      kind: 'child',
      messageKey: 'health.child',
      params: { name: 'DCOS 应用', score: 41 },
      impact: 45,
      node: 'dcos-1',
      causes: [{ kind: 'metric', messageKey: 'health.metric.above', params: { metric: 'cpu_util', value: 97, severity: 'critical', threshold: 90, over: 7 }, impact: 30, node: 'dcos-1' }],
    },
    { kind: 'child', messageKey: 'health.child.hidden', params: {}, impact: 5 },
  ];

  it('renders English with metric and severity names translated', () => {
    const lines = renderFactors(factors, 'en');
    expect(lines[0]).toMatchObject({ text: 'DCOS 应用 is degraded (score 41)', impact: 45, node: 'dcos-1', metric: null });
    expect(lines[0]!.causes[0]).toMatchObject({ text: 'CPU utilisation at 97 is over its critical threshold 90 by 7', metric: 'cpu_util', node: 'dcos-1' });
    expect(lines[1]!.text).toBe('A shared platform component outside your view is degraded');
  });

  it('renders zh-CN', () => {
    const lines = renderFactors(factors, 'zh-CN');
    expect(lines[0]!.text).toBe('依赖的 DCOS 应用 健康度下降（41 分）');
    expect(lines[0]!.causes[0]!.text).toBe('CPU 使用率 为 97，超过紧急阈值 90（超出 7）');
    expect(lines[1]!.text).toBe('一个不在您视图内的共享平台组件健康度下降');
  });
});
