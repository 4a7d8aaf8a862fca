import type { BusinessDomain, Edge, EdgeKind } from '../../shared/domain/topology.js';
import { hash32, hashUnit } from './counter-hash.js';
import { kindSpec, type PaasKind } from './kind-registry.js';
import { Platform, type SimNode } from './platform-graph.js';
import { allocateVms, sizeDc, solveVmTotal, SERVERS_PER_TOR_PAIR, systemCount, type DcSizing } from './platform-sizing.js';
import { SHARED_USERS_PER_CLUSTER, SIM_TENANTS, systemTemplates, type SharedService, type SystemTemplate } from './system-catalog.js';

export const DEFAULT_SCALE = 2000;
type Dc = 'DC-A' | 'DC-B';
const DCS: readonly Dc[] = ['DC-A', 'DC-B'];
const dcTag = (dc: Dc) => (dc === 'DC-A' ? 'a' : 'b');
const DC_ZH: Record<Dc, string> = { 'DC-A': '生产中心', 'DC-B': '容灾中心' };

interface NodeOpts {
  zh: string;
  en: string;
  dc: Dc;
  tenant: string | null;
  domain?: BusinessDomain;
  weight?: number;
  bizMetric?: string;
  instances?: number;
  labels?: Record<string, string>;
}

/** A set of VMs to be created for one owner (a PaaS instance or a DCOS worker pool). */
interface VmGroup {
  owner: number | null;
  name: string;
  zh: string;
  dc: Dc;
  tenant: string | null;
  weight: number;
}

/**
 * Generates the simulated private cloud for (seed, scale), deterministically: domain.md's
 * business systems owned by the demo tenants, their PaaS instances (dedicated, shared between
 * tenants, and DC-B standbys), IaaS under them, and the physical layer of both data centers.
 *
 *   business ─uses─▶ app tier (AC | DCOS app) ─runs-on─▶ VMs ─runs-on─▶ server ─connects─▶ ToR pair ─▶ router pair
 *            ─uses─▶ RD ─stores-on─▶ block volume ─stores-on─▶ disk array ─connects─▶ SAN switch pair
 *            ─uses─▶ shared services (ESB, shared RD cluster, …)        VMs ─stores-on─▶ disk array
 *            ─connects─▶ LB pair          DC-B copy ─replicates─▶ DC-A primary
 */
export function buildPlatform(seed: number, scale = DEFAULT_SCALE): Platform {
  return new PlatformBuilder(seed >>> 0, Math.max(10, Math.round(scale))).build();
}

class PlatformBuilder {
  private readonly nodes: SimNode[] = [];
  private readonly edges: Edge[] = [];
  private readonly ids = new Map<string, number>();
  private readonly groups: VmGroup[] = [];
  /** Per DC: the shared services' clusters, by service, and how many users each has. */
  private readonly shared = new Map<string, number[]>();
  private readonly sharedUsers = new Map<number, number>();
  private readonly fronts: Record<Dc, number[]> = { 'DC-A': [], 'DC-B': [] };
  private readonly fileUsers: { user: number; storage: 'FS' | 'OS' }[] = [];

  constructor(
    private readonly seed: number,
    private readonly scale: number,
  ) {}

  build(): Platform {
    const systems = systemTemplates(this.seed, systemCount(this.scale));
    const bizIds = systems.map((s) => this.add(`biz-${s.key}`, 'business-system', { zh: s.zh, en: s.en, dc: 'DC-A', tenant: s.tenant, domain: s.domain, weight: s.weight, bizMetric: s.bizMetric }));
    const dbOf = new Map<string, number>();
    systems.forEach((s, k) => this.addSystem(s, bizIds[k]!, dbOf));
    systems.forEach((s, k) => {
      if (s.usesDbOf && dbOf.has(s.usesDbOf)) this.link(bizIds[k]!, dbOf.get(s.usesDbOf)!, 'uses');
    });
    this.addServiceLayer();
    this.addInfrastructure();
    return new Platform(this.nodes, this.edges);
  }

