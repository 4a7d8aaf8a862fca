import type { BusinessDomain, Edge, EdgeKind, Layer, NodeDeclaration } from '../../shared/domain/topology.js';

/**
 * The small fixed private cloud behind `--simulate` (the full, scalable simulator comes later).
 * Two tenants over two data centers, four layers, one shared platform node both tenants'
 * systems depend on, and shared infrastructure under everything (domain.md).
 *
 *   billing: 融合计费 CBS ─┬─ AC ── VMs ── servers ── core switch
 *            实时账务 RTA  ├─ RD ── volume ── disk array
 *            统一信息平台 UIP (M) └─ shared RD cluster ◀── 手机营业厅 MBH (channel)
 */
export const FIXTURE_TENANTS = ['billing', 'channel'] as const;
export type FixtureTenant = (typeof FIXTURE_TENANTS)[number];

/** The one shared platform node (tenant null) on both tenants' dependency paths. */
export const FIXTURE_SHARED_NODE = 'paas-rd-shared';

/** Each tenant's business systems. */
export const FIXTURE_SYSTEMS: Readonly<Record<FixtureTenant, readonly string[]>> = {
  billing: ['biz-cbs', 'biz-rta', 'biz-uip'],
  channel: ['biz-mbh'],
};

interface NodeDef {
  id: string;
  kind: string;
  layer: Layer;
  dc: 'DC-A' | 'DC-B';
  tenant: FixtureTenant | null;
  /** zh-CN name, as operators say it. */
  zh: string;
  en: string;
  domain?: BusinessDomain;
  /** Load multiplier for this instance's traffic-like metrics. */
  scale?: number;
}

const biz = (id: string, tenant: FixtureTenant, domain: BusinessDomain, zh: string, en: string, scale: number): NodeDef => ({
  id,
  kind: 'business-system',
  layer: 'business',
  dc: 'DC-A',
  tenant,
  zh,
  en,
  domain,
  scale,
});
const at = (layer: Layer, kind: string, dc: NodeDef['dc'], tenant: FixtureTenant | null) =>
  (id: string, zh: string, en: string, scale = 1): NodeDef => ({ id, kind, layer, dc, tenant, zh, en, scale });

