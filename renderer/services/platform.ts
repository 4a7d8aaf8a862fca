import type { LaunchInfo, SkyfortBridge, StreamState } from '../../shared/ipc/bridge';

declare global {
  interface Window {
    /** Present only inside the Electron shell (electron/preload). */
    skyfort?: SkyfortBridge;
  }
}

/**
 * Where the console runs: inside the desktop shell, which tells each window its aggregator,
 * wall credential and view; or in a plain browser, where the page's own origin is the
 * aggregator and people sign in. The one place that knows the difference.
 */
export async function launchInfo(): Promise<LaunchInfo> {
  const bridge = window.skyfort;
  if (bridge?.isDesktop) {
    try {
      return await bridge.launchInfo();
    } catch {
      // A refused or broken bridge must not leave a wall blank: fall back to the browser path.
    }
  }
  return { aggregatorUrl: window.location.origin, displayToken: null, view: null, locale: null, sound: null };
}

export function reportStreamState(state: StreamState): void {
  window.skyfort?.reportStreamState(state);
}
