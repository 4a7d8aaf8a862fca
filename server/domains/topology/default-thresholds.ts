/**
 * Built-in thresholds, so a fresh install derives warning and critical without any rules
 * configured. Tier-3/4 rules (alarms domain) refine them later; these are the floor.
 * Percentages are 0–100, the way operators read them on the wall.
 */
export interface Threshold {
  warning: number;
  critical: number;
  /** 'above' (default): higher is worse. 'below': lower is worse (free space, hit ratio). */
  direction?: 'above' | 'below';
}

export type ThresholdTable = Readonly<Record<string, Threshold>>;

export const DEFAULT_THRESHOLDS: ThresholdTable = {
  /** Percent of CPU in use. */
  cpu_util: { warning: 85, critical: 95 },
  /** Percent of memory in use. */
  mem_util: { warning: 85, critical: 95 },
  /** Percent of disk or array capacity in use. */
  disk_util: { warning: 85, critical: 95 },
  /** Response time; business SLAs in the seed are sub-second. */
  latency_ms: { warning: 500, critical: 2000 },
  /** Percent of requests failing. */
  error_rate: { warning: 2, critical: 5 },
  /** Percent of packets lost on a link or switch. */
  packet_loss: { warning: 1, critical: 5 },
  /** Cache hit ratio in percent: a cold cache pushes load onto the databases behind it. */
  hit_ratio: { warning: 80, critical: 50, direction: 'below' },
};

export type ThresholdLevel = 'ok' | 'warning' | 'critical';

export function levelOf(t: Threshold, v: number): ThresholdLevel {
  if (t.direction === 'below') return v <= t.critical ? 'critical' : v <= t.warning ? 'warning' : 'ok';
  return v >= t.critical ? 'critical' : v >= t.warning ? 'warning' : 'ok';
}
