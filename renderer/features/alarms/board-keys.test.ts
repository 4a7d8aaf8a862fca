import { describe, expect, it } from 'vitest';
import { boardKey, followCursor } from './board-keys';

describe('boardKey', () => {
  it('moves with arrows and j/k, clamped to the rows, and jumps with Home/End', () => {
    expect(boardKey({ key: 'ArrowDown' }, -1, 5)).toEqual({ kind: 'move', cursor: 0 });
    expect(boardKey({ key: 'j' }, 0, 5)).toEqual({ kind: 'move', cursor: 1 });
    expect(boardKey({ key: 'j' }, 4, 5)).toEqual({ kind: 'move', cursor: 4 });
    expect(boardKey({ key: 'k' }, 0, 5)).toEqual({ kind: 'move', cursor: 0 });
    expect(boardKey({ key: 'ArrowUp' }, 3, 5)).toEqual({ kind: 'move', cursor: 2 });
    expect(boardKey({ key: 'End' }, 0, 5)).toEqual({ kind: 'move', cursor: 4 });
    expect(boardKey({ key: 'Home' }, 3, 5)).toEqual({ kind: 'move', cursor: 0 });
    expect(boardKey({ key: 'j' }, -1, 0)).toEqual({ kind: 'move', cursor: -1 });
  });

  it('expands with Enter and maps a/c/e/i/d to acknowledge, comment, escalate, assign, details', () => {
    expect(boardKey({ key: 'Enter' }, 1, 5)).toEqual({ kind: 'toggle' });
    expect(boardKey({ key: 'a' }, 1, 5)).toEqual({ kind: 'action', action: 'ack' });
    expect(boardKey({ key: 'c' }, 1, 5)).toEqual({ kind: 'action', action: 'comment' });
    expect(boardKey({ key: 'e' }, 1, 5)).toEqual({ kind: 'action', action: 'escalate' });
    expect(boardKey({ key: 'i' }, 1, 5)).toEqual({ kind: 'action', action: 'assign' });
    expect(boardKey({ key: 'd' }, 1, 5)).toEqual({ kind: 'detail' });
  });

  it('never steals keys from text fields or shortcuts with modifiers, and needs a row for actions', () => {
    expect(boardKey({ key: 'a', editing: true }, 1, 5)).toEqual({ kind: 'ignore' });
    expect(boardKey({ key: 'c', ctrlKey: true }, 1, 5)).toEqual({ kind: 'ignore' });
    expect(boardKey({ key: 'j', metaKey: true }, 1, 5)).toEqual({ kind: 'ignore' });
    expect(boardKey({ key: 'a' }, -1, 5)).toEqual({ kind: 'ignore' });
    expect(boardKey({ key: 'Enter' }, -1, 5)).toEqual({ kind: 'ignore' });
    expect(boardKey({ key: 'x' }, 1, 5)).toEqual({ kind: 'ignore' });
  });
});

describe('followCursor', () => {
  it('stays on the same row when rows move, else near where it was', () => {
    expect(followCursor('b', 1, ['x', 'a', 'b'])).toBe(2);
    expect(followCursor('gone', 4, ['a', 'b'])).toBe(1);
    expect(followCursor(null, -1, ['a'])).toBe(-1);
    expect(followCursor('a', 0, [])).toBe(-1);
  });
});
