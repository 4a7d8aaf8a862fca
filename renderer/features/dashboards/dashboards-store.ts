import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { Dashboard } from '../../../shared/domain/dashboards';
import { DISPLAY_PERMISSIONS, permissionsFor } from '../../../shared/domain/roles';
import { useSessionStore } from '../session/session-store';
import { payloadOf, type DashboardDraft } from './dashboard-draft';

/** Dashboards listed at once; a tenant keeps at most a few hundred. */
export const DASHBOARD_PAGE = 500;

/**
 * Tenant dashboards (issue #7): the list the caller may see (the server filters per tenant), and
 * saving and deleting for those who may write. Dashboards change rarely and are not on the
 * stream: they are read over REST when a view opens.
 */
export const useDashboardsStore = defineStore('dashboards', () => {
  const list = shallowRef<Dashboard[]>([]);
  const loading = ref(false);
  const error = ref<string | null>(null);
  const session = useSessionStore();

  const permissions = computed(() => {
    const c = session.credential;
    if (c?.kind === 'person') return permissionsFor(c.user.role, c.user.tier);
    if (c?.kind === 'display') return DISPLAY_PERMISSIONS;
    return [];
  });
  const canRead = computed(() => permissions.value.includes('dashboards:read'));
  /** A tenant-admin writes its own tenant's; an admin names the tenant (this console builds for tenant users). */
  const canWrite = computed(() => permissions.value.includes('dashboards:write') && !!session.user?.tenantId);

  async function load(): Promise<void> {
    if (!canRead.value) return;
    loading.value = true;
    try {
      const r = await session.client().request<{ items: Dashboard[] }>('GET', `/api/v1/dashboards?limit=${DASHBOARD_PAGE}`);
      list.value = r.items;
      error.value = null;
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
    } finally {
      loading.value = false;
    }
  }

  async function get(id: string): Promise<Dashboard> {
    return session.client().request<Dashboard>('GET', `/api/v1/dashboards/${encodeURIComponent(id)}`);
  }

  async function save(draft: DashboardDraft): Promise<Dashboard> {
    const body = payloadOf(draft);
    const saved =
      draft.id === null
        ? await session.client().request<Dashboard>('POST', '/api/v1/dashboards', body)
        : await session.client().request<Dashboard>('PUT', `/api/v1/dashboards/${encodeURIComponent(draft.id)}`, body);
    list.value = [...list.value.filter((d) => d.id !== saved.id), saved].sort((a, b) => a.tenant.localeCompare(b.tenant) || a.name.localeCompare(b.name));
    return saved;
  }

  async function remove(id: string): Promise<void> {
    await session.client().request('DELETE', `/api/v1/dashboards/${encodeURIComponent(id)}`);
    list.value = list.value.filter((d) => d.id !== id);
  }

  return { list, loading, error, canRead, canWrite, load, get, save, remove };
});
