// @vitest-environment happy-dom
// The desk board inside the renderer: the real stores and i18n, a fake stream playing
// contract-shaped alarms and incidents, a fake REST client. Proves grouping on screen (root
// first, symptoms folded), keyboard navigation, the action dialogs and permission-disabled actions.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { defineComponent, h } from 'vue';
import type { User } from '../../../shared/domain/identity';
import type { Role, Tier } from '../../../shared/domain/roles';
import { i18n, setLocale } from '../../app/i18n';
import type { ApiClient } from '../../services/api';
import { useSessionStore } from '../session/session-store';
import AlarmBoard from './alarm-board.vue';
import { FakeStream, alarm, alarmSummary, counts, incident, incidentSummary } from './alarms-test-fixtures';

let stream: FakeStream;
let posts: Array<{ path: string; body: unknown }>;
let wrapper: VueWrapper | null = null;

function signIn(role: Role, tier: Tier | null = null): void {
  const user: User = { id: 'u1', username: 'op1', displayName: 'Op One', role, tier, tenantId: role.startsWith('tenant') ? 'billing' : null, disabled: false, createdAt: '' };
  useSessionStore().credential = { kind: 'person', token: 't', expiresAt: Date.now() + 3_600_000, user };
}

beforeEach(() => {
  setActivePinia(createPinia());
  setLocale('en', false);
  localStorage.clear();
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
  vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockReturnValue(600);
  stream = new FakeStream();
  posts = [];
  const session = useSessionStore();
  vi.spyOn(session, 'streamClient').mockReturnValue(stream.asClient());
  const client: ApiClient = {
    request: async <T>(method: string, path: string, body?: unknown) => {
      if (method === 'POST') posts.push({ path, body });
      if (path === '/api/v1/topology') {
        return {
          nodes: [
            { id: 'array-1', name: 'Disk array A1', dc: 'DC-A', layer: 'physical' },
            { id: 'vm-1', name: 'VM 1', dc: 'DC-A', layer: 'iaas' },
            { id: 'sw-1', name: 'Switch B1', dc: 'DC-B', layer: 'physical' },
          ],
          edges: [{ source: 'vm-1', target: 'array-1', kind: 'runs-on' }],
        } as T;
      }
      return {} as T;
    },
  };
  vi.spyOn(session, 'client').mockReturnValue(client);
});

afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

/**
 * happy-dom does no layout, so Naive's virtual list would measure nothing and draw no row: stand
 * in a list that draws every item through the same slot (the virtualisation itself is Naive's).
 */
const AllRows = defineComponent({
  props: { items: { type: Array, required: true }, keyField: { type: String, default: 'key' } },
  setup(props, { slots, expose }) {
    expose({ scrollTo: () => undefined });
    return () => h('div', (props.items as Array<Record<string, unknown>>).map((item, index) => h('div', { key: String(item[props.keyField]) }, slots.default?.({ item, index }))));
  },
});

async function mountBoard(): Promise<VueWrapper> {
  wrapper = mount(AlarmBoard, { props: { mode: 'desk' }, global: { plugins: [i18n], stubs: { NVirtualList: AllRows, VirtualList: AllRows } }, attachTo: document.body });
  stream.snapshot('alarms', {
    summary: alarmSummary({ bySeverity: counts({ critical: 2, major: 1, minor: 1 }), unacknowledged: counts({ critical: 2, major: 1, minor: 1 }) }),
    'a:root': alarm('root', { resource: 'array-1', severity: 'critical', incidentId: 'I1', summary: 'disk array failed' }),
    'a:s1': alarm('s1', { resource: 'vm-1', severity: 'major', incidentId: 'I1', summary: 'vm degraded' }),
    'a:s2': alarm('s2', { resource: 'vm-1', severity: 'critical', incidentId: 'I1', summary: 'vm down' }),
    'a:lone': alarm('lone', { resource: 'sw-1', severity: 'minor', incidentId: null, summary: 'port flaps' }),
  });
  stream.snapshot('incidents', {
    summary: incidentSummary({ unacknowledged: counts({ critical: 1 }) }),
    'i:I1': incident('I1', { rootAlarmId: 'root', rootResource: 'array-1', title: 'disk array failed', severity: 'critical', alarmCount: 3, openCount: 3 }),
  });
  await flushPromises();
  return wrapper;
}

const rowsOf = (w: VueWrapper) => w.findAll('[data-testid="board-row"]').map((r) => r.attributes('data-key'));
const key = async (k: string) => {
  document.body.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));
  await flushPromises();
};
const selected = (w: VueWrapper) => w.find('[data-testid="board-row"].selected').attributes('data-key');

