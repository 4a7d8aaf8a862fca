import type { Session, WebContents, WebFrameMain, WebPreferences } from 'electron';
import type { Logger } from './logger.js';

/**
 * The shell's security rules, one function per place they attach (window, session, contents,
 * IPC). Each rule names the item of the Electron security checklist it implements
 * (https://www.electronjs.org/docs/latest/tutorial/security), so a review can walk the list.
 * The only trusted content is the aggregator's origin; it changes when the bundled aggregator
 * comes back on another port, so rules read it through a getter instead of capturing it.
 */
export type OriginSource = () => string | null;

/** `http://127.0.0.1:43121/#/wall/x` → `http://127.0.0.1:43121`; null for opaque or bad URLs. */
export function originOf(url: string): string | null {
  try {
    const { origin } = new URL(url);
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

export function isAggregatorUrl(url: string, origin: string | null): boolean {
  return origin !== null && originOf(url) === origin;
}

export function secureWebPreferences(preload: string, options: { devTools: boolean }): WebPreferences {
  return {
    preload,
    // #2 Do not enable Node.js integration for remote content: the console is a web page served
    // over HTTP by the aggregator, so it gets no Node, not in workers or subframes either.
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    // #3 Enable Context Isolation: the preload's bridge lives in its own world.
    contextIsolation: true,
    // #4 Enable process sandboxing: the renderer (and the preload) run in Chromium's sandbox.
    sandbox: true,
    // #6 Do not disable webSecurity: same-origin policy stays on.
    webSecurity: true,
    // #8 Do not enable allowRunningInsecureContent.
    allowRunningInsecureContent: false,
    // #9 Do not enable experimental features (and #10: enableBlinkFeatures is never set).
    experimentalFeatures: false,
    // #12 Verify WebView options before creation: there is no <webview> to verify.
    webviewTag: false,
    // #13 Disable or limit navigation: a file dropped on a wall must not replace the console.
    navigateOnDragDrop: false,
    spellcheck: false,
    devTools: options.devTools,
  };
}

/**
 * #7 Define a Content Security Policy. `connect-src` names the aggregator and nothing else, in
 * its HTTP and WebSocket forms (socket.io upgrades to ws: on the same host and port).
 * `'unsafe-inline'` for styles only: the component library injects its CSS at run time.
 */
export function contentSecurityPolicy(aggregatorOrigin: string): string {
  const url = new URL(aggregatorOrigin);
  const ws = `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}`;
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${url.origin} ${ws}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Rules on the session every window shares. */
export function hardenSession(session: Session, origin: OriginSource, logger: Logger): void {
  // #7 Define a Content Security Policy, as a response header so it covers every document the
  // session loads. Ours replaces any CSP header the server sent: one policy, defined here.
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
    }
    const current = origin();
    headers['Content-Security-Policy'] = [current ? contentSecurityPolicy(current) : "default-src 'none'"];
    callback({ responseHeaders: headers });
  });
  // #5 Handle session permission requests from remote content: a wall needs no camera,
  // microphone, notifications, geolocation, USB or clipboard, so every request is denied.
  session.setPermissionRequestHandler((contents, permission, callback) => {
    logger.warn('permission request denied', { permission, url: short(contents.getURL()) });
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  // A wall talks to the aggregator only: the spellchecker would fetch dictionaries from the web.
  session.setSpellCheckerEnabled(false);
}

/** Rules on every web contents the app creates (wired from app 'web-contents-created'). */
export function hardenWebContents(contents: WebContents, origin: OriginSource, logger: Logger): void {
  // #13 Disable or limit navigation: only within the aggregator's origin.
  const limitNavigation = (event: { url: string; preventDefault(): void }, kind: string) => {
    if (isAggregatorUrl(event.url, origin())) return;
    event.preventDefault();
    logger.warn(`${kind} blocked`, { url: short(event.url) });
  };
  contents.on('will-navigate', (event) => limitNavigation(event, 'navigation'));
  contents.on('will-redirect', (event) => limitNavigation(event, 'redirect'));
  // #14 Disable or limit creation of new windows: a wall opens none, not even for links.
  contents.setWindowOpenHandler(({ url }) => {
    logger.warn('window.open blocked', { url: short(url) });
    return { action: 'deny' };
  });
  // #12 Verify WebView options before creation: no webview is ever attached.
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    logger.warn('webview blocked');
  });
}

/**
 * #17 Validate the sender of all IPC messages: only a top-level document served by the
 * aggregator may talk to main; a frame that is gone, a subframe or any other origin may not.
 */
export function isTrustedSender(frame: Pick<WebFrameMain, 'url' | 'parent'> | null | undefined, origin: string | null): boolean {
  try {
    if (!frame || frame.parent !== null) return false;
    return isAggregatorUrl(frame.url, origin);
  } catch {
    // Reading a frame that was destroyed mid-message throws: not a sender we trust.
    return false;
  }
}

/** Logged URLs are cut short: they are evidence, not a place for payloads to land in full. */
function short(url: string): string {
  return url.length > 200 ? `${url.slice(0, 200)}…` : url;
}
