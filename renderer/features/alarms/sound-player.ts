import { AUDIBLE_SEVERITIES, SEVERITY_RANK, type Severity } from '../../../shared/domain/alarms';

/**
 * The control-room sound: a tone pattern per severity made with the Web Audio API (no audio
 * files), repeating while any critical or major incident is unacknowledged.
 *
 *                 ┌──────── enabled = false ────────▶ disabled
 *   (any state) ──┼──────── mute (until T) ─────────▶ muted ──T passed──▶ (recomputed)
 *                 └─ no gesture yet, context suspended ▶ locked ──click──▶ (recomputed)
 *   idle ──unacked critical/major──▶ playing ──ack (none left)──▶ idle
 *                                      │  ▲
 *                              snooze  ▼  │ T passed, or a new / worse incident
 *                                    snoozed
 *
 * Time is the wall clock, injected (`now`), and the player has no timer of its own: its owner
 * calls `tick()` (every half second in the console), so tests drive it step by step. Audio may
 * be missing altogether (headless Chromium has no device, some kiosks have no sound card): the
 * state machine runs the same and `output` says `unavailable`.
 */
export type SoundState = 'idle' | 'locked' | 'playing' | 'snoozed' | 'muted' | 'disabled';
export type SoundOutput = 'pending' | 'running' | 'unavailable';

export interface SoundSettings {
  enabled: boolean;
  /** 0…1. */
  volume: number;
}

export interface SoundSnapshot extends SoundSettings {
  state: SoundState;
  /** The worst unacknowledged audible severity: what rings, or would ring. */
  severity: Severity | null;
  snoozedUntil: number | null;
  mutedUntil: number | null;
  output: SoundOutput;
  /** Patterns played since start (tests and the hook read it). */
  rings: number;
}

/** The part of Web Audio the player uses, so tests can pass a fake. */
export interface AudioParamLike {
  setValueAtTime(v: number, t: number): unknown;
  linearRampToValueAtTime(v: number, t: number): unknown;
}
export interface AudioNodeLike {
  connect(dest: AudioNodeLike): unknown;
}
export interface OscillatorLike extends AudioNodeLike {
  type: OscillatorType;
  frequency: AudioParamLike;
  start(when: number): void;
  stop(when: number): void;
}
export interface GainLike extends AudioNodeLike {
  gain: AudioParamLike;
}
export interface AudioContextLike {
  readonly state: string;
  readonly currentTime: number;
  readonly destination: AudioNodeLike;
  resume(): Promise<void>;
  close(): Promise<void>;
  createOscillator(): OscillatorLike;
  createGain(): GainLike;
}

export interface Tone {
  /** Hz. */
  freq: number;
  /** Seconds from the pattern's start. */
  at: number;
  dur: number;
  wave: OscillatorType;
}

const beeps = (freq: number, wave: OscillatorType, starts: number[], dur: number): Tone[] => starts.map((at) => ({ freq, at, dur, wave }));

/**
 * One pattern per severity, told apart by rhythm and pitch, not only loudness: critical is two
 * bursts of three fast high beeps, major a falling two-tone (hi-lo), minor two soft mid beeps,
 * warning one, info a short chirp.
 */
export const SOUND_PATTERNS: Record<Severity, readonly Tone[]> = {
  critical: beeps(988, 'square', [0, 0.2, 0.4, 0.9, 1.1, 1.3], 0.12),
  major: [
    { freq: 784, at: 0, dur: 0.35, wave: 'sawtooth' },
    { freq: 587, at: 0.4, dur: 0.35, wave: 'sawtooth' },
    { freq: 784, at: 0.8, dur: 0.35, wave: 'sawtooth' },
    { freq: 587, at: 1.2, dur: 0.35, wave: 'sawtooth' },
  ],
  minor: beeps(523, 'triangle', [0, 0.45], 0.3),
  warning: beeps(440, 'sine', [0], 0.4),
  info: [{ freq: 1320, at: 0, dur: 0.08, wave: 'sine' }],
};

/** How often a pattern repeats while its incident stays unacknowledged. */
export const REPEAT_MS: Record<Severity, number> = { critical: 3_000, major: 5_000, minor: 8_000, warning: 10_000, info: 15_000 };
export const SNOOZE_MS = 5 * 60_000;
export const MUTE_MS = 15 * 60_000;
/** A resume() that has not settled by then means no usable output (headless, no device). */
const RESUME_TIMEOUT_MS = 1_500;

