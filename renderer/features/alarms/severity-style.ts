import { SEVERITIES, type Severity } from '../../../shared/domain/alarms';

/**
 * How each alarm severity looks (紧急 / 重要 / 次要 / 警告 / 提示). Never colour alone
 * (product.md): each severity has its own glyph, and every place that paints one also prints
 * its label (severity-badge.vue). The glyphs differ in shape, not only in fill, so they stay
 * apart for colour-blind readers and on a washed-out projector.
 */
export const SEVERITY_STYLE: Record<Severity, { color: string; glyph: string }> = {
  critical: { color: '#ff4d5e', glyph: '✖' },
  major: { color: '#ff8a3d', glyph: '◆' },
  minor: { color: '#f2c94c', glyph: '▲' },
  warning: { color: '#5aa9ff', glyph: '■' },
  info: { color: '#9aa5b8', glyph: 'ℹ' },
};

/** Worst first: the order counts, badges and lists show severities in. */
export const SEVERITY_DISPLAY_ORDER: readonly Severity[] = SEVERITIES;
