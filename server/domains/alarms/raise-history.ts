import { FLAPPING } from '../../../shared/domain/alarms.js';

/**
 * Raise times per fingerprint within the flapping window (issue #6, flapping detection): a
 * fingerprint flaps when it was raised FLAPPING.raises times within FLAPPING.windowMs. Bounded:
 * entries are pruned by age (the tick calls `prune` now and then), and before the map would
 * outgrow `maxFingerprints`.
 */
export class RaiseHistory {
  private readonly raises = new Map<string, number[]>();

  constructor(private readonly maxFingerprints: number) {}

  /** Records a raise; true when the fingerprint now flaps. */
  note(fingerprint: string, at: number): boolean {
    let times = this.raises.get(fingerprint);
    if (!times) {
      if (this.raises.size >= this.maxFingerprints) this.prune(at);
      this.raises.set(fingerprint, [at]);
      return false;
    }
    const horizon = at - FLAPPING.windowMs;
    let drop = 0;
    while (drop < times.length && times[drop]! < horizon) drop++;
    if (drop > 0) times.splice(0, drop);
    times.push(at);
    if (times.length > FLAPPING.raises) times.shift();
    return times.length >= FLAPPING.raises;
  }

  /** Forgets fingerprints whose last raise left the window. */
  prune(now: number): void {
    const horizon = now - FLAPPING.windowMs;
    for (const [fp, times] of this.raises) if (times[times.length - 1]! < horizon) this.raises.delete(fp);
  }

  get size(): number {
    return this.raises.size;
  }
}
