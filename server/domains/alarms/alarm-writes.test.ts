import { describe, expect, it } from 'vitest';
import type { Alarm } from '../../../shared/domain/alarms.js';
import { AlarmWrites } from './alarm-writes.js';

const alarm = (id: string, count: number, summary = 's'): Alarm =>
  ({ id, count, summary, lastSeen: `t${count}`, state: 'active' }) as unknown as Alarm;
const ids = (xs: Alarm[]) => xs.map((a) => `${a.id}:${a.count}`);

describe('alarm writes (write-behind buffer)', () => {
  it('holds repeats back, takes them as count-only rows unless something else moved since the last write', () => {
    const w = new AlarmWrites(100);
    w.changed(alarm('a', 1), 'repeat');
    w.changed(alarm('b', 1), 'write-later');
    w.changed(alarm('b', 2), 'repeat');
    w.changed(alarm('c', 1), 'write');
    w.changed(alarm('c', 2), 'repeat');
    // Without repeats, only what must go now; a repeat after a pending write rides along whole.
    let t = w.take(false);
    expect(ids(t.alarms)).toEqual(['c:2']);
    expect(t.repeats).toEqual([]);
    t = w.take(true);
    // b moved its summary before repeating: written whole; a only repeated: count and lastSeen.
    expect(ids(t.alarms)).toEqual(['b:2']);
    expect(ids(t.repeats)).toEqual(['a:1']);
    expect(w.pendingCount).toBe(0);
  });

  it('puts back a failed flush under what changed since', () => {
    const w = new AlarmWrites(100);
    w.changed(alarm('a', 1), 'repeat');
    w.changed(alarm('b', 1), 'write');
    const t = w.take(true);
    w.changed(alarm('b', 2), 'repeat');
    w.putBack(t);
    // b's whole row failed: it goes out whole with its latest state; a stays a count-only row.
    const again = w.take(true);
    expect(ids(again.alarms)).toEqual(['b:2']);
    expect(ids(again.repeats)).toEqual(['a:1']);
  });
});
