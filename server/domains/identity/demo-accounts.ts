import type { Role, Tier } from '../../../shared/domain/roles.js';

/**
 * The demo's tenants and accounts (`--simulate` on a store with no users). The README prints
 * this list. These passwords exist only on demo stores; a real store gets no default password.
 */
export const DEMO_PASSWORD = 'skyfort-demo';
/** Demo admin password unless SKYFORT_ADMIN_PASSWORD sets another. */
export const DEMO_ADMIN_PASSWORD = 'skyfort-admin';

export const DEMO_TENANTS = [
  { id: 'billing', name: '融合计费中心 Converged Billing' },
  { id: 'channel', name: '电子渠道中心 E-Channel' },
] as const;

export interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  tier: Tier | null;
  tenantId: string | null;
  password: string;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { username: 'admin', displayName: '系统管理员 Administrator', role: 'admin', tier: null, tenantId: null, password: DEMO_ADMIN_PASSWORD },
  { username: 'op1', displayName: '总控值守 Tier-1 Operator', role: 'operator', tier: 1, tenantId: null, password: DEMO_PASSWORD },
  { username: 'op3', displayName: '二线专家 Tier-3 Expert', role: 'operator', tier: 3, tenantId: null, password: DEMO_PASSWORD },
  { username: 'duty', displayName: '值班经理 Duty Manager', role: 'duty-manager', tier: null, tenantId: null, password: DEMO_PASSWORD },
  { username: 'approver1', displayName: '审批人 Approver', role: 'approver', tier: null, tenantId: null, password: DEMO_PASSWORD },
  {
    username: 'billing-admin',
    displayName: '计费租户管理员 Billing Tenant Admin',
    role: 'tenant-admin',
    tier: null,
    tenantId: 'billing',
    password: DEMO_PASSWORD,
  },
  {
    username: 'billing-viewer',
    displayName: '计费租户只读 Billing Viewer',
    role: 'tenant-viewer',
    tier: null,
    tenantId: 'billing',
    password: DEMO_PASSWORD,
  },
  {
    username: 'channel-admin',
    displayName: '渠道租户管理员 E-Channel Tenant Admin',
    role: 'tenant-admin',
    tier: null,
    tenantId: 'channel',
    password: DEMO_PASSWORD,
  },
  { username: 'publisher1', displayName: '应用发布者 Publisher', role: 'publisher', tier: null, tenantId: null, password: DEMO_PASSWORD },
];
