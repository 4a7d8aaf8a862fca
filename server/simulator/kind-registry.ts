import type { Layer } from '../../shared/domain/topology.js';

/**
 * How a metric's value is computed from the slot frame (see sample-emitter.ts). Numbers, not
 * strings, because the emitter switches on them ~100,000 times per 10 s slot at scale.
 */
export const MetricType = {
  /** base × traffic weight × relative demand (× share served, on business systems). */
  TRAFFIC: 0,
  /** CPU in use: 100 × utilisation (demand over capacity), capped at 100. */
  CPU: 1,
  /** Memory: drifts with demand a little. */
  MEMORY: 2,
  /** A level that barely moves (disk fill, packet loss, hit ratio). */
  LEVEL: 3,
  /** Base latency × queueing factor + latency passed up from dependencies. */
  LATENCY: 4,
  /** Base error rate + errors from overload and broken dependencies. */
  ERROR: 5,
  /** Backlog: follows demand, grows fast once the node is overloaded. */
  QUEUE: 6,
  /** Running instances (containers) of an app tier. */
  INSTANCES: 7,
  /** Sessions blocked on locks (the db-lock-storm story). */
  BLOCKED: 8,
  /** Open sessions: traffic plus those blocked, cut back briefly when sessions are killed. */
  SESSIONS: 9,
  /** Temperature: idles at base, rises with utilisation. */
  HEAT: 10,
} as const;
export type MetricTypeCode = (typeof MetricType)[keyof typeof MetricType];

export interface MetricSpec {
  name: string;
  type: MetricTypeCode;
  /** Level at average demand and unit weight (meaning depends on the type). */
  base: number;
  /** Relative noise amplitude (0.05 = ±5 %). */
  noise: number;
  /** A percentage: capped at 100. */
  pct?: boolean;
  /** Levels and memory: how far one node's base sits from another's (default ±15 %). */
  spread?: number;
}

export type Catalog = 'business' | 'TPaaS' | 'DPaaS' | 'BDPaaS' | 'DCOS' | 'CIaaS' | 'NIaaS' | 'SIaaS' | 'physical';

/**
 * What a node does for the business systems above it, which decides where a DR or DNS
 * switchover sends their traffic: `front` tiers follow DNS, `data` tiers follow DR switchover.
 */
export type KindRole = 'business' | 'front' | 'data' | 'service' | 'infra';

/**
 * One component kind (architecture.md convention 6: kinds as registries): its layer, what it
 * reports, and how load from its dependents flows into it.
 */
export interface KindSpec {
  kind: string;
  layer: Layer;
  catalog: Catalog;
  zh: string;
  en: string;
  role: KindRole;
  /** CPU share in use at average demand, 0–1 (0: no CPU of its own to saturate). */
  baseUtil: number;
  baseLatencyMs: number;
  baseErrorPct: number;
  /**
   * How strongly its dependents' relative demand moves this node's: 1 for a database that sees
   * every transaction, less for a server or switch whose load is diluted by everything else.
   */
  loadDamping: number;
  /** VMs an instance gets before the platform is sized (0: none of its own). */
  vmWeight: number;
  /** Keeps data on a block volume of its own. */
  stateful: boolean;
  metrics: readonly MetricSpec[];
}

const T = MetricType;
const m = (name: string, type: MetricTypeCode, base: number, noise: number, pct = false): MetricSpec => ({ name, type, base, noise, ...(pct ? { pct } : {}) });
const cpu = m('cpu_util', T.CPU, 0, 0.06, true);
const mem = (base: number) => m('mem_util', T.MEMORY, base, 0.03, true);
const lat = m('latency_ms', T.LATENCY, 0, 0.08);
const err = m('error_rate', T.ERROR, 0, 0.25, true);

type Tuning = Pick<KindSpec, 'baseUtil' | 'baseLatencyMs' | 'baseErrorPct' | 'loadDamping' | 'vmWeight' | 'stateful'>;
const paas = (kind: string, catalog: Catalog, zh: string, en: string, role: KindRole, t: Partial<Tuning>, metrics: MetricSpec[]): KindSpec => ({
  kind,
  layer: 'paas',
  catalog,
  zh,
  en,
  role,
  baseUtil: 0.3,
  baseLatencyMs: 10,
  baseErrorPct: 0.1,
  loadDamping: 1,
  vmWeight: 2,
  stateful: false,
  ...t,
  metrics,
});
const infra = (kind: string, layer: Layer, catalog: Catalog, zh: string, en: string, t: Partial<Tuning>, metrics: MetricSpec[]): KindSpec => ({
  ...paas(kind, catalog, zh, en, 'infra', { vmWeight: 0, ...t }, metrics),
  layer,
});

