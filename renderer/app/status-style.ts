import type { NodeStatus } from '../../shared/domain/topology';

/**
 * How each status looks. Severity is never colour alone (product.md): every status has its own
 * glyph and its label is always shown beside it. Colours are chosen for a dark wall and stay
 * distinguishable with the common colour-vision deficiencies by shape.
 */
export const STATUS_STYLE: Record<NodeStatus, { color: string; glyph: string }> = {
  ok: { color: '#2fbf71', glyph: '●' },
  warning: { color: '#f2c94c', glyph: '▲' },
  critical: { color: '#ff8a3d', glyph: '◆' },
  down: { color: '#ff4d5e', glyph: '✖' },
  unknown: { color: '#9aa5b8', glyph: '?' },
  maintenance: { color: '#5aa9ff', glyph: '⚙' },
};

/** Worst first: the order lists and tickers show statuses in. */
export const STATUS_DISPLAY_ORDER: readonly NodeStatus[] = ['down', 'critical', 'warning', 'unknown', 'maintenance', 'ok'];
