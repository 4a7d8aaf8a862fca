// Test doubles for the chart components' browser dependencies: a ResizeObserver that records what
// it observes and whether it was disconnected, and animation frames the test flushes by hand.
// Used only by *.test.ts beside it.
import { vi } from 'vitest';

export class RecordingResizeObserver {
  static created: RecordingResizeObserver[] = [];
  observed: Element[] = [];
  disconnected = false;

  constructor(private readonly callback: ResizeObserverCallback) {
    RecordingResizeObserver.created.push(this);
  }

  observe(target: Element): void {
    this.observed.push(target);
  }

  unobserve(target: Element): void {
    this.observed = this.observed.filter((t) => t !== target);
  }

  disconnect(): void {
    this.disconnected = true;
    this.observed = [];
  }

  /** What the browser does when an observed element changes size. */
  fire(): void {
    this.callback([], this as unknown as ResizeObserver);
  }
}

export interface ManualFrames {
  /** Callbacks requested and not yet run or cancelled. */
  pending(): number;
  /** Runs every pending callback, as the next frame would. */
  flush(): void;
}

/** Stubs ResizeObserver and requestAnimationFrame/cancelAnimationFrame; undo with vi.unstubAllGlobals(). */
export function stubChartGlobals(): ManualFrames {
  RecordingResizeObserver.created = [];
  const frames = new Map<number, FrameRequestCallback>();
  let next = 0;
  vi.stubGlobal('ResizeObserver', RecordingResizeObserver);
  vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => {
    next += 1;
    frames.set(next, cb);
    return next;
  });
  vi.stubGlobal('cancelAnimationFrame', (id: number) => frames.delete(id));
  return {
    pending: () => frames.size,
    flush() {
      const due = [...frames.values()];
      frames.clear();
      for (const cb of due) cb(performance.now());
    },
  };
}