export interface SoundPlayerOptions {
  /** `() => new AudioContext()`; may throw where Web Audio is missing. */
  createContext: () => AudioContextLike;
  now: () => number;
  settings: SoundSettings;
  /** Where the one-shot resume timeout is scheduled (tests pass a fake). */
  setTimer?: (fn: () => void, ms: number) => unknown;
}

/** The worst severity among AUDIBLE_SEVERITIES with an unacknowledged incident, and how many there are. */
export function audibleDemand(unacknowledged: Partial<Record<Severity, number>> | null | undefined): { severity: Severity | null; count: number } {
  let severity: Severity | null = null;
  let count = 0;
  for (const s of AUDIBLE_SEVERITIES) {
    const n = unacknowledged?.[s] ?? 0;
    if (n <= 0) continue;
    count += n;
    if (severity === null || SEVERITY_RANK[s] > SEVERITY_RANK[severity]) severity = s;
  }
  return { severity, count };
}

export class SoundPlayer {
  private ctx: AudioContextLike | null = null;
  private output: SoundOutput = 'pending';
  private gestureGiven = false;
  private settings: SoundSettings;
  private demand: { severity: Severity | null; count: number } = { severity: null, count: 0 };
  private snoozedUntil: number | null = null;
  private snoozedAt: { severity: Severity | null; count: number } | null = null;
  private mutedUntil: number | null = null;
  private lastRingAt = Number.NEGATIVE_INFINITY;
  private rings = 0;
  private current: SoundSnapshot;
  private readonly listeners = new Set<(s: SoundSnapshot) => void>();

  constructor(private readonly opts: SoundPlayerOptions) {
    this.settings = { ...opts.settings };
    this.openContext();
    this.current = this.compute();
  }

  get snapshot(): SoundSnapshot {
    return this.current;
  }