const NODES: readonly NodeDef[] = [
  biz('biz-cbs', 'billing', 'B', '融合计费', 'Converged billing', 1.5),
  biz('biz-rta', 'billing', 'B', '实时账务', 'Real-time accounting', 1.2),
  biz('biz-uip', 'billing', 'M', '统一信息平台', 'Unified information platform', 0.3),
  biz('biz-mbh', 'channel', 'B', '手机营业厅', 'Mobile business hall', 1),

  at('paas', 'AC', 'DC-A', 'billing')('paas-ac-cbs', '融合计费应用容器', 'CBS app container', 1.5),
  at('paas', 'RD', 'DC-A', 'billing')('paas-rd-cbs', '融合计费关系型数据库', 'CBS relational database', 1.5),
  at('paas', 'RD', 'DC-B', 'billing')('paas-rd-cbs-dr', '融合计费容灾数据库', 'CBS DR database', 0.2),
  at('paas', 'DMQ', 'DC-A', 'billing')('paas-dmq-billing', '计费分布式消息队列', 'Billing message queue'),
  at('paas', 'AC', 'DC-A', 'billing')('paas-ac-rta', '实时账务应用容器', 'RTA app container', 1.2),
  at('paas', 'MC', 'DC-A', 'billing')('paas-mc-rta', '实时账务缓存', 'RTA cache', 1.2),
  at('paas', 'AC', 'DC-A', 'billing')('paas-ac-uip', '信息平台应用容器', 'UIP app container', 0.3),
  at('paas', 'AC', 'DC-A', 'channel')('paas-ac-mbh', '手机营业厅应用容器', 'MBH app container'),
  at('paas', 'MC', 'DC-A', 'channel')('paas-mc-mbh', '手机营业厅缓存', 'MBH cache'),
  at('paas', 'AC', 'DC-B', 'channel')('paas-ac-mbh-dr', '手机营业厅容灾容器', 'MBH DR app container', 0.1),
  at('paas', 'RD', 'DC-A', null)(FIXTURE_SHARED_NODE, '共享关系型数据库集群', 'Shared relational database cluster', 1.3),

  at('iaas', 'VCS', 'DC-A', 'billing')('iaas-vm-cbs-1', '计费虚拟机-1', 'Billing VM 1'),
  at('iaas', 'VCS', 'DC-A', 'billing')('iaas-vm-cbs-2', '计费虚拟机-2', 'Billing VM 2'),
  at('iaas', 'VCS', 'DC-A', 'billing')('iaas-vm-rta-1', '账务虚拟机-1', 'Accounting VM 1'),
  at('iaas', 'VCS', 'DC-A', 'billing')('iaas-vm-uip-1', '信息平台虚拟机-1', 'UIP VM 1', 0.5),
  at('iaas', 'VCS', 'DC-B', 'billing')('iaas-vm-cbs-dr-1', '计费容灾虚拟机-1', 'Billing DR VM 1', 0.3),
  at('iaas', 'BS', 'DC-A', 'billing')('iaas-bs-billing-a', '计费块存储卷', 'Billing block volume'),
  at('iaas', 'BS', 'DC-B', 'billing')('iaas-bs-billing-b', '计费容灾块存储卷', 'Billing DR block volume', 0.2),
  at('iaas', 'VPC', 'DC-A', 'billing')('iaas-vpc-billing', '计费虚拟专有网络', 'Billing VPC'),
  at('iaas', 'VCS', 'DC-A', 'channel')('iaas-vm-mbh-1', '营业厅虚拟机-1', 'MBH VM 1'),
  at('iaas', 'VCS', 'DC-A', 'channel')('iaas-vm-mbh-2', '营业厅虚拟机-2', 'MBH VM 2'),
  at('iaas', 'VCS', 'DC-B', 'channel')('iaas-vm-mbh-dr-1', '营业厅容灾虚拟机-1', 'MBH DR VM 1', 0.2),
  at('iaas', 'VPC', 'DC-A', 'channel')('iaas-vpc-channel', '渠道虚拟专有网络', 'Channel VPC'),
  at('iaas', 'VCS', 'DC-A', null)('iaas-vm-rd-shared-1', '共享数据库虚拟机-1', 'Shared DB VM 1', 1.2),
  at('iaas', 'VCS', 'DC-A', null)('iaas-vm-rd-shared-2', '共享数据库虚拟机-2', 'Shared DB VM 2', 1.2),
  at('iaas', 'BS', 'DC-A', null)('iaas-bs-shared-a', '共享块存储卷', 'Shared block volume', 1.3),
  at('iaas', 'LB', 'DC-A', null)('iaas-lb-a', '生产中心负载均衡', 'DC-A load balancer', 2),
  at('iaas', 'LB', 'DC-B', null)('iaas-lb-b', '容灾中心负载均衡', 'DC-B load balancer', 0.2),

  at('physical', 'server', 'DC-A', null)('phy-srv-a-01', '生产中心服务器-01', 'DC-A server 01'),
  at('physical', 'server', 'DC-A', null)('phy-srv-a-02', '生产中心服务器-02', 'DC-A server 02'),
  at('physical', 'server', 'DC-A', null)('phy-srv-a-03', '生产中心服务器-03', 'DC-A server 03'),
  at('physical', 'server', 'DC-A', null)('phy-srv-a-04', '生产中心服务器-04', 'DC-A server 04'),
  at('physical', 'server', 'DC-B', null)('phy-srv-b-01', '容灾中心服务器-01', 'DC-B server 01', 0.3),
  at('physical', 'server', 'DC-B', null)('phy-srv-b-02', '容灾中心服务器-02', 'DC-B server 02', 0.3),
  at('physical', 'disk-array', 'DC-A', null)('phy-array-a', '生产中心磁盘阵列', 'DC-A disk array', 2),
  at('physical', 'disk-array', 'DC-B', null)('phy-array-b', '容灾中心磁盘阵列', 'DC-B disk array', 0.3),
  at('physical', 'switch', 'DC-A', null)('phy-sw-a-core', '生产中心核心交换机', 'DC-A core switch'),
  at('physical', 'switch', 'DC-B', null)('phy-sw-b-core', '容灾中心核心交换机', 'DC-B core switch'),
];

