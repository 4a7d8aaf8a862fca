import { defineStore } from 'pinia';
import { shallowRef, watch, type WatchStopHandle } from 'vue';
import { launchInfo } from '../../services/platform';
import { useAlarmsStore } from './alarms-store';
import { SoundPlayer, type AudioContextLike, type SoundSettings, type SoundSnapshot } from './sound-player';

declare global {
  interface Window {
    /** The sound player's state for end-to-end tests (headless Chromium has no audio device). */
    __skyfortSound?: { snapshot(): SoundSnapshot };
  }
}

const SETTINGS_KEY = 'skyfort.sound';
const MUTE_KEY = 'skyfort.sound.mutedUntil';
const TICK_MS = 500;
export const DEFAULT_SOUND: SoundSettings = { enabled: true, volume: 0.7 };

/** Browser settings kept per machine (a wall's browser is that wall). */
export function readLocalSound(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): SoundSettings {
  try {
    const raw = storage?.getItem(SETTINGS_KEY);
    if (!raw) return { ...DEFAULT_SOUND };
    const v = JSON.parse(raw) as Partial<SoundSettings>;
    return {
      enabled: typeof v.enabled === 'boolean' ? v.enabled : DEFAULT_SOUND.enabled,
      volume: typeof v.volume === 'number' && v.volume >= 0 && v.volume <= 1 ? v.volume : DEFAULT_SOUND.volume,
    };
  } catch {
    return { ...DEFAULT_SOUND };
  }
}

export interface SoundStoreDeps {
  createContext: () => AudioContextLike;
  now: () => number;
}

const browserDeps: SoundStoreDeps = {
  createContext: () => new AudioContext() as unknown as AudioContextLike,
  now: () => Date.now(),
};

/**
 * The control-room sound for this display: the player fed from the incidents summary, its
 * settings from the desktop shell's display configuration (LaunchInfo.sound) or, in a browser,
 * from this machine's local settings. Any click or key press on the page unlocks audio in a
 * browser; the sound control shows a "click to enable sound" button while it is locked.
 */
export const useSoundStore = defineStore('sound', () => {
  const snapshot = shallowRef<SoundSnapshot | null>(null);
  /** `display`: set by the desktop shell's configuration; `local`: this browser's settings. */
  const source = shallowRef<'display' | 'local'>('local');

  let player: SoundPlayer | null = null;
  let users = 0;
  let cleanups: Array<() => void> = [];
  let deps = browserDeps;

  /** For tests: a fake AudioContext and a settable clock. */
  function useDeps(next: SoundStoreDeps): void {
    deps = next;
  }

  async function start(): Promise<void> {
    users++;
    if (users > 1) return;
    const alarms = useAlarmsStore();
    alarms.start();
    const info = await launchInfo().catch(() => null);
    if (users === 0) {
      alarms.stop();
      return;
    }
    source.value = info?.sound ? 'display' : 'local';
    const settings = info?.sound ?? readLocalSound();
    const p = new SoundPlayer({ createContext: deps.createContext, now: deps.now, settings });
    player = p;
    const mutedUntil = Number(globalThis.localStorage?.getItem(MUTE_KEY));
    if (mutedUntil > deps.now()) p.mute(0, mutedUntil);
    const off = p.onChange((s) => (snapshot.value = s));
    snapshot.value = p.snapshot;
    const stopWatch: WatchStopHandle = watch(
      () => alarms.incidentSummary,
      (s) => p.setDemand(s?.unacknowledged ?? null),
      // Synchronous: an acknowledgement stops the sound in the same task that brought it.
      { immediate: true, flush: 'sync' },
    );
    const timer = setInterval(() => p.tick(), TICK_MS);
    // One click or key anywhere is the gesture a browser needs before it plays audio.
    const gesture = () => void unlock();
    document.addEventListener('pointerdown', gesture, { capture: true });
    document.addEventListener('keydown', gesture, { capture: true });
    window.__skyfortSound = { snapshot: () => p.snapshot };
    cleanups = [
      off,
      stopWatch,
      () => clearInterval(timer),
      () => document.removeEventListener('pointerdown', gesture, { capture: true }),
      () => document.removeEventListener('keydown', gesture, { capture: true }),
      () => delete window.__skyfortSound,
      () => p.dispose(),
      () => alarms.stop(),
    ];
  }

  function stop(): void {
    users = Math.max(0, users - 1);
    if (users > 0) return;
    for (const c of cleanups) c();
    cleanups = [];
    player = null;
    snapshot.value = null;
  }

  async function unlock(): Promise<void> {
    const p = player;
    if (!p || p.snapshot.state !== 'locked') return;
    await p.unlock();
  }

  function snooze(): void {
    player?.snooze();
  }
  function unsnooze(): void {
    player?.unsnooze();
  }
  function mute(): void {
    if (!player) return;
    player.mute();
    const until = player.snapshot.mutedUntil;
    if (until !== null) globalThis.localStorage?.setItem(MUTE_KEY, String(until));
  }
  function unmute(): void {
    player?.unmute();
    globalThis.localStorage?.removeItem(MUTE_KEY);
  }

  /** Browser only: a display's settings belong to its shell configuration. */
  function configure(settings: SoundSettings): void {
    if (!player || source.value !== 'local') return;
    player.configure(settings);
    globalThis.localStorage?.setItem(SETTINGS_KEY, JSON.stringify({ enabled: settings.enabled, volume: settings.volume }));
  }

  return { snapshot, source, start, stop, unlock, snooze, unsnooze, mute, unmute, configure, useDeps };
});