  private add(id: string, kind: string, o: NodeOpts): number {
    if (this.ids.has(id)) throw new Error(`duplicate simulated node ${id}`);
    const spec = kindSpec(kind);
    const i = this.nodes.length;
    this.nodes.push({
      decl: {
        id,
        name: o.zh,
        kind,
        layer: spec.layer,
        domain: o.domain ?? null,
        dc: o.dc,
        tenant: o.tenant,
        maintenance: false,
        labels: { 'name.en': o.en, catalog: spec.catalog, ...o.labels },
      },
      spec,
      weight: o.weight ?? 0,
      jitter: 0.85 + 0.3 * hashUnit(this.seed, 0x717e, i),
      bizMetric: o.bizMetric ?? null,
      partner: -1,
      standbyFor: -1,
      instances: o.instances ?? 1,
    });
    this.ids.set(id, i);
    return i;
  }

  private link(source: number, target: number, kind: EdgeKind): void {
    this.edges.push({ source: this.nodes[source]!.decl.id, target: this.nodes[target]!.decl.id, kind });
  }

  /** A business system's own stack: app tier, dedicated services, DC-B copies, shared services. */
  private addSystem(s: SystemTemplate, biz: number, dbOf: Map<string, number>): void {
    const paasOf = (kind: PaasKind, dc: Dc, standby: boolean) => {
      const spec = kindSpec(kind);
      const base = `paas-${kind.toLowerCase()}-${s.key}`;
      const instances = spec.role === 'front' ? 3 + (hash32(this.seed, 0x1457, biz) % 3) : 1;
      const i = this.add(standby ? `${base}-dr` : base, kind, {
        zh: `${s.zh}${standby ? '容灾' : ''}${spec.zh}`,
        en: `${s.en} ${standby ? 'DR ' : ''}${spec.en.toLowerCase()}`,
        dc,
        tenant: s.tenant,
        instances,
        labels: { system: `biz-${s.key}`, role: standby ? 'standby' : 'primary', ...(spec.role === 'front' ? { instances: String(instances) } : {}) },
      });
      if (kind === 'CS') this.fronts[dc].push(i);
      else {
        this.groups.push({ owner: i, name: `${kind.toLowerCase()}-${s.key}${standby ? '-dr' : ''}`, zh: this.nodes[i]!.decl.name, dc, tenant: s.tenant, weight: spec.vmWeight * (standby ? 0.5 : 1) * (0.5 + s.weight) });
        if (spec.role === 'front') this.fronts[dc].push(i);
      }
      return i;
    };
    const withStandby = (kind: PaasKind) => {
      const primary = paasOf(kind, 'DC-A', false);
      const copy = paasOf(kind, 'DC-B', true);
      this.link(copy, primary, 'replicates');
      this.nodes[primary]!.partner = copy;
      this.nodes[copy]!.standbyFor = primary;
      this.nodes[copy]!.instances = this.nodes[primary]!.instances;
      return primary;
    };
    const front = withStandby(s.front);
    this.link(biz, front, 'uses');
    for (const kind of new Set(s.own)) {
      const role = kindSpec(kind).role;
      const i = role === 'data' && kind !== 'MPP' ? withStandby(kind) : paasOf(kind, 'DC-A', false);
      this.link(biz, i, 'uses');
      if (kind === 'RD') dbOf.set(s.key, i);
    }
    // Distributed data access shards onto the system's own database.
    if (s.own.includes('DDA') && dbOf.has(s.key)) this.link(this.ids.get(`paas-dda-${s.key}`)!, dbOf.get(s.key)!, 'uses');
    for (const svc of new Set(s.shared)) this.link(biz, this.sharedCluster(svc), 'uses');
    if (s.storage) this.fileUsers.push({ user: front, storage: s.storage });
  }

