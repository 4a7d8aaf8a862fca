import type { BusinessDomain } from '../../shared/domain/topology.js';
import { hash32, hashUnit } from './counter-hash.js';
import type { PaasKind } from './kind-registry.js';

/** The demo tenants (server/domains/identity/demo-accounts.ts): identity creates exactly these. */
export const SIM_TENANTS = ['billing', 'channel'] as const;
export type SimTenant = (typeof SIM_TENANTS)[number];

/** Platform services several tenants' systems share (tenant null), one cluster per N users. */
export type SharedService = 'RD' | 'ESB' | 'VSB' | 'DMQ' | 'BP' | 'SP' | 'CF' | 'DDS';

export const SHARED_USERS_PER_CLUSTER: Readonly<Record<SharedService, number>> = {
  RD: 8,
  ESB: 16,
  VSB: 16,
  DMQ: 16,
  BP: 10,
  SP: 10,
  CF: 10,
  DDS: 20,
};

export interface SystemTemplate {
  /** Short id part: `biz-<key>`. */
  key: string;
  zh: string;
  en: string;
  domain: BusinessDomain;
  tenant: SimTenant;
  /** The app tier: classic app containers or an app on the DCOS container platform. */
  front: 'AC' | 'CS';
  /** Dedicated platform instances besides the front tier. */
  own: readonly PaasKind[];
  shared: readonly SharedService[];
  /** Uses another system's database as well (real-time accounting reads converged billing's). */
  usesDbOf?: string;
  storage?: 'FS' | 'OS';
  /** Its business metric, as the business people say it. */
  bizMetric: string;
  /** Traffic relative to an average system. */
  weight: number;
}

/**
 * domain.md's business systems, in the order they are kept when the platform is scaled down:
 * the four stories need converged billing (lock storm, disk-array failure), the mobile business
 * hall (flash sale), real-time accounting (lock storm) and CRM (database hang) first.
 */
export const NAMED_SYSTEMS: readonly SystemTemplate[] = [
  { key: 'cbs', zh: '融合计费', en: 'Converged billing', domain: 'B', tenant: 'billing', front: 'AC', own: ['RD', 'DDA', 'MC', 'DMQ'], shared: ['ESB'], bizMetric: 'cdrs_per_min', weight: 1.5 },
  { key: 'mbh', zh: '手机营业厅', en: 'Mobile business hall', domain: 'B', tenant: 'channel', front: 'CS', own: ['MC'], shared: ['RD', 'ESB', 'DMQ'], bizMetric: 'recharges_per_min', weight: 1 },
  { key: 'rta', zh: '实时账务', en: 'Real-time accounting', domain: 'B', tenant: 'billing', front: 'AC', own: ['MC', 'MD'], shared: ['DMQ'], usesDbOf: 'cbs', bizMetric: 'payments_per_min', weight: 1.2 },
  { key: 'crm', zh: '客户关系管理', en: 'CRM', domain: 'B', tenant: 'channel', front: 'AC', own: ['RD', 'MC', 'BPE'], shared: ['ESB', 'VSB'], bizMetric: 'orders_per_min', weight: 0.9 },
  { key: 'ech', zh: '电子渠道', en: 'E-channel', domain: 'B', tenant: 'channel', front: 'CS', own: ['RD', 'MC'], shared: ['VSB', 'ESB'], bizMetric: 'orders_per_min', weight: 0.8 },
  { key: 'stl', zh: '综合结算', en: 'Settlement', domain: 'B', tenant: 'billing', front: 'AC', own: ['RD'], shared: ['BP', 'DDS'], storage: 'FS', bizMetric: 'settled_records_per_min', weight: 0.6 },
  { key: 'mkt', zh: '统一营销', en: 'Unified marketing', domain: 'B', tenant: 'channel', front: 'CS', own: ['MPP'], shared: ['SP', 'CF', 'RD'], bizMetric: 'campaign_hits_per_min', weight: 0.7 },
  { key: 'hdb', zh: '历史库', en: 'History database', domain: 'B', tenant: 'billing', front: 'AC', own: ['MPP'], shared: ['BP'], storage: 'OS', bizMetric: 'queries_per_min', weight: 0.4 },
  { key: 'bsm', zh: '基站动环监控', en: 'Base-station power and environment monitoring', domain: 'O', tenant: 'billing', front: 'AC', own: ['MD', 'DMQ'], shared: ['SP'], bizMetric: 'alarms_per_min', weight: 0.5 },
  { key: 'uip', zh: '统一信息平台', en: 'Unified information platform', domain: 'M', tenant: 'billing', front: 'AC', own: [], shared: ['RD'], storage: 'FS', bizMetric: 'logins_per_min', weight: 0.3 },
  { key: 'ipm', zh: '投资项目管理', en: 'Investment project management', domain: 'M', tenant: 'channel', front: 'AC', own: ['RD', 'BPE'], shared: [], bizMetric: 'approvals_per_min', weight: 0.2 },
  { key: 'scm', zh: '供应链管理', en: 'Supply chain management', domain: 'M', tenant: 'channel', front: 'AC', own: ['RD', 'BPE'], shared: ['ESB'], bizMetric: 'orders_per_min', weight: 0.25 },
];