  onChange(listener: (s: SoundSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  configure(settings: SoundSettings): void {
    this.settings = { enabled: settings.enabled, volume: Math.max(0, Math.min(1, settings.volume)) };
    this.tick();
  }

  /** From IncidentSummaryEntity.unacknowledged (suppressed incidents are already left out by the server). */
  setDemand(unacknowledged: Partial<Record<Severity, number>> | null | undefined): void {
    const next = audibleDemand(unacknowledged);
    const at = this.snoozedAt;
    // A snooze silences what was ringing, not what comes after: a new or worse incident rings again.
    if (at && (next.count > at.count || (next.severity && (!at.severity || SEVERITY_RANK[next.severity] > SEVERITY_RANK[at.severity])))) this.unsnooze();
    if (next.severity === null) this.unsnooze();
    if (next.severity !== this.demand.severity || next.count > this.demand.count) this.lastRingAt = Number.NEGATIVE_INFINITY;
    this.demand = next;
    this.tick();
  }

  /** Called from a user gesture (a click or key press): browsers start audio only then. */
  unlock(): Promise<void> {
    this.gestureGiven = true;
    if (!this.ctx) this.openContext();
    const ctx = this.ctx;
    let settled = false;
    const done = () => {
      settled = true;
      const running = ctx?.state === 'running';
      // The first audible ring comes as soon as audio runs, not a repeat interval later.
      if (running && this.output !== 'running') this.lastRingAt = Number.NEGATIVE_INFINITY;
      this.output = running ? 'running' : 'unavailable';
      this.tick();
    };
    this.tick();
    if (!ctx) return Promise.resolve();
    (this.opts.setTimer ?? setTimeout)(() => {
      if (!settled && this.output === 'pending') {
        this.output = 'unavailable';
        this.tick();
      }
    }, RESUME_TIMEOUT_MS);
    return ctx.resume().then(done, done);
  }

  snooze(ms = SNOOZE_MS): void {
    this.snoozedUntil = this.opts.now() + ms;
    this.snoozedAt = { ...this.demand };
    this.tick();
  }

  unsnooze(): void {
    if (this.snoozedUntil === null) return;
    this.snoozedUntil = null;
    this.snoozedAt = null;
    this.lastRingAt = Number.NEGATIVE_INFINITY;
    this.tick();
  }

  /** Silence everything until `now + ms`; ends by itself (the wall clock), or by `unmute()`. */
  mute(ms = MUTE_MS, until = this.opts.now() + ms): void {
    this.mutedUntil = until;
    this.tick();
  }

  unmute(): void {
    if (this.mutedUntil === null) return;
    this.mutedUntil = null;
    this.lastRingAt = Number.NEGATIVE_INFINITY;
    this.tick();
  }

  /** Expire snooze and mute, ring when due, tell listeners what changed. */
  tick(): void {
    const now = this.opts.now();
    if (this.mutedUntil !== null && this.mutedUntil <= now) {
      this.mutedUntil = null;
      this.lastRingAt = Number.NEGATIVE_INFINITY;
    }
    if (this.snoozedUntil !== null && this.snoozedUntil <= now) {
      this.snoozedUntil = null;
      this.snoozedAt = null;
      this.lastRingAt = Number.NEGATIVE_INFINITY;
    }
    if (this.ctx?.state === 'running' && this.output !== 'running') {
      this.output = 'running';
      this.lastRingAt = Number.NEGATIVE_INFINITY;
    }
    let next = this.compute();
    if (next.state === 'playing' && next.severity && now - this.lastRingAt >= REPEAT_MS[next.severity]) {
      this.lastRingAt = now;
      this.ring(next.severity);
      next = { ...next, rings: this.rings };
    }
    if (!sameSnapshot(next, this.current)) {
      this.current = next;
      for (const l of this.listeners) l(next);
    }
  }

  dispose(): void {
    this.listeners.clear();
    const ctx = this.ctx;
    this.ctx = null;
    void ctx?.close().catch(() => undefined);
  }

  private compute(): SoundSnapshot {
    const base = {
      ...this.settings,
      severity: this.demand.severity,
      snoozedUntil: this.snoozedUntil,
      mutedUntil: this.mutedUntil,
      output: this.output,
      rings: this.rings,
    };
    const unlocked = this.gestureGiven || this.ctx === null || this.ctx.state === 'running';
    let state: SoundState;
    if (!this.settings.enabled) state = 'disabled';
    else if (this.mutedUntil !== null) state = 'muted';
    else if (!unlocked) state = 'locked';
    else if (this.demand.severity === null) state = 'idle';
    else if (this.snoozedUntil !== null) state = 'snoozed';
    else state = 'playing';
    return { ...base, state };
  }

  private openContext(): void {
    try {
      this.ctx = this.opts.createContext();
      this.output = this.ctx.state === 'running' ? 'running' : 'pending';
    } catch {
      this.ctx = null;
      this.output = 'unavailable';
    }
  }

  /** Schedules one pattern; any failure of the audio stack is swallowed (the wall must go on). */
  private ring(severity: Severity): void {
    this.rings++;
    const ctx = this.ctx;
    if (!ctx || ctx.state !== 'running' || this.settings.volume <= 0) return;
    try {
      const t0 = ctx.currentTime + 0.02;
      for (const tone of SOUND_PATTERNS[severity]) {
        const osc = ctx.createOscillator();
        const gain = ctx.createGain();
        osc.type = tone.wave;
        osc.frequency.setValueAtTime(tone.freq, t0 + tone.at);
        // A short attack and release: no clicks at the edges of each beep.
        gain.gain.setValueAtTime(0, t0 + tone.at);
        gain.gain.linearRampToValueAtTime(this.settings.volume * 0.5, t0 + tone.at + 0.01);
        gain.gain.setValueAtTime(this.settings.volume * 0.5, t0 + tone.at + tone.dur - 0.02);
        gain.gain.linearRampToValueAtTime(0, t0 + tone.at + tone.dur);
        osc.connect(gain);
        gain.connect(ctx.destination);
        osc.start(t0 + tone.at);
        osc.stop(t0 + tone.at + tone.dur + 0.01);
      }
    } catch {
      this.output = 'unavailable';
    }
  }
}

function sameSnapshot(a: SoundSnapshot, b: SoundSnapshot): boolean {
  return (
    a.state === b.state &&
    a.severity === b.severity &&
    a.snoozedUntil === b.snoozedUntil &&
    a.mutedUntil === b.mutedUntil &&
    a.output === b.output &&
    a.rings === b.rings &&
    a.enabled === b.enabled &&
    a.volume === b.volume
  );
}