  /** The shared cluster of `svc` a new user joins: a new one every SHARED_USERS_PER_CLUSTER users. */
  private sharedCluster(svc: SharedService): number {
    const list = this.shared.get(svc) ?? [];
    this.shared.set(svc, list);
    let last = list[list.length - 1];
    if (last === undefined || this.sharedUsers.get(last)! >= SHARED_USERS_PER_CLUSTER[svc]) {
      const n = String(list.length + 1).padStart(2, '0');
      const spec = kindSpec(svc);
      last = this.add(`paas-${svc.toLowerCase()}-shared-${n}`, svc, { zh: `共享${spec.zh}集群-${n}`, en: `Shared ${spec.en.toLowerCase()} cluster ${n}`, dc: 'DC-A', tenant: null, labels: { role: 'primary' } });
      list.push(last);
      this.sharedUsers.set(last, 0);
      this.groups.push({ owner: last, name: `${svc.toLowerCase()}-shared-${n}`, zh: this.nodes[last]!.decl.name, dc: 'DC-A', tenant: null, weight: spec.vmWeight * 2 });
      if (svc === 'RD') {
        const copy = this.add(`paas-rd-shared-${n}-dr`, 'RD', { zh: `共享关系型数据库容灾集群-${n}`, en: `Shared relational database DR cluster ${n}`, dc: 'DC-B', tenant: null, labels: { role: 'standby' } });
        this.link(copy, last, 'replicates');
        this.nodes[last]!.partner = copy;
        this.nodes[copy]!.standbyFor = last;
        this.groups.push({ owner: copy, name: `rd-shared-${n}-dr`, zh: this.nodes[copy]!.decl.name, dc: 'DC-B', tenant: null, weight: spec.vmWeight });
      }
    }
    this.sharedUsers.set(last, this.sharedUsers.get(last)! + 1);
    return last;
  }

  /** Coordination for every app tier, scheduling under batch jobs: TPaaS shared by all. */
  private addServiceLayer(): void {
    for (const dc of DCS) {
      const fronts = this.fronts[dc];
      const count = Math.ceil(fronts.length / 20);
      for (let k = 0; k < count; k++) {
        const n = String(k + 1).padStart(2, '0');
        const dcs = this.add(`paas-dcs-${dcTag(dc)}-${n}`, 'DCS', { zh: `${DC_ZH[dc]}分布式协调服务-${n}`, en: `${dc} coordination service ${n}`, dc, tenant: null });
        this.groups.push({ owner: dcs, name: `dcs-${dcTag(dc)}-${n}`, zh: this.nodes[dcs]!.decl.name, dc, tenant: null, weight: 3 });
        for (let f = k; f < fronts.length; f += count) this.link(fronts[f]!, dcs, 'uses');
      }
    }
    const dds = this.shared.get('DDS')?.[0];
    if (dds !== undefined) for (const bp of this.shared.get('BP') ?? []) this.link(bp, dds, 'uses');
  }

