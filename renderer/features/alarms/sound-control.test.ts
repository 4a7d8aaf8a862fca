// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { i18n, setLocale } from '../../app/i18n';
import { useSessionStore } from '../session/session-store';
import { FakeStream, counts, incidentSummary } from './alarms-test-fixtures';
import type { AudioContextLike } from './sound-player';
import SoundControl from './sound-control.vue';
import { useSoundStore } from './sound-store';

let stream: FakeStream;

function suspendedContext(): AudioContextLike {
  const ctx = {
    state: 'suspended',
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
  setLocale('en', false);
  localStorage.clear();
  stream = new FakeStream();
  vi.spyOn(useSessionStore(), 'streamClient').mockReturnValue(stream.asClient());
  useSoundStore().useDeps({ createContext: suspendedContext, now: () => 1_000_000 });
});
afterEach(() => {
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

describe('SoundControl', () => {
  it('shows a visible "click to enable" while the browser holds audio back, then snooze and mute in words', async () => {
    const w = mount(SoundControl, { global: { plugins: [i18n] }, attachTo: document.body });
    await flushPromises();
    stream.snapshot('incidents', { summary: incidentSummary({ unacknowledged: counts({ major: 1 }) }) });
    await flushPromises();
    expect(w.find('[data-testid="sound-control"]').attributes('data-state')).toBe('locked');
    expect(w.find('[data-testid="sound-enable"]').text()).toBe('Click to enable alarm sound');
    await w.find('[data-testid="sound-enable"]').trigger('click');
    await flushPromises();
    expect(w.find('[data-testid="sound-control"]').attributes('data-state')).toBe('playing');
    expect(w.text()).toContain('Unacknowledged Major incident');
    await w.find('[data-testid="sound-snooze"]').trigger('click');
    await flushPromises();
    expect(w.find('[data-testid="sound-control"]').text()).toContain('Alarm sound snoozed');
    await w.find('[data-testid="sound-mute"]').trigger('click');
    await flushPromises();
    expect(w.find('[data-testid="sound-control"]').attributes('data-state')).toBe('muted');
    expect(w.find('[data-testid="sound-unmute"]').exists()).toBe(true);
    w.unmount();
    expect(stream.topics).toEqual([]);
  });

  it('quiet: takes no room on a wall while there is nothing to say', async () => {
    useSoundStore().useDeps({ createContext: () => ({ ...suspendedContext(), state: 'running' }) as AudioContextLike, now: () => 1_000_000 });
    const w = mount(SoundControl, { props: { quiet: true, compact: true }, global: { plugins: [i18n] } });
    await flushPromises();
    stream.snapshot('incidents', { summary: incidentSummary() });
    await flushPromises();
    expect(w.find('[data-testid="sound-control"]').exists()).toBe(false);
    stream.delta('incidents', { summary: incidentSummary({ unacknowledged: counts({ critical: 1 }) }) });
    await flushPromises();
    expect(w.find('[data-testid="sound-control"]').attributes('data-state')).toBe('playing');
    w.unmount();
  });
});
