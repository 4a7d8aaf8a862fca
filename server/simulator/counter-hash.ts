/**
 * Counter-based randomness: every random number the simulator uses is a hash of what it is for
 * (seed, stream, step), never the next draw of a sequential generator. So a value depends only on
 * its coordinates, and the same seed gives the same platform and the same samples however pumps
 * are spaced, caught up or reordered.
 */

/** A well-mixed 32-bit hash of (seed, stream, step), as an unsigned integer. */
export function hash32(seed: number, stream: number, step: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ stream, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16) ^ (step | 0), 0x27d4eb2f);
  // The high word of step, so slot counters past 2^32 (far future times) stay distinct.
  h = Math.imul(h ^ (h >>> 15) ^ Math.floor(step / 4294967296), 0x165667b1);
  h ^= h >>> 16;
  return h >>> 0;
}

/** hash32 mapped to [0, 1). */
export function hashUnit(seed: number, stream: number, step: number): number {
  return hash32(seed, stream, step) / 4294967296;
}

/** A stable stream number for a string (FNV-1a), for keys built from names. */
export function streamOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const KNOT_MS = 60_000;

/**
 * Smooth noise in [-1, 1] for series `stream` at time t: random knots every minute, cosine
 * interpolated, plus a little jitter per 10 s slot. Curves wander like real metrics instead of
 * flickering, and every value is a pure function of (seed, stream, t).
 */
export function smoothNoise(seed: number, stream: number, t: number): number {
  const knot = Math.floor(t / KNOT_MS);
  const frac = (t - knot * KNOT_MS) / KNOT_MS;
  const a = hashUnit(seed, stream, knot) * 2 - 1;
  const b = hashUnit(seed, stream, knot + 1) * 2 - 1;
  const w = (1 - Math.cos(Math.PI * frac)) / 2;
  const jitter = hashUnit(seed, stream ^ 0x5bd1e995, Math.floor(t / 10_000)) * 2 - 1;
  return 0.75 * (a + (b - a) * w) + 0.25 * jitter;
}