  /** IaaS and physical gear of both data centers, sized so the whole platform is about `scale`. */
  private addInfrastructure(): void {
    const stateful = this.nodes.flatMap((n, i) => (n.spec.stateful ? [i] : []));
    const dcOf = (i: number) => this.nodes[i]!.decl.dc as Dc;
    const fileStores = { FS: Math.max(1, Math.ceil(this.fileUsers.filter((u) => u.storage === 'FS').length / 10)), OS: 1 };
    // DCOS worker pools: one per DC that runs container apps, sized by its apps.
    for (const dc of DCS) {
      const apps = this.fronts[dc].filter((i) => this.nodes[i]!.decl.kind === 'CS').length;
      if (apps > 0) this.groups.push({ owner: null, name: `dcos-${dcTag(dc)}`, zh: `${DC_ZH[dc]}DCOS工作节点`, dc, tenant: null, weight: 2 + 1.5 * apps });
    }
    const weights = Float64Array.from(this.groups, (g) => g.weight);
    const disks = (dc: Dc) => stateful.filter((i) => dcOf(i) === dc).length + (dc === 'DC-A' ? fileStores.FS + fileStores.OS : 0);
    const vpcs = (SIM_TENANTS.length + 1) * 2;
    // Per DC: 2 LBs, 2 routers, 2 SAN switches; plus volumes, VPCs and file/object stores.
    const fixed = this.nodes.length + stateful.length + vpcs + 12 + fileStores.FS + fileStores.OS;
    const sizing = (total: number): Record<Dc, DcSizing> => {
      const alloc = allocateVms(weights, total);
      const per: Record<Dc, number> = { 'DC-A': 0, 'DC-B': 0 };
      this.groups.forEach((g, k) => (per[g.dc] += alloc[k]!));
      return { 'DC-A': sizeDc(per['DC-A'], disks('DC-A')), 'DC-B': sizeDc(per['DC-B'], disks('DC-B')) };
    };
    const count = (total: number) => {
      const s = sizing(total);
      return fixed + total + DCS.reduce((sum, dc) => sum + s[dc].servers + 2 * s[dc].torPairs + s[dc].arrays, 0);
    };
    const total = solveVmTotal(this.groups.length, this.scale, count);
    const alloc = allocateVms(weights, total);
    const size = sizing(total);
    const phys = Object.fromEntries(DCS.map((dc) => [dc, this.addPhysical(dc, size[dc])])) as Record<Dc, ReturnType<PlatformBuilder['addPhysical']>>;
    const vpcOf = new Map<string, number>();
    for (const dc of DCS) {
      for (const tenant of [...SIM_TENANTS, null]) {
        const name = tenant ?? 'platform';
        const vpc = this.add(`iaas-vpc-${name}-${dcTag(dc)}`, 'VPC', { zh: `${DC_ZH[dc]}${tenant ? `${tenant}租户` : '平台'}虚拟专有网络`, en: `${dc} ${name} VPC`, dc, tenant });
        for (const r of phys[dc].routers) this.link(vpc, r, 'connects');
        vpcOf.set(`${dc}/${name}`, vpc);
      }
      for (let k = 1; k <= 2; k++) {
        const lb = this.add(`iaas-lb-${dcTag(dc)}-${k}`, 'LB', { zh: `${DC_ZH[dc]}负载均衡-${k}`, en: `${dc} load balancer ${k}`, dc, tenant: null, labels: { pair: `lb-${dcTag(dc)}` } });
        for (const r of phys[dc].routers) this.link(lb, r, 'connects');
        if (dc === 'DC-A') for (const b of this.nodes.flatMap((n, i) => (n.decl.layer === 'business' ? [i] : []))) this.link(b, lb, 'connects');
      }
    }
    // Block volumes under everything that keeps data.
    stateful.forEach((i, k) => {
      const n = this.nodes[i]!;
      const dc = dcOf(i);
      const vol = this.add(n.decl.id.replace(/^paas-/, 'iaas-bs-'), 'BS', { zh: `${n.decl.name}块存储卷`, en: `${n.decl.labels['name.en']} volume`, dc, tenant: n.decl.tenant });
      this.link(i, vol, 'stores-on');
      this.link(vol, phys[dc].arrays[hash32(this.seed, 0xb5, k) % phys[dc].arrays.length]!, 'stores-on');
    });
    for (const storage of ['FS', 'OS'] as const) {
      const stores = Array.from({ length: fileStores[storage] }, (_, k) => {
        const n = String(k + 1).padStart(2, '0');
        const spec = kindSpec(storage);
        const st = this.add(`iaas-${storage.toLowerCase()}-a-${n}`, storage, { zh: `${DC_ZH['DC-A']}${spec.zh}-${n}`, en: `DC-A ${spec.en.toLowerCase()} ${n}`, dc: 'DC-A', tenant: null });
        this.link(st, phys['DC-A'].arrays[k % phys['DC-A'].arrays.length]!, 'stores-on');
        return st;
      });
      this.fileUsers.filter((u) => u.storage === storage).forEach((u, k) => this.link(u.user, stores[k % stores.length]!, 'stores-on'));
    }
    // VMs, spread over servers so an instance's VMs land on different hosts.
    const ordinal: Record<Dc, number> = { 'DC-A': 0, 'DC-B': 0 };
    const pools: Record<Dc, number[]> = { 'DC-A': [], 'DC-B': [] };
    this.groups.forEach((g, k) => {
      for (let v = 1; v <= alloc[k]!; v++) {
        const j = ordinal[g.dc]++;
        const vm = this.add(`iaas-vm-${g.name}-${String(v).padStart(g.owner === null ? 3 : 1, '0')}`, 'VCS', {
          zh: `${g.zh}虚拟机-${v}`,
          en: `${g.name} VM ${v}`,
          dc: g.dc,
          tenant: g.tenant,
          ...(g.owner === null ? { labels: { role: 'dcos-worker' } } : {}),
        });
        if (g.owner === null) pools[g.dc].push(vm);
        else this.link(g.owner, vm, 'runs-on');
        this.link(vm, phys[g.dc].servers[j % phys[g.dc].servers.length]!, 'runs-on');
      }
    });
    // Every platform instance sits in its tenant's VPC; DCOS apps run on three workers each.
    this.nodes.forEach((n, i) => {
      if (n.decl.layer !== 'paas') return;
      const dc = n.decl.dc as Dc;
      this.link(i, vpcOf.get(`${dc}/${n.decl.tenant ?? 'platform'}`)!, 'connects');
      if (n.decl.kind !== 'CS') return;
      const pool = pools[dc];
      const first = hash32(this.seed, 0xdc05, i) % pool.length;
      for (let w = 0; w < Math.min(3, pool.length); w++) this.link(i, pool[(first + w) % pool.length]!, 'runs-on');
    });
  }

