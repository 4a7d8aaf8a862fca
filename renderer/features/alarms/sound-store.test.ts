// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { flushPromises } from '@vue/test-utils';
import type { LaunchInfo, SkyfortBridge } from '../../../shared/ipc/bridge';
import { useSessionStore } from '../session/session-store';
import { FakeStream, counts, incidentSummary } from './alarms-test-fixtures';
import type { AudioContextLike } from './sound-player';
import { readLocalSound, useSoundStore } from './sound-store';

let stream: FakeStream;
let now = 1_000_000;

function fakeContext(running: boolean): AudioContextLike {
  const ctx = {
    state: running ? 'running' : 'suspended',
    currentTime: 0,
    destination: { connect: () => undefined },
    resume: () => ((ctx.state = 'running'), Promise.resolve()),
    close: () => Promise.resolve(),
    createOscillator: () => ({ type: 'sine', frequency: { setValueAtTime: () => undefined, linearRampToValueAtTime: () => undefined }, connect: () => undefined, start: () => undefined, stop: () => undefined }),
    createGain: () => ({ gain: { setValueAtTime: () => undefined, linearRampToValueAtTime: () => undefined }, connect: () => undefined }),
  };
  return ctx as unknown as AudioContextLike;
}

beforeEach(() => {
  setActivePinia(createPinia());
  localStorage.clear();
  stream = new FakeStream();
  vi.spyOn(useSessionStore(), 'streamClient').mockReturnValue(stream.asClient());
});
afterEach(() => {
  delete window.skyfort;
  vi.restoreAllMocks();
});

describe('useSoundStore', () => {
  it('in a browser: locked until the first click, then rings for unacknowledged critical incidents, idle once acknowledged', async () => {
    const sound = useSoundStore();
    sound.useDeps({ createContext: () => fakeContext(false), now: () => now });
    await sound.start();
    stream.snapshot('incidents', { summary: incidentSummary({ unacknowledged: counts({ critical: 1 }) }) });
    expect(window.__skyfortSound?.snapshot()).toMatchObject({ state: 'locked', severity: 'critical' });
    document.body.dispatchEvent(new Event('pointerdown', { bubbles: true }));
    await flushPromises();
    expect(window.__skyfortSound?.snapshot()).toMatchObject({ state: 'playing', output: 'running' });
    stream.delta('incidents', { summary: incidentSummary({ unacknowledged: counts({ minor: 2 }) }) });
    expect(sound.snapshot?.state).toBe('idle');
    sound.stop();
    expect(window.__skyfortSound).toBeUndefined();
    expect(stream.topics).toEqual([]);
  });

  it('in the desktop shell: takes enabled and volume from the display configuration and needs no click', async () => {
    const info: LaunchInfo = { aggregatorUrl: 'http://127.0.0.1:1', displayToken: null, view: 'alarms', locale: null, sound: { enabled: false, volume: 0.3 } };
    window.skyfort = { isDesktop: true, launchInfo: async () => info, reportStreamState: () => undefined } as SkyfortBridge;
    const sound = useSoundStore();
    sound.useDeps({ createContext: () => fakeContext(true), now: () => now });
    await sound.start();
    expect(sound.source).toBe('display');
    expect(sound.snapshot).toMatchObject({ state: 'disabled', enabled: false, volume: 0.3 });
    sound.configure({ enabled: true, volume: 1 }); // a display's settings belong to its configuration
    expect(sound.snapshot?.state).toBe('disabled');
    sound.stop();
  });

  it('keeps a mute across a reload until it expires, and reads sane local settings', async () => {
    const sound = useSoundStore();
    sound.useDeps({ createContext: () => fakeContext(true), now: () => now });
    await sound.start();
    sound.mute();
    expect(sound.snapshot?.state).toBe('muted');
    sound.stop();
    await sound.start();
    expect(sound.snapshot?.state).toBe('muted');
    sound.stop();
    now += 16 * 60_000;
    await sound.start();
    expect(sound.snapshot?.state).toBe('idle');
    sound.configure({ enabled: true, volume: 0.25 });
    expect(readLocalSound()).toEqual({ enabled: true, volume: 0.25 });
    expect(readLocalSound({ getItem: () => '{"enabled":"yes","volume":7}' })).toEqual({ enabled: true, volume: 0.7 });
    sound.stop();
  });
});
