import { describe, expect, it } from 'vitest';
import { SEVERITIES } from '../../../shared/domain/alarms';
import { counts } from './alarms-test-fixtures';
import { MUTE_MS, REPEAT_MS, SNOOZE_MS, SOUND_PATTERNS, SoundPlayer, audibleDemand, type AudioContextLike, type SoundSettings } from './sound-player';

/** A Web Audio double: records every tone started; `running` unless the autoplay policy holds it. */
class FakeAudioContext implements AudioContextLike {
  state: string;
  currentTime = 0;
  readonly destination = { connect: () => undefined };
  readonly started: Array<{ freq: number; wave: string; at: number }> = [];
  resumeBehaviour: 'run' | 'hang' | 'fail' = 'run';
  constructor(autoplay: boolean) {
    this.state = autoplay ? 'running' : 'suspended';
  }
  resume(): Promise<void> {
    if (this.resumeBehaviour === 'hang') return new Promise(() => undefined);
    if (this.resumeBehaviour === 'fail') return Promise.reject(new Error('no device'));
    this.state = 'running';
    return Promise.resolve();
  }
  close(): Promise<void> {
    this.state = 'closed';
    return Promise.resolve();
  }
  createOscillator() {
    let freq = 0;
    const osc = {
      type: 'sine' as OscillatorType,
      frequency: { setValueAtTime: (v: number) => void (freq = v), linearRampToValueAtTime: () => undefined },
      connect: () => undefined,
      start: (at: number) => void this.started.push({ freq, wave: osc.type, at }),
      stop: () => undefined,
    };
    return osc;
  }
  createGain() {
    return { gain: { setValueAtTime: () => undefined, linearRampToValueAtTime: () => undefined }, connect: () => undefined };
  }
}

function setup(opts: { autoplay?: boolean; settings?: SoundSettings; noAudio?: boolean } = {}) {
  let now = 1_000_000;
  const ctx = new FakeAudioContext(opts.autoplay ?? true);
  const timers: Array<() => void> = [];
  const player = new SoundPlayer({
    createContext: () => {
      if (opts.noAudio) throw new Error('AudioContext is not defined');
      return ctx;
    },
    now: () => now,
    settings: opts.settings ?? { enabled: true, volume: 0.7 },
    setTimer: (fn) => timers.push(fn),
  });
  const advance = (ms: number) => {
    now += ms;
    player.tick();
  };
  return { player, ctx, advance, timers, now: () => now };
}

describe('audibleDemand', () => {
  it('rings only for critical and major, naming the worst', () => {
    expect(audibleDemand(counts({ minor: 3, warning: 9 }))).toEqual({ severity: null, count: 0 });
    expect(audibleDemand(counts({ major: 2, critical: 1 }))).toEqual({ severity: 'critical', count: 3 });
    expect(audibleDemand(null)).toEqual({ severity: null, count: 0 });
  });
});