/** More systems of each domain for larger platforms: [key, zh, en, business metric]. */
const EXTRA_NAMES: Readonly<Record<BusinessDomain, readonly (readonly [string, string, string, string])[]>> = {
  B: [
    ['cdrq', '详单查询', 'CDR query', 'queries_per_min'],
    ['pts', '积分商城', 'Loyalty points mall', 'orders_per_min'],
    ['ord', '订单中心', 'Order center', 'orders_per_min'],
    ['cpf', '客户画像', 'Customer profile', 'queries_per_min'],
    ['web', '网上营业厅', 'Web business hall', 'recharges_per_min'],
    ['sms', '短信营业厅', 'SMS business hall', 'recharges_per_min'],
    ['grp', '集团客户', 'Group customers', 'orders_per_min'],
    ['rch', '充值中心', 'Recharge center', 'recharges_per_min'],
    ['cat', '产品目录', 'Product catalog', 'queries_per_min'],
    ['num', '号码资源', 'Number resources', 'orders_per_min'],
    ['pay', '统一支付', 'Unified payment', 'payments_per_min'],
    ['dun', '欠费催缴', 'Dunning', 'notices_per_min'],
  ],
  O: [
    ['nms', '综合网管', 'Network management', 'alarms_per_min'],
    ['flt', '故障管理', 'Fault management', 'alarms_per_min'],
    ['prf', '性能管理', 'Performance management', 'reports_per_min'],
    ['inv', '资源管理', 'Resource inventory', 'queries_per_min'],
    ['wod', '工单调度', 'Work-order dispatch', 'orders_per_min'],
    ['sig', '信令监测', 'Signalling monitoring', 'alarms_per_min'],
  ],
  M: [
    ['fin', '财务管理', 'Finance', 'logins_per_min'],
    ['hr', '人力资源', 'Human resources', 'logins_per_min'],
    ['oa', '办公自动化', 'Office automation', 'logins_per_min'],
    ['ctr', '合同管理', 'Contract management', 'approvals_per_min'],
    ['prc', '采购管理', 'Procurement', 'approvals_per_min'],
    ['ast', '资产管理', 'Asset management', 'queries_per_min'],
  ],
};

const OWN_CHOICES: readonly PaasKind[] = ['RD', 'MC', 'DMQ', 'MD', 'BPE', 'RD'];
const SHARED_CHOICES: readonly SharedService[] = ['ESB', 'RD', 'VSB', 'DMQ', 'BP', 'SP', 'CF', 'DDS'];

/**
 * The systems of a platform with `count` business systems: the named ones first, then more of
 * each domain (60 % B, 20 % O, 20 % M), their shapes drawn from the seed.
 */
export function systemTemplates(seed: number, count: number): SystemTemplate[] {
  const out = NAMED_SYSTEMS.slice(0, Math.min(count, NAMED_SYSTEMS.length));
  const used: Record<BusinessDomain, number> = { B: 0, O: 0, M: 0 };
  for (let i = out.length; i < count; i++) {
    const r = hashUnit(seed, 0x5157, i);
    const domain: BusinessDomain = r < 0.6 ? 'B' : r < 0.8 ? 'O' : 'M';
    const names = EXTRA_NAMES[domain];
    const n = used[domain]++;
    const [key, zh, en, bizMetric] = names[n % names.length]!;
    const round = Math.floor(n / names.length) + 1;
    const suffix = String(round).padStart(2, '0');
    const h = hash32(seed, 0x5158, i);
    const own = [...new Set([OWN_CHOICES[h % OWN_CHOICES.length]!, ...(h & 0x100 ? [OWN_CHOICES[(h >>> 9) % OWN_CHOICES.length]!] : [])])];
    const shared = [...new Set([SHARED_CHOICES[(h >>> 12) % SHARED_CHOICES.length]!, ...(h & 0x200000 ? [SHARED_CHOICES[(h >>> 22) % SHARED_CHOICES.length]!] : [])])];
    out.push({
      key: `${key}-${suffix}`,
      zh: `${zh}-${suffix}`,
      en: `${en} ${suffix}`,
      domain,
      tenant: SIM_TENANTS[(h >>> 5) % SIM_TENANTS.length]!,
      front: domain === 'B' && h & 0x40 ? 'CS' : 'AC',
      own,
      shared,
      bizMetric,
      weight: Math.round((0.2 + 0.8 * hashUnit(seed, 0x5159, i)) * 100) / 100,
    });
  }
  return out;
}