/** source → targets, by kind: `source` depends on each target. */
const LINKS: readonly [string, EdgeKind, readonly string[]][] = [
  ['biz-cbs', 'uses', ['paas-ac-cbs', 'paas-rd-cbs', 'paas-dmq-billing', FIXTURE_SHARED_NODE]],
  ['biz-cbs', 'connects', ['iaas-lb-a']],
  ['biz-rta', 'uses', ['paas-ac-rta', 'paas-mc-rta', 'paas-rd-cbs', 'paas-dmq-billing']],
  ['biz-uip', 'uses', ['paas-ac-uip', FIXTURE_SHARED_NODE]],
  ['biz-mbh', 'uses', ['paas-ac-mbh', 'paas-mc-mbh', FIXTURE_SHARED_NODE]],
  ['biz-mbh', 'connects', ['iaas-lb-a']],

  ['paas-ac-cbs', 'runs-on', ['iaas-vm-cbs-1', 'iaas-vm-cbs-2']],
  ['paas-rd-cbs', 'runs-on', ['iaas-vm-cbs-2']],
  ['paas-rd-cbs', 'stores-on', ['iaas-bs-billing-a']],
  ['paas-rd-cbs-dr', 'replicates', ['paas-rd-cbs']],
  ['paas-rd-cbs-dr', 'runs-on', ['iaas-vm-cbs-dr-1']],
  ['paas-rd-cbs-dr', 'stores-on', ['iaas-bs-billing-b']],
  ['paas-dmq-billing', 'runs-on', ['iaas-vm-cbs-1']],
  ['paas-ac-rta', 'runs-on', ['iaas-vm-rta-1']],
  ['paas-mc-rta', 'runs-on', ['iaas-vm-rta-1']],
  ['paas-ac-uip', 'runs-on', ['iaas-vm-uip-1']],
  ['paas-ac-mbh', 'runs-on', ['iaas-vm-mbh-1', 'iaas-vm-mbh-2']],
  ['paas-mc-mbh', 'runs-on', ['iaas-vm-mbh-2']],
  ['paas-ac-mbh-dr', 'replicates', ['paas-ac-mbh']],
  ['paas-ac-mbh-dr', 'runs-on', ['iaas-vm-mbh-dr-1']],
  [FIXTURE_SHARED_NODE, 'runs-on', ['iaas-vm-rd-shared-1', 'iaas-vm-rd-shared-2']],
  [FIXTURE_SHARED_NODE, 'stores-on', ['iaas-bs-shared-a']],

  ['iaas-vm-cbs-1', 'runs-on', ['phy-srv-a-01']],
  ['iaas-vm-cbs-2', 'runs-on', ['phy-srv-a-02']],
  ['iaas-vm-rta-1', 'runs-on', ['phy-srv-a-02']],
  ['iaas-vm-uip-1', 'runs-on', ['phy-srv-a-03']],
  ['iaas-vm-mbh-1', 'runs-on', ['phy-srv-a-03']],
  ['iaas-vm-mbh-2', 'runs-on', ['phy-srv-a-04']],
  ['iaas-vm-rd-shared-1', 'runs-on', ['phy-srv-a-01']],
  ['iaas-vm-rd-shared-2', 'runs-on', ['phy-srv-a-04']],
  ['iaas-vm-cbs-dr-1', 'runs-on', ['phy-srv-b-01']],
  ['iaas-vm-mbh-dr-1', 'runs-on', ['phy-srv-b-02']],
  ['iaas-vm-cbs-1', 'connects', ['iaas-vpc-billing']],
  ['iaas-vm-cbs-2', 'connects', ['iaas-vpc-billing']],
  ['iaas-vm-rta-1', 'connects', ['iaas-vpc-billing']],
  ['iaas-vm-uip-1', 'connects', ['iaas-vpc-billing']],
  ['iaas-vm-mbh-1', 'connects', ['iaas-vpc-channel']],
  ['iaas-vm-mbh-2', 'connects', ['iaas-vpc-channel']],
  ['iaas-bs-billing-a', 'stores-on', ['phy-array-a']],
  ['iaas-bs-shared-a', 'stores-on', ['phy-array-a']],
  ['iaas-bs-billing-b', 'stores-on', ['phy-array-b']],
  ['iaas-vpc-billing', 'connects', ['phy-sw-a-core']],
  ['iaas-vpc-channel', 'connects', ['phy-sw-a-core']],
  ['iaas-lb-a', 'connects', ['phy-sw-a-core']],
  ['iaas-lb-b', 'connects', ['phy-sw-b-core']],

  ['phy-srv-a-01', 'connects', ['phy-sw-a-core']],
  ['phy-srv-a-02', 'connects', ['phy-sw-a-core']],
  ['phy-srv-a-03', 'connects', ['phy-sw-a-core']],
  ['phy-srv-a-04', 'connects', ['phy-sw-a-core']],
  ['phy-array-a', 'connects', ['phy-sw-a-core']],
  ['phy-srv-b-01', 'connects', ['phy-sw-b-core']],
  ['phy-srv-b-02', 'connects', ['phy-sw-b-core']],
  ['phy-array-b', 'connects', ['phy-sw-b-core']],
];

export interface FixtureNode extends NodeDeclaration {
  /** Load multiplier used by the sample generator. */
  scale: number;
}

/** The fixture's declarations, in a fixed order (the generator's noise streams are keyed by it). */
export function fixtureInventory(): { nodes: FixtureNode[]; edges: Edge[] } {
  const nodes = NODES.map(
    (d): FixtureNode => ({
      id: d.id,
      name: d.zh,
      kind: d.kind,
      layer: d.layer,
      domain: d.domain ?? null,
      dc: d.dc,
      tenant: d.tenant,
      maintenance: false,
      labels: { 'name.en': d.en },
      scale: d.scale ?? 1,
    }),
  );
  const edges = LINKS.flatMap(([source, kind, targets]) => targets.map((target): Edge => ({ source, target, kind })));
  return { nodes, edges };
}