describe('SoundPlayer', () => {
  it('has a distinct pattern per severity', () => {
    const shapes = SEVERITIES.map((s) => JSON.stringify(SOUND_PATTERNS[s]));
    expect(new Set(shapes).size).toBe(SEVERITIES.length);
  });

  it('plays while an unacknowledged critical incident exists, repeating, and stops once it is acknowledged', () => {
    const { player, ctx, advance } = setup();
    expect(player.snapshot.state).toBe('idle');
    player.setDemand(counts({ critical: 1 }));
    expect(player.snapshot).toMatchObject({ state: 'playing', severity: 'critical', rings: 1, output: 'running' });
    expect(ctx.started.map((t) => t.freq)).toEqual(SOUND_PATTERNS.critical.map((t) => t.freq));
    advance(REPEAT_MS.critical - 1);
    expect(player.snapshot.rings).toBe(1);
    advance(1);
    expect(player.snapshot.rings).toBe(2);
    player.setDemand(counts({ critical: 0, minor: 4 }));
    expect(player.snapshot).toMatchObject({ state: 'idle', severity: null });
    advance(60_000);
    expect(player.snapshot.rings).toBe(2);
  });

  it('rings the major pattern for major, and switches at once to critical when one arrives', () => {
    const { player, ctx } = setup();
    player.setDemand(counts({ major: 1 }));
    expect(player.snapshot.severity).toBe('major');
    expect(ctx.started[0]!.wave).toBe('sawtooth');
    player.setDemand(counts({ major: 1, critical: 1 }));
    expect(player.snapshot).toMatchObject({ severity: 'critical', rings: 2 });
  });

  it('snoozes for five minutes, and a new incident during the snooze rings again', () => {
    const { player, advance } = setup();
    player.setDemand(counts({ major: 1 }));
    player.snooze();
    expect(player.snapshot.state).toBe('snoozed');
    const rings = player.snapshot.rings;
    advance(SNOOZE_MS - 1_000);
    expect(player.snapshot).toMatchObject({ state: 'snoozed', rings });
    advance(1_000);
    expect(player.snapshot).toMatchObject({ state: 'playing', rings: rings + 1 });
    player.snooze();
    player.setDemand(counts({ major: 2 }));
    expect(player.snapshot.state).toBe('playing');
  });

  it('mutes until the wall clock passes the end, whatever comes in meanwhile', () => {
    const { player, advance } = setup();
    player.setDemand(counts({ critical: 1 }));
    player.mute();
    expect(player.snapshot.state).toBe('muted');
    const rings = player.snapshot.rings;
    player.setDemand(counts({ critical: 5 }));
    advance(MUTE_MS - 1);
    expect(player.snapshot).toMatchObject({ state: 'muted', rings });
    advance(1);
    expect(player.snapshot).toMatchObject({ state: 'playing', mutedUntil: null, rings: rings + 1 });
  });

  it('is disabled by the display configuration and volume 0 makes no tone', () => {
    const off = setup({ settings: { enabled: false, volume: 0.7 } });
    off.player.setDemand(counts({ critical: 1 }));
    expect(off.player.snapshot.state).toBe('disabled');
    expect(off.ctx.started).toHaveLength(0);
    off.player.configure({ enabled: true, volume: 0 });
    expect(off.player.snapshot.state).toBe('playing');
    expect(off.ctx.started).toHaveLength(0);
  });

  it('in a browser stays locked until a click, then plays', async () => {
    const { player, ctx } = setup({ autoplay: false });
    player.setDemand(counts({ critical: 1 }));
    expect(player.snapshot).toMatchObject({ state: 'locked', severity: 'critical', output: 'pending' });
    expect(ctx.started).toHaveLength(0);
    await player.unlock();
    expect(player.snapshot).toMatchObject({ state: 'playing', output: 'running' });
    expect(ctx.started.length).toBeGreaterThan(0);
  });

  it('degrades without an audio device: the states still run, the output says unavailable', async () => {
    const none = setup({ noAudio: true });
    none.player.setDemand(counts({ critical: 1 }));
    expect(none.player.snapshot).toMatchObject({ state: 'playing', output: 'unavailable', rings: 1 });
    none.player.setDemand(counts());
    expect(none.player.snapshot.state).toBe('idle');

    const hung = setup({ autoplay: false });
    hung.ctx.resumeBehaviour = 'hang';
    hung.player.setDemand(counts({ major: 1 }));
    void hung.player.unlock();
    expect(hung.player.snapshot.state).toBe('playing');
    for (const t of hung.timers) t();
    expect(hung.player.snapshot.output).toBe('unavailable');

    const failing = setup({ autoplay: false });
    failing.ctx.resumeBehaviour = 'fail';
    await failing.player.unlock();
    expect(failing.player.snapshot).toMatchObject({ state: 'idle', output: 'unavailable' });
  });
});