const SPECS: readonly KindSpec[] = [
  {
    kind: 'business-system',
    layer: 'business',
    catalog: 'business',
    zh: '业务系统',
    en: 'Business system',
    role: 'business',
    baseUtil: 0,
    baseLatencyMs: 120,
    baseErrorPct: 0.3,
    loadDamping: 1,
    vmWeight: 0,
    stateful: false,
    // Plus one business metric per system (recharges_per_min, cdrs_per_min, …): system-catalog.ts.
    metrics: [m('tps', T.TRAFFIC, 800, 0.05), lat, err, m('sessions', T.SESSIONS, 6000, 0.04)],
  },
  // TPaaS
  paas('AC', 'TPaaS', '应用容器', 'App container', 'front', { baseUtil: 0.38, baseLatencyMs: 35, baseErrorPct: 0.2, vmWeight: 3 }, [cpu, mem(55), lat, m('tps', T.TRAFFIC, 1000, 0.05), err, m('instances', T.INSTANCES, 0, 0)]),
  paas('ESB', 'TPaaS', '实体服务总线', 'Enterprise service bus', 'service', { baseUtil: 0.3, baseLatencyMs: 15, vmWeight: 3 }, [cpu, m('tps', T.TRAFFIC, 1500, 0.05), lat, err, m('queue_depth', T.QUEUE, 40, 0.2)]),
  paas('VSB', 'TPaaS', '虚拟服务总线', 'Virtual service bus', 'service', { baseUtil: 0.25, baseLatencyMs: 12 }, [cpu, m('tps', T.TRAFFIC, 900, 0.05), lat, err]),
  paas('DMQ', 'TPaaS', '分布式消息队列', 'Distributed message queue', 'service', { baseUtil: 0.28, baseLatencyMs: 4, stateful: true }, [cpu, mem(48), m('tps', T.TRAFFIC, 800, 0.05), m('queue_depth', T.QUEUE, 120, 0.15), lat]),
  paas('BPE', 'TPaaS', '流程引擎', 'Business process engine', 'service', { baseUtil: 0.3, baseLatencyMs: 40 }, [cpu, m('tps', T.TRAFFIC, 120, 0.06), lat, m('queue_depth', T.QUEUE, 15, 0.2)]),
  paas('DCS', 'TPaaS', '分布式协调服务', 'Distributed coordination service', 'service', { baseUtil: 0.15, baseLatencyMs: 3, loadDamping: 0.5, vmWeight: 3 }, [cpu, lat, m('sessions', T.SESSIONS, 300, 0.03)]),
  paas('DDS', 'TPaaS', '分布式调度服务', 'Distributed scheduling service', 'service', { baseUtil: 0.2, baseLatencyMs: 5, loadDamping: 0.6 }, [cpu, m('queue_depth', T.QUEUE, 25, 0.2), m('tps', T.TRAFFIC, 40, 0.08)]),
  // DPaaS
  paas('RD', 'DPaaS', '关系型数据库', 'Relational database', 'data', { baseUtil: 0.34, baseLatencyMs: 8, stateful: true }, [cpu, mem(60), m('qps', T.TRAFFIC, 2500, 0.05), lat, m('sessions', T.SESSIONS, 180, 0.05), m('blocked_sessions', T.BLOCKED, 3, 0.15), m('disk_util', T.LEVEL, 58, 0.01, true)]),
  paas('MC', 'DPaaS', '缓存', 'Cache', 'service', { baseUtil: 0.22, baseLatencyMs: 1.2 }, [cpu, mem(64), m('qps', T.TRAFFIC, 9000, 0.05), lat, { ...m('hit_ratio', T.LEVEL, 96, 0.005, true), spread: 0.02 }]),
  paas('MD', 'DPaaS', '内存数据库', 'In-memory database', 'data', { baseUtil: 0.3, baseLatencyMs: 0.8, stateful: true }, [cpu, mem(64), m('qps', T.TRAFFIC, 6000, 0.05), lat]),
  paas('MPP', 'DPaaS', '大规模并行处理', 'Massively parallel processing', 'data', { baseUtil: 0.42, baseLatencyMs: 160, stateful: true, vmWeight: 4 }, [cpu, mem(62), m('qps', T.TRAFFIC, 60, 0.08), lat, m('disk_util', T.LEVEL, 64, 0.01, true)]),
  paas('DDA', 'DPaaS', '分布式数据访问', 'Distributed data access', 'service', { baseUtil: 0.25, baseLatencyMs: 6 }, [cpu, m('qps', T.TRAFFIC, 2400, 0.05), lat, err]),
  // BDPaaS
  paas('BP', 'BDPaaS', '批处理', 'Batch processing', 'service', { baseUtil: 0.5, baseLatencyMs: 0, loadDamping: 0.7, vmWeight: 4 }, [cpu, mem(60), m('queue_depth', T.QUEUE, 30, 0.2)]),
  paas('CF', 'BDPaaS', '计算框架', 'Compute framework', 'service', { baseUtil: 0.4, baseLatencyMs: 0, loadDamping: 0.7, vmWeight: 4 }, [cpu, mem(58), m('tps', T.TRAFFIC, 200, 0.08)]),
  paas('SP', 'BDPaaS', '流计算', 'Stream processing', 'service', { baseUtil: 0.35, baseLatencyMs: 50, vmWeight: 3 }, [cpu, m('tps', T.TRAFFIC, 3000, 0.05), lat, m('queue_depth', T.QUEUE, 200, 0.15)]),
  // EPaaS / DCOS: apps scaled out and in on the container platform's shared worker pool.
  paas('CS', 'DCOS', '容器服务', 'Container service app', 'front', { baseUtil: 0.35, baseLatencyMs: 30, baseErrorPct: 0.2, vmWeight: 0 }, [cpu, mem(50), lat, m('tps', T.TRAFFIC, 1000, 0.05), err, m('instances', T.INSTANCES, 0, 0)]),
  // IaaS
  infra('VCS', 'iaas', 'CIaaS', '虚拟机', 'Virtual machine', { baseUtil: 0.36 }, [cpu, mem(58), m('disk_util', T.LEVEL, 45, 0.01, true), m('net_mbps', T.TRAFFIC, 40, 0.08)]),
  infra('VPC', 'iaas', 'NIaaS', '虚拟专有网络', 'Virtual private cloud', { loadDamping: 0.6 }, [m('net_mbps', T.TRAFFIC, 40, 0.05), m('packet_loss', T.LEVEL, 0.02, 0.3, true)]),
  infra('LB', 'iaas', 'NIaaS', '负载均衡', 'Load balancer', { baseLatencyMs: 2 }, [m('sessions', T.SESSIONS, 6000, 0.04), m('qps', T.TRAFFIC, 800, 0.05), lat, err]),
  infra('BS', 'iaas', 'SIaaS', '块存储', 'Block storage volume', { baseLatencyMs: 2.5 }, [m('iops', T.TRAFFIC, 1800, 0.06), lat, m('disk_util', T.LEVEL, 62, 0.01, true)]),
  infra('FS', 'iaas', 'SIaaS', '文件存储', 'File storage', { baseLatencyMs: 6, loadDamping: 0.8 }, [m('iops', T.TRAFFIC, 600, 0.06), lat, m('disk_util', T.LEVEL, 55, 0.01, true)]),
  infra('OS', 'iaas', 'SIaaS', '对象存储', 'Object storage', { baseLatencyMs: 20, loadDamping: 0.8 }, [m('qps', T.TRAFFIC, 300, 0.06), lat, m('disk_util', T.LEVEL, 48, 0.01, true)]),
  // Physical
  infra('server', 'physical', 'physical', '服务器', 'Server', { baseUtil: 0.42, loadDamping: 0.8 }, [cpu, mem(60), m('net_mbps', T.TRAFFIC, 40, 0.06), m('temp_c', T.HEAT, 38, 0.02)]),
  infra('disk-array', 'physical', 'physical', '磁盘阵列', 'Disk array', { baseLatencyMs: 1.8, loadDamping: 0.6 }, [m('iops', T.TRAFFIC, 400, 0.05), lat, m('disk_util', T.LEVEL, 68, 0.005, true)]),
  infra('switch', 'physical', 'physical', '交换机', 'Switch', { baseUtil: 0.18, loadDamping: 0.5 }, [cpu, m('net_mbps', T.TRAFFIC, 20, 0.05), m('packet_loss', T.LEVEL, 0.01, 0.3, true)]),
  infra('router', 'physical', 'physical', '路由器', 'Router', { baseUtil: 0.2, loadDamping: 0.4 }, [cpu, m('net_mbps', T.TRAFFIC, 10, 0.05), m('packet_loss', T.LEVEL, 0.01, 0.3, true)]),
];

export const KINDS: ReadonlyMap<string, KindSpec> = new Map(SPECS.map((s) => [s.kind, s]));

export function kindSpec(kind: string): KindSpec {
  const spec = KINDS.get(kind);
  if (!spec) throw new Error(`unknown component kind ${kind}`);
  return spec;
}

/** Kinds a business system can have as dedicated or shared platform services. */
export type PaasKind = 'AC' | 'CS' | 'ESB' | 'VSB' | 'DMQ' | 'BPE' | 'DCS' | 'DDS' | 'RD' | 'MC' | 'MD' | 'MPP' | 'DDA' | 'BP' | 'CF' | 'SP';
