import { randomBytes } from 'node:crypto';
import { Backoff, type BackoffPolicy } from './backoff.js';
import type { Logger } from './logger.js';
import { systemTimers, type Timers } from './timers.js';

/** One running aggregator as the host sees it; see aggregator-process.ts for the two kinds. */
export interface AggregatorProcess {
  onLine(stream: 'stdout' | 'stderr', listener: (line: string) => void): void;
  onExit(listener: (code: number | null) => void): void;
  /** `force` for a process that ignored the polite request (a blocked event loop). */
  kill(force?: boolean): void;
}

export type AggregatorLauncher = (args: readonly string[], env: Record<string, string>) => AggregatorProcess;

export interface AggregatorHostOptions {
  launch: AggregatorLauncher;
  /** Folder for the aggregator's SQLite store, under the app's user-data folder. */
  dataDir: string;
  simulate: boolean;
  /** The per-launch display secret (see createLaunchToken); the same across restarts. */
  launchToken: string;
  logger: Logger;
  /** Environment the aggregator inherits; the launch token is added to it. */
  baseEnv?: Record<string, string>;
  timers?: Timers;
  checkHealth?: (url: string) => Promise<boolean>;
  healthIntervalMs?: number;
  /** Consecutive failed /healthz checks before a live but hung process is replaced. */
  maxMissedChecks?: number;
  /** A process that has not printed its URL by then is treated as failed. */
  startTimeoutMs?: number;
  /** How long a killed process gets before it is killed by force. */
  killGraceMs?: number;
  backoff?: BackoffPolicy;
}

export interface AggregatorHost {
  /** Starts the aggregator; resolves with its URL once one is serving (after retries if need be). */
  start(): Promise<string>;
  readonly url: string | null;
  /** Called whenever the aggregator comes up at a different URL, so windows can reload. */
  onUrl(listener: (url: string) => void): () => void;
  stop(): void;
  readonly restarts: number;
}

/**
 * A display credential made in main for this launch only (`sfd_` + 32 random bytes), handed to
 * the bundled aggregator as SKYFORT_LAUNCH_TOKEN and to wall windows through the preload.
 */
export function createLaunchToken(): string {
  return `sfd_${randomBytes(32).toString('base64url')}`;
}

export async function checkHealthz(url: string, timeoutMs = 2_000): Promise<boolean> {
  try {
    const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return false;
    const body = (await res.json()) as { status?: unknown };
    return body.status === 'ok';
  } catch {
    return false;
  }
}

const SERVING = /serving at (https?:\/\/\S+)/;

/*
 * Lifecycle of the bundled aggregator:
 *
 *   stopped ──start()──▶ starting ──prints its URL──▶ running
 *                         ▲    │ exits, or no URL          │ exits, or maxMissedChecks
 *           backoff ends  │    ▼ within startTimeoutMs     ▼ failed /healthz in a row
 *                        backing-off ◀─────────────────────┘
 *   any ──stop()──▶ stopped
 */
type HostState =
  | { kind: 'stopped' }
  | { kind: 'starting'; proc: AggregatorProcess; timer: unknown }
  | { kind: 'running'; proc: AggregatorProcess; url: string; missed: number; timer: unknown }
  | { kind: 'backing-off'; timer: unknown };

/**
 * Runs the aggregator bundled with the app on a random loopback port and keeps it running:
 * restarted with exponential backoff when it exits, never prints its URL, or stops answering
 * /healthz. A restart asks for the previous port first so windows keep their origin; when that
 * fails it takes any free port and listeners hear the new URL.
 */
