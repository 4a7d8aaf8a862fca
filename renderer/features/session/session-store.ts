import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef } from 'vue';
import type { User } from '../../../shared/domain/identity';
import type { SessionResponse } from '../../../shared/protocol/api';
import { ApiError, createApiClient, type ApiClient } from '../../services/api';
import { launchInfo, reportStreamState } from '../../services/platform';
import { StreamClient, type StreamHealth } from '../../services/socket';

/**
 * Who this console is acting as:
 *
 *   none ──login──▶ person (token refreshed before expiry) ──logout / ended──▶ none
 *   none ──display credential (URL, desktop shell)──▶ display (a wall; never expires by itself)
 */
export type Credential =
  | { kind: 'person'; token: string; expiresAt: number; user: User }
  | { kind: 'display'; token: string };

const PERSON_KEY = 'skyfort.session';
const DISPLAY_KEY = 'skyfort.display';
/** Refresh when this share of the token's life is left, but at most a minute before the end. */
const REFRESH_AT_REMAINING = 0.2;
const REFRESH_LEAD_MAX_MS = 60_000;
const REFRESH_RETRY_MS = 5_000;

/** When to refresh a token that ends at `expiresAt`: late enough to be rare, early enough to survive a slow network. */
export function refreshDelay(now: number, expiresAt: number): number {
  const remaining = expiresAt - now;
  const lead = Math.min(REFRESH_LEAD_MAX_MS, remaining * REFRESH_AT_REMAINING);
  return Math.max(0, remaining - lead);
}

function readPerson(): Credential | null {
  try {
    const raw = sessionStorage.getItem(PERSON_KEY);
    if (!raw) return null;
    const c = JSON.parse(raw) as Extract<Credential, { kind: 'person' }>;
    return c.kind === 'person' && c.expiresAt > Date.now() ? c : null;
  } catch {
    return null;
  }
}

export const useSessionStore = defineStore('session', () => {
  const aggregatorUrl = ref(window.location.origin);
  const credential = shallowRef<Credential | null>(null);
  /** Why the last credential ended, for the login page or the wall's notice. */
  const endedReason = ref<'expired' | 'revoked' | 'signed-out' | null>(null);
  const health = shallowRef<StreamHealth>({ kind: 'connecting' });
  /** The wall view the desktop shell named for this window, if any. */
  const launchView = ref<string | null>(null);
  const launchLocale = ref<'zh-CN' | 'en' | null>(null);
  const ready = ref(false);

  let stream: StreamClient | null = null;
  let offHealth: (() => void) | null = null;
  let refreshTimer: ReturnType<typeof setTimeout> | null = null;

  let apiClient: ApiClient = markRaw(createApiClient(aggregatorUrl.value, () => credential.value?.token ?? null));

  const user = computed(() => (credential.value?.kind === 'person' ? credential.value.user : null));

  async function init(): Promise<void> {
    if (ready.value) return;
    const info = await launchInfo();
    aggregatorUrl.value = info.aggregatorUrl;
    apiClient = markRaw(createApiClient(info.aggregatorUrl, () => credential.value?.token ?? null));
    launchView.value = info.view;
    launchLocale.value = info.locale;
    const person = readPerson();
    if (info.displayToken) setCredential({ kind: 'display', token: info.displayToken });
    else if (person) setCredential(person);
    else {
      const display = localStorage.getItem(DISPLAY_KEY);
      if (display) setCredential({ kind: 'display', token: display });
    }
    ready.value = true;
  }

  function client(): ApiClient {
    return apiClient;
  }

  /** The socket for the current credential; null when signed out. */
  function streamClient(): StreamClient | null {
    return stream;
  }

  function setCredential(next: Credential | null): void {
    const previous = credential.value;
    credential.value = next;
    if (next?.kind === 'person') sessionStorage.setItem(PERSON_KEY, JSON.stringify(next));
    else sessionStorage.removeItem(PERSON_KEY);
    if (refreshTimer) clearTimeout(refreshTimer);
    refreshTimer = null;
    // A refreshed token keeps its socket; any other change of credential gets a new one.
    const sameSession = previous?.kind === 'person' && next?.kind === 'person' && previous.user.id === next.user.id;
    if (sameSession && stream) void stream.refreshToken(next.token);
    else openStream(next);
    if (next?.kind === 'person') scheduleRefresh(next.expiresAt);
  }

  function openStream(c: Credential | null): void {
    offHealth?.();
    stream?.close();
    stream = null;
    health.value = { kind: 'connecting' };
    if (!c) return;
    stream = markRaw(new StreamClient({ url: aggregatorUrl.value, token: c.token }));
    offHealth = stream.onHealth((h) => {
      health.value = h;
      reportStreamState(h.kind === 'ended' ? 'signed-out' : h.kind === 'stale' ? 'stale' : 'live');
      if (h.kind === 'ended') {
        endedReason.value = h.reason;
        if (credential.value?.kind === 'display') localStorage.removeItem(DISPLAY_KEY);
        if (credential.value?.kind === 'person') setCredential(null);
      }
    });
  }

  function scheduleRefresh(expiresAt: number): void {
    refreshTimer = setTimeout(() => void refresh(), refreshDelay(Date.now(), expiresAt));
  }

  async function refresh(): Promise<void> {
    const c = credential.value;
    if (c?.kind !== 'person') return;
    try {
      const r = await apiClient.request<SessionResponse>('POST', '/api/v1/auth/refresh');
      setCredential({ kind: 'person', token: r.token, expiresAt: Date.parse(r.expiresAt), user: r.user });
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        endedReason.value = 'expired';
        setCredential(null);
      } else if (c.expiresAt > Date.now()) {
        // The aggregator is unreachable for now: keep trying while the token still lives.
        refreshTimer = setTimeout(() => void refresh(), REFRESH_RETRY_MS);
      }
    }
  }

  async function login(username: string, password: string): Promise<void> {
    const r = await apiClient.request<SessionResponse>('POST', '/api/v1/auth/login', { username, password });
    endedReason.value = null;
    setCredential({ kind: 'person', token: r.token, expiresAt: Date.parse(r.expiresAt), user: r.user });
  }

  async function logout(): Promise<void> {
    if (credential.value?.kind === 'person') {
      await apiClient.request('POST', '/api/v1/auth/logout').catch(() => undefined);
    }
    setCredential(null);
  }

  /** A wall opened with `?display=…`: kept on this machine so the wall survives reloads and restarts. */
  function useDisplayToken(token: string): void {
    localStorage.setItem(DISPLAY_KEY, token);
    endedReason.value = null;
    setCredential({ kind: 'display', token });
  }

  return {
    aggregatorUrl,
    credential,
    endedReason,
    health,
    launchView,
    launchLocale,
    ready,
    user,
    init,
    client,
    streamClient,
    login,
    logout,
    refresh,
    useDisplayToken,
  };
});
