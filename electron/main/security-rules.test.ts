import { EventEmitter } from 'node:events';
import type { Session, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import {
  contentSecurityPolicy,
  hardenSession,
  hardenWebContents,
  isTrustedSender,
  originOf,
  secureWebPreferences,
} from './security-rules.js';

vi.mock('electron', () => ({}));

const ORIGIN = 'http://127.0.0.1:43121';
const quiet = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };

function fakeContents() {
  const emitter = new EventEmitter();
  let openHandler: ((d: { url: string }) => { action: string }) | undefined;
  const contents = Object.assign(emitter, {
    setWindowOpenHandler: (h: typeof openHandler) => void (openHandler = h),
    getURL: () => `${ORIGIN}/#/wall/overview`,
  });
  const event = (url: string) => ({ url, defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } });
  return { contents: contents as unknown as WebContents, emitter, event, open: (url: string) => openHandler?.({ url }) };
}

function fakeSession() {
  const s = {
    headers: undefined as undefined | ((d: { responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void),
    request: undefined as undefined | ((wc: unknown, p: string, cb: (ok: boolean) => void) => void),
    check: undefined as undefined | (() => boolean),
    device: undefined as undefined | (() => boolean),
    spell: true,
  };
  const session = {
    webRequest: { onHeadersReceived: (l: typeof s.headers) => void (s.headers = l) },
    setPermissionRequestHandler: (h: typeof s.request) => void (s.request = h),
    setPermissionCheckHandler: (h: typeof s.check) => void (s.check = h),
    setDevicePermissionHandler: (h: typeof s.device) => void (s.device = h),
    setSpellCheckerEnabled: (on: boolean) => void (s.spell = on),
  };
  return { session: session as unknown as Session, s };
}

describe('secureWebPreferences', () => {
  it('isolates, sandboxes and keeps Node out of the renderer', () => {
    const prefs = secureWebPreferences('/app/preload.cjs', { devTools: false });
    expect(prefs).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      devTools: false,
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
  });
});

describe('contentSecurityPolicy', () => {
  it('lets the page connect to the aggregator only, over http and ws', () => {
    const csp = contentSecurityPolicy(ORIGIN);
    const connect = csp.split('; ').find((d) => d.startsWith('connect-src '));
    expect(connect?.split(' ').slice(1)).toEqual(['http://127.0.0.1:43121', 'ws://127.0.0.1:43121']);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
  });

  it('uses wss for an https aggregator', () => {
    const connect = contentSecurityPolicy('https://noc.example.com').split('; ').find((d) => d.startsWith('connect-src'));
    expect(connect).toBe('connect-src https://noc.example.com wss://noc.example.com');
  });
});

describe('hardenSession', () => {
  it('replaces any server CSP with one naming the current aggregator', () => {
    const { session, s } = fakeSession();
    let origin = ORIGIN;
    hardenSession(session, () => origin, quiet);
    const respond = (headers: Record<string, string[]>) => {
      let out: Record<string, string[]> = {};
      s.headers?.({ responseHeaders: headers }, (r) => void (out = r.responseHeaders));
      return out;
    };
    const first = respond({ 'content-security-policy': ["connect-src *"], 'Content-Type': ['text/html'] });
    expect(first['content-security-policy']).toBeUndefined();
    expect(first['Content-Type']).toEqual(['text/html']);
    expect(first['Content-Security-Policy']?.[0]).toContain(`connect-src ${ORIGIN} ws://127.0.0.1:43121`);
    origin = 'http://127.0.0.1:50000';
    expect(respond({})['Content-Security-Policy']?.[0]).toContain('connect-src http://127.0.0.1:50000 ws://127.0.0.1:50000;');
  });

  it('denies every permission request and check', () => {
    const { session, s } = fakeSession();
    hardenSession(session, () => ORIGIN, quiet);
    const answers: boolean[] = [];
    for (const p of ['media', 'notifications', 'geolocation', 'clipboard-read']) {
      s.request?.({ getURL: () => ORIGIN }, p, (ok) => answers.push(ok));
    }
    expect(answers).toEqual([false, false, false, false]);
    expect(s.check?.()).toBe(false);
    expect(s.device?.()).toBe(false);
    expect(s.spell).toBe(false);
  });
});

describe('hardenWebContents', () => {
  it('prevents navigation and redirects outside the aggregator origin', () => {
    const { contents, emitter, event } = fakeContents();
    hardenWebContents(contents, () => ORIGIN, quiet);
    const outside = event('https://evil.example/phish');
    emitter.emit('will-navigate', outside);
    expect(outside.defaultPrevented).toBe(true);
    const sameHostOtherPort = event('http://127.0.0.1:9999/');
    emitter.emit('will-navigate', sameHostOtherPort);
    expect(sameHostOtherPort.defaultPrevented).toBe(true);
    const redirect = event('file:///etc/passwd');
    emitter.emit('will-redirect', redirect);
    expect(redirect.defaultPrevented).toBe(true);
    const inside = event(`${ORIGIN}/#/wall/alarms`);
    emitter.emit('will-navigate', inside);
    expect(inside.defaultPrevented).toBe(false);
  });

  it('denies window.open, even to the aggregator itself', () => {
    const { contents, open } = fakeContents();
    hardenWebContents(contents, () => ORIGIN, quiet);
    expect(open('https://evil.example')).toEqual({ action: 'deny' });
    expect(open(`${ORIGIN}/#/`)).toEqual({ action: 'deny' });
  });

  it('prevents attaching a webview', () => {
    const { contents, emitter, event } = fakeContents();
    hardenWebContents(contents, () => ORIGIN, quiet);
    const e = event('');
    emitter.emit('will-attach-webview', e, {}, {});
    expect(e.defaultPrevented).toBe(true);
  });
});

describe('isTrustedSender', () => {
  it('accepts only a top-level frame on the aggregator origin', () => {
    expect(isTrustedSender({ url: `${ORIGIN}/#/wall/overview`, parent: null }, ORIGIN)).toBe(true);
    expect(isTrustedSender({ url: 'https://evil.example/', parent: null }, ORIGIN)).toBe(false);
    expect(isTrustedSender({ url: `${ORIGIN}/`, parent: {} as never }, ORIGIN)).toBe(false);
    expect(isTrustedSender(null, ORIGIN)).toBe(false);
    expect(isTrustedSender({ url: `${ORIGIN}/`, parent: null }, null)).toBe(false);
  });

  it('rejects a frame that throws when read (destroyed mid-message)', () => {
    const gone = { get url(): string { throw new Error('Render frame was disposed'); }, parent: null };
    expect(isTrustedSender(gone, ORIGIN)).toBe(false);
  });
});

describe('originOf', () => {
  it('gives null for opaque and malformed URLs', () => {
    expect(originOf('data:text/html,hi')).toBeNull();
    expect(originOf('not a url')).toBeNull();
    expect(originOf(`${ORIGIN}/a?b#c`)).toBe(ORIGIN);
  });
});
