import type { App } from 'electron';

/**
 * The control-room sound (issue #6) must ring on a wall nobody touches: Chromium's default
 * autoplay policy keeps an AudioContext suspended until a user gesture, which a kiosk wall never
 * gets. The shell's own pages are the only content it loads (security-rules.ts denies the rest),
 * so lifting the gesture requirement is safe here. It must be set before the app is ready.
 */
export function allowAutoplayWithoutGesture(app: Pick<App, 'commandLine'>): void {
  app.commandLine.appendSwitch('autoplay-policy', 'no-user-gesture-required');
}