export function createAggregatorHost(options: AggregatorHostOptions): AggregatorHost {
  const timers = options.timers ?? systemTimers;
  const checkHealth = options.checkHealth ?? ((url: string) => checkHealthz(url));
  const healthIntervalMs = options.healthIntervalMs ?? 5_000;
  const maxMissed = options.maxMissedChecks ?? 3;
  const startTimeoutMs = options.startTimeoutMs ?? 60_000;
  const killGraceMs = options.killGraceMs ?? 5_000;
  const backoff = new Backoff(options.backoff ?? { initialMs: 1_000, maxMs: 30_000, resetAfterMs: 120_000 }, timers);
  const { logger } = options;
  const listeners = new Set<(url: string) => void>();
  const firstUrl: { resolve?: (url: string) => void } = {};

  let state: HostState = { kind: 'stopped' };
  let currentUrl: string | null = null;
  let preferredPort = 0;
  let restarts = 0;

  const clearTimer = () => {
    if (state.kind !== 'stopped') timers.clearTimeout(state.timer);
  };

  const spawn = () => {
    const args = ['serve', '--host', '127.0.0.1', '--port', String(preferredPort), '--data', options.dataDir];
    if (options.simulate) args.push('--simulate');
    const env = { SKYFORT_LOG_LEVEL: 'warn', ...options.baseEnv, SKYFORT_LAUNCH_TOKEN: options.launchToken };
    const proc = options.launch(args, env);
    const timer = timers.setTimeout(() => fail(proc, `no URL within ${startTimeoutMs} ms`, true), startTimeoutMs);
    state = { kind: 'starting', proc, timer };
    logger.info('aggregator starting', { port: preferredPort, simulate: options.simulate });
    proc.onLine('stdout', (line) => {
      const m = SERVING.exec(line);
      if (m?.[1] && state.kind === 'starting' && state.proc === proc) serving(proc, m[1]);
      // Its own warnings and errors (pino JSON at level warn) belong in the shell's log.
      else if (line.trim()) logger.info('aggregator output', { line: line.slice(0, 2_000) });
    });
    proc.onLine('stderr', (line) => logger.warn('aggregator stderr', { line: line.slice(0, 2_000) }));
    proc.onExit((code) => fail(proc, `exited with code ${code}`, false));
  };

  const serving = (proc: AggregatorProcess, url: string) => {
    clearTimer();
    preferredPort = Number(new URL(url).port) || 0;
    state = { kind: 'running', proc, url, missed: 0, timer: timers.setTimeout(() => void healthCheck(proc), healthIntervalMs) };
    logger.info('aggregator serving', { url, restarts });
    firstUrl.resolve?.(url);
    delete firstUrl.resolve;
    if (url !== currentUrl) {
      currentUrl = url;
      for (const l of listeners) l(url);
    }
  };

  const healthCheck = async (proc: AggregatorProcess) => {
    if (state.kind !== 'running' || state.proc !== proc) return;
    const ok = await checkHealth(state.url).catch(() => false);
    if (state.kind !== 'running' || state.proc !== proc) return;
    state.missed = ok ? 0 : state.missed + 1;
    if (!ok) logger.warn('aggregator health check failed', { missed: state.missed, of: maxMissed });
    if (state.missed >= maxMissed) {
      fail(proc, `${state.missed} health checks failed`, true);
      return;
    }
    state.timer = timers.setTimeout(() => void healthCheck(proc), healthIntervalMs);
  };

  /** Only the current process's failures count: a replaced process's late exit is ignored. */
  const fail = (proc: AggregatorProcess, reason: string, kill: boolean) => {
    if ((state.kind !== 'starting' && state.kind !== 'running') || state.proc !== proc) return;
    const wasStarting = state.kind === 'starting';
    clearTimer();
    if (kill) {
      proc.kill();
      const force = timers.setTimeout(() => proc.kill(true), killGraceMs);
      proc.onExit(() => timers.clearTimeout(force));
      // A hung process may still hold the port while the next one starts.
      preferredPort = 0;
    }
    if (wasStarting) preferredPort = 0;
    const delay = backoff.fail();
    restarts += 1;
    logger.error('aggregator failed; restarting', { reason, delayMs: delay, consecutive: backoff.consecutive });
    state = { kind: 'backing-off', timer: timers.setTimeout(spawn, delay) };
  };

  return {
    start() {
      if (state.kind === 'stopped') spawn();
      if (state.kind === 'running') return Promise.resolve(state.url);
      return new Promise((resolve) => {
        const prev = firstUrl.resolve;
        firstUrl.resolve = (url) => {
          prev?.(url);
          resolve(url);
        };
      });
    },
    get url() {
      return state.kind === 'running' ? state.url : currentUrl;
    },
    onUrl(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      clearTimer();
      if (state.kind === 'starting' || state.kind === 'running') state.proc.kill();
      state = { kind: 'stopped' };
      logger.info('aggregator stopped');
    },
    get restarts() {
      return restarts;
    },
  };
}
