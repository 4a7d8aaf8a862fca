import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

/** A wall must hear from the server every second even when nothing changes. */
let t: TestServer;
const wall = new ManualClock(Date.UTC(2026, 10, 28, 8));

beforeAll(async () => {
  t = await startTestServer({ wallClock: wall, config: { simulate: false } });
});
afterAll(async () => {
  await t.close();
});

describe('stream heartbeat', () => {
  it('reaches every socket once per second of wall time, subscribed or not', async () => {
    const s = await t.socket(await t.login('admin'));
    const beats: string[] = [];
    s.on('stream:heartbeat', (h) => beats.push(h.at));
    for (let i = 0; i < 3; i++) {
      wall.advance(1000);
      t.server.tick();
      await expect.poll(() => beats.length).toBe(i + 1);
    }
    // Ticks within the same second send no extra heartbeat.
    t.server.tick();
    t.server.tick();
    await new Promise((r) => setTimeout(r, 50));
    expect(beats).toHaveLength(3);
    expect(new Date(beats[2]!).getTime()).toBe(wall.now());
  });
});
