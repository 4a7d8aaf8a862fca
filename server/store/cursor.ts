import { AppError } from '../core/errors.js';

/**
 * Opaque list cursors (`?cursor=`): the sort key of the last item returned, base64url-encoded
 * JSON, so clients cannot depend on its shape and a tampered cursor answers 400, not a 500.
 */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, shape: readonly ('string' | 'number')[]): (string | number)[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== shape.length) throw invalid();
  parsed.forEach((v, i) => {
    if (typeof v !== shape[i] || (typeof v === 'number' && !Number.isSafeInteger(v))) throw invalid();
  });
  return parsed as (string | number)[];
}

function invalid(): AppError {
  return new AppError(400, 'invalid_cursor', 'the cursor is not one this list returned');
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Repositories fetch `limit + 1` rows; the extra row only tells whether another page exists.
 */
export function pageFrom<T>(rows: T[], limit: number, keyOf: (row: T) => (string | number)[]): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
}