  /** Servers on redundant top-of-rack pairs, disk arrays on a SAN pair, a core router pair. */
  private addPhysical(dc: Dc, size: DcSizing) {
    const t = dcTag(dc);
    const zh = DC_ZH[dc];
    const routers = [1, 2].map((k) => this.add(`phy-rt-${t}-${k}`, 'router', { zh: `${zh}核心路由器-${k}`, en: `${dc} core router ${k}`, dc, tenant: null, labels: { pair: `rt-${t}` } }));
    const san = [1, 2].map((k) => this.add(`phy-sw-${t}-san${k}`, 'switch', { zh: `${zh}存储交换机-${k}`, en: `${dc} SAN switch ${k}`, dc, tenant: null, labels: { pair: `san-${t}` } }));
    const tors: number[][] = [];
    for (let p = 0; p < size.torPairs; p++) {
      const n = String(p + 1).padStart(2, '0');
      const pair = ['a', 'b'].map((side) => this.add(`phy-sw-${t}-${n}${side}`, 'switch', { zh: `${zh}接入交换机-${n}${side.toUpperCase()}`, en: `${dc} ToR switch ${n}${side.toUpperCase()}`, dc, tenant: null, labels: { pair: `tor-${t}-${n}` } }));
      for (const sw of pair) for (const r of routers) this.link(sw, r, 'connects');
      tors.push(pair);
    }
    const servers = Array.from({ length: size.servers }, (_, k) => {
      const n = String(k + 1).padStart(4, '0');
      const srv = this.add(`phy-srv-${t}-${n}`, 'server', { zh: `${zh}服务器-${n}`, en: `${dc} server ${n}`, dc, tenant: null });
      for (const sw of tors[Math.floor(k / SERVERS_PER_TOR_PAIR)]!) this.link(srv, sw, 'connects');
      return srv;
    });
    const arrays = Array.from({ length: size.arrays }, (_, k) => {
      const n = String(k + 1).padStart(2, '0');
      const arr = this.add(`phy-array-${t}-${n}`, 'disk-array', { zh: `${zh}磁盘阵列-${n}`, en: `${dc} disk array ${n}`, dc, tenant: null });
      for (const sw of san) this.link(arr, sw, 'connects');
      return arr;
    });
    // Hosts boot from SAN and keep their VMs' disks on the arrays: an array failure takes down
    // the hosts on it, and with them their VMs (the dc-failure story).
    servers.forEach((srv, k) => this.link(srv, arrays[hash32(this.seed, 0xa77a, k) % arrays.length]!, 'stores-on'));
    return { routers, servers, arrays };
  }
}
