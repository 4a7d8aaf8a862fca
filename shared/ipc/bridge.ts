/**
 * The preload bridge between the Electron main process and the console (architecture.md,
 * convention 9): one function per message, typed here, no generic send/on. The console works
 * without it (a plain browser); `renderer/services/platform.ts` is the only reader.
 */
export const IPC_CHANNELS = {
  /** renderer → main (invoke): what this window shows and how it reaches the aggregator. */
  launchInfo: 'skyfort:launch-info',
  /** renderer → main (send): the window's stream state, for the main process's health log. */
  streamState: 'skyfort:stream-state',
} as const;

export interface LaunchInfo {
  /** Origin of the aggregator this window talks to, e.g. `http://127.0.0.1:43121`. */
  aggregatorUrl: string;
  /**
   * A display credential for wall windows (the bundled aggregator's per-launch secret, or the
   * one configured for a remote aggregator); null on desk windows, where people sign in.
   */
  displayToken: string | null;
  /** The wall view named for this window's display, or null for the desk. */
  view: string | null;
  /** Locale configured for this display, or null to use the console's default. */
  locale: 'zh-CN' | 'en' | null;
  /**
   * The control-room sound configured for this display (issue #6), or null where nothing is
   * configured (the console then uses the browser's local settings).
   */
  sound: SoundConfig | null;
}

export interface SoundConfig {
  enabled: boolean;
  /** 0…1. */
  volume: number;
}

export type StreamState = 'live' | 'stale' | 'signed-out';

/** What the preload exposes as `window.skyfort`. */
export interface SkyfortBridge {
  readonly isDesktop: true;
  launchInfo(): Promise<LaunchInfo>;
  reportStreamState(state: StreamState): void;
}
