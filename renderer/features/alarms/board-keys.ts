import type { BoardAction } from './alarm-permissions';

/**
 * The board's keyboard map, documented on screen (alarms.keys.*): ↑/↓ or k/j move, Home/End
 * jump, Enter expands or folds, a acknowledges, c comments, e escalates, i assigns, d opens the
 * detail drawer. Pure, so the map is tested without a DOM.
 */
export type KeyOutcome =
  | { kind: 'move'; cursor: number }
  | { kind: 'toggle' }
  | { kind: 'detail' }
  | { kind: 'action'; action: BoardAction }
  | { kind: 'ignore' };

export interface KeyInput {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  /** The key went to a text field, a dialog or a menu: never steal it. */
  editing?: boolean;
}

const ACTION_KEYS: Record<string, BoardAction> = { a: 'ack', c: 'comment', e: 'escalate', i: 'assign' };

export function boardKey(input: KeyInput, cursor: number, rows: number): KeyOutcome {
  if (input.editing || input.ctrlKey || input.metaKey || input.altKey) return { kind: 'ignore' };
  const last = rows - 1;
  const clamp = (n: number) => ({ kind: 'move' as const, cursor: rows === 0 ? -1 : Math.max(0, Math.min(last, n)) });
  switch (input.key) {
    case 'ArrowDown':
    case 'j':
      return clamp(cursor < 0 ? 0 : cursor + 1);
    case 'ArrowUp':
    case 'k':
      return clamp(cursor < 0 ? 0 : cursor - 1);
    case 'Home':
      return clamp(0);
    case 'End':
      return clamp(last);
    case 'PageDown':
      return clamp(cursor + 10);
    case 'PageUp':
      return clamp(cursor - 10);
    case 'Enter':
      return cursor >= 0 && cursor < rows ? { kind: 'toggle' } : { kind: 'ignore' };
    case 'd':
      return cursor >= 0 && cursor < rows ? { kind: 'detail' } : { kind: 'ignore' };
  }
  const action = ACTION_KEYS[input.key];
  return action && cursor >= 0 && cursor < rows ? { kind: 'action', action } : { kind: 'ignore' };
}

/** Keeps the cursor on the same row (by key) when the rows change under it, else near where it was. */
export function followCursor(previousKey: string | null, previousIndex: number, keys: readonly string[]): number {
  if (keys.length === 0) return -1;
  if (previousKey !== null) {
    const at = keys.indexOf(previousKey);
    if (at >= 0) return at;
  }
  return previousIndex < 0 ? -1 : Math.min(previousIndex, keys.length - 1);
}
