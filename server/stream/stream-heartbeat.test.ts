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

describe('stream heartbeat on a busy stream', () => {
  it('skips sockets that got a delta in the same tick, yet every socket hears something each second', async () => {
    const { startTestServer: start } = await import('../test-support/test-server.js');
    const clock = new ManualClock(Date.UTC(2026, 10, 28, 9));
    const busy = await start({ wallClock: clock, config: { simulate: true } });
    try {
      const watcher = await busy.socket(await busy.login('admin'));
      const idle = await busy.socket(await busy.login('admin'));
      const heard = { watcherBeats: 0, watcherDeltas: 0, idleBeats: 0 };
      watcher.on('stream:heartbeat', () => heard.watcherBeats++);
      watcher.on('delta', () => heard.watcherDeltas++);
      idle.on('stream:heartbeat', () => heard.idleBeats++);
      await watcher.timeout(5000).emitWithAck('subscribe', { topics: ['overview'] });
      for (let i = 0; i < 4; i++) {
        clock.advance(1000);
        busy.server.sourceClock.advance(1000);
        busy.server.tick();
        await new Promise((r) => setTimeout(r, 60));
      }
      await expect.poll(() => heard.idleBeats).toBe(4);
      // The watcher heard every second: by a heartbeat or by the delta that replaced it.
      expect(heard.watcherBeats + heard.watcherDeltas).toBeGreaterThanOrEqual(4);
      expect(heard.watcherBeats).toBeLessThan(4);
    } finally {
      await busy.close();
    }
  });
});
