/**
 * The login → first-frame baseline: a blank page, same-origin with the aggregator, that does the
 * console's wire work and nothing else. Same form fields as the console's login page, so the
 * bench drives both with the same fill-and-click; on submit it POSTs /api/v1/auth/login, opens
 * one socket.io websocket with the token, subscribes to the overview's topics (OVERVIEW_TOPICS)
 * and, once a snapshot of each has arrived, marks the next animation frame.
 * No framework, no rendering: what remains of the console's time above this is the console's own.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Page } from '@playwright/test';

export const BASELINE_PATH = '/bench-blank.html';
/**
 * The topics the overview subscribes to (its own store's plus the alarm counts and the domain
 * health row). The bench checks this against the console's own subscribe frames in every run and
 * stops if they differ.
 */
export const OVERVIEW_TOPICS = ['alarms', 'health', 'incidents', 'nodes', 'overview'];
export const BASELINE_START = 'bench:login-submit';
export const BASELINE_END = 'bench:first-live-frame';
const CLIENT_PATH = '/bench-socket.io.min.js';

/**
 * socket.io-client's own prebuilt browser bundle (global `io`), the version the console bundles.
 * The aggregator runs with serveClient:false, so the bench serves it itself via page.route.
 */
function clientBundle(): string {
  // The package exports only its unminified bundle; the minified one sits beside it.
  const pkg = createRequire(import.meta.url).resolve('socket.io-client/package.json');
  return readFileSync(join(dirname(pkg), 'dist', 'socket.io.min.js'), 'utf8');
}

// Plain ES2020 run by the page, not by Node: kept as text so nothing here is bundled or typechecked
// against the DOM. `window.benchSnapshots` records what arrived, for the RESULTS.md workload line.
const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>bench baseline</title><script src="${CLIENT_PATH}"></script></head>
<body>
<form id="login"><input name="username"><input name="password" type="password"><button type="submit">sign in</button></form>
<script>
document.getElementById('login').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const form = new FormData(ev.target);
  performance.mark('${BASELINE_START}');
  const res = await fetch('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: form.get('username'), password: form.get('password') }),
  });
  const { token } = await res.json();
  const socket = io(location.origin, { auth: { token }, transports: ['websocket'] });
  const topics = ${JSON.stringify(OVERVIEW_TOPICS)};
  const seen = {};
  let done = false;
  socket.on('connect', () => socket.emit('subscribe', { topics }, () => {}));
  socket.on('snapshot', (s) => {
    seen[s.topic] = { entities: Object.keys(s.data.entities).length, total: s.data.total, complete: s.data.complete };
    if (done || !topics.every((t) => seen[t])) return;
    done = true;
    window.benchSnapshots = seen;
    requestAnimationFrame(() => performance.mark('${BASELINE_END}'));
  });
});
</script>
</body></html>`;

/**
 * Opens the baseline page on the aggregator's origin. The document itself must come from the
 * aggregator (its 404 for BASELINE_PATH, then replaced with setContent): Chromium's Local Network
 * Access checks refuse a websocket to 127.0.0.1 from a document fulfilled by page.route, even
 * via route.fetch. Subresources may be fulfilled, so the client bundle is.
 */
export async function openBaseline(page: Page, origin: string): Promise<void> {
  const bundle = clientBundle();
  await page.route(`${origin}${CLIENT_PATH}`, (r) => r.fulfill({ contentType: 'text/javascript', body: bundle }));
  await page.goto(`${origin}${BASELINE_PATH}`);
  await page.setContent(PAGE); // waits for load: the bundle is in before the form is used
}