describe('AlarmBoard at the desk', () => {
  it('shows counts per severity with labels, and the incident with its symptoms folded, root first when expanded', async () => {
    signIn('operator', 1);
    const w = await mountBoard();
    expect(w.find('[data-testid="severity-count-critical"]').text()).toContain('Critical');
    expect(w.find('[data-testid="severity-count-critical"] .big').text()).toBe('2');
    expect(rowsOf(w)).toEqual(['i:I1', 'a:lone']);
    expect(w.find('[data-key="i:I1"]').text()).toContain('Disk array A1');
    await key('j');
    await key('Enter');
    expect(rowsOf(w)).toEqual(['i:I1', 'i:I1/a:root', 'i:I1/a:s2', 'i:I1/a:s1', 'a:lone']);
    expect(w.find('[data-key="i:I1/a:root"] .role').text()).toBe('Root');
    expect(w.find('[data-key="i:I1/a:s2"] .role').text()).toBe('Symptom');
    await key('Enter');
    expect(rowsOf(w)).toEqual(['i:I1', 'a:lone']);
    expect(w.find('[data-testid="key-help"]').text()).toContain('j/k');
  });

  it('moves with the keyboard and acknowledges the incident with a, through the dialog', async () => {
    signIn('operator', 1);
    const w = await mountBoard();
    await key('ArrowDown');
    expect(selected(w)).toBe('i:I1');
    await key('j');
    expect(selected(w)).toBe('a:lone');
    await key('k');
    expect(selected(w)).toBe('i:I1');
    await key('a');
    const dialog = document.querySelector('[data-testid="action-dialog"]');
    expect(dialog?.textContent).toContain('disk array failed');
    // Keys typed while the dialog is open belong to the dialog, not the board.
    await key('j');
    expect(selected(w)).toBe('i:I1');
    (document.querySelector('[data-testid="action-submit"]') as HTMLButtonElement).click();
    await flushPromises();
    expect(posts).toEqual([{ path: '/api/v1/incidents/I1/ack', body: {} }]);
    expect(w.find('[data-testid="board-notice"]').text()).toContain('Acknowledge');
  });

  it('requires a comment for c, and sends it', async () => {
    signIn('duty-manager');
    const w = await mountBoard();
    await key('j');
    await key('j');
    await key('c');
    (document.querySelector('[data-testid="action-submit"]') as HTMLButtonElement).click();
    await flushPromises();
    expect(posts).toEqual([]);
    expect(document.querySelector('[data-testid="action-dialog"] .error')?.textContent).toBe('Enter a comment');
    const area = document.querySelector('[data-testid="action-dialog"] textarea') as HTMLTextAreaElement;
    area.value = 'port replaced';
    area.dispatchEvent(new Event('input'));
    await flushPromises();
    (document.querySelector('[data-testid="action-submit"]') as HTMLButtonElement).click();
    await flushPromises();
    expect(posts).toEqual([{ path: '/api/v1/alarms/lone/comment', body: { comment: 'port replaced' } }]);
    expect(w.find('[data-testid="board-notice"]').exists()).toBe(true);
  });

  it('gives a tenant viewer no act buttons and tells why, also on the shortcut', async () => {
    signIn('tenant-viewer');
    const w = await mountBoard();
    expect(w.find('[data-testid="read-only"]').text()).toContain('Tenant viewer');
    expect(w.findAll('[data-testid^="act-"]')).toHaveLength(0);
    await key('j');
    await key('a');
    expect(document.querySelector('[data-testid="action-dialog"]')).toBeNull();
    expect(w.find('[data-testid="board-notice"]').text()).toBe('Acknowledge: Your role does not allow this');
    expect(posts).toEqual([]);
  });

  it('disables acknowledge with its reason on an incident already acknowledged, keeping the others', async () => {
    signIn('operator', 2);
    const w = await mountBoard();
    stream.delta('incidents', { 'i:I1': incident('I1', { rootAlarmId: 'root', rootResource: 'array-1', state: 'acknowledged', ackedBy: 'op3', ackedAt: 'x', openCount: 3 } as never) });
    await flushPromises();
    await key('j');
    expect(w.find('[data-testid="act-ack"]').attributes('disabled')).toBeDefined();
    expect(w.find('[data-testid="act-escalate"]').attributes('disabled')).toBeUndefined();
    expect(w.find('[data-reason="ack"]').text()).toBe('Acknowledge: Already acknowledged');
  });

  it('groups by business system and by data center on request, names from the directory', async () => {
    signIn('operator', 1);
    const w = await mountBoard();
    await w.find('[data-group="dc"] input').setValue(true);
    await flushPromises();
    expect(rowsOf(w).filter((k) => k?.startsWith('g:') && !k.includes('/'))).toEqual(['g:DC-A', 'g:DC-B']);
    expect(w.find('[data-key="g:DC-A/a:root"] .res').text()).toBe('Disk array A1');
    expect(localStorage.getItem('skyfort.alarms.groupBy')).toBe('dc');
  });
});
