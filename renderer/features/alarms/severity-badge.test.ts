// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { SEVERITIES } from '../../../shared/domain/alarms';
import { i18n, setLocale } from '../../app/i18n';
import SeverityBadge from './severity-badge.vue';
import SeverityCounts from './severity-counts.vue';
import { SEVERITY_STYLE } from './severity-style';
import { counts } from './alarms-test-fixtures';

describe('SeverityBadge', () => {
  it('prints the label and a glyph of its own for every severity, not only a colour', () => {
    setLocale('zh-CN', false);
    const labels = { critical: '紧急', major: '重要', minor: '次要', warning: '警告', info: '提示' };
    for (const s of SEVERITIES) {
      const w = mount(SeverityBadge, { props: { severity: s }, global: { plugins: [i18n] } });
      expect(w.find('.label').text()).toBe(labels[s]);
      expect(w.find('.glyph').text()).toBe(SEVERITY_STYLE[s].glyph);
      expect(w.attributes('data-severity')).toBe(s);
    }
    expect(new Set(SEVERITIES.map((s) => SEVERITY_STYLE[s].glyph)).size).toBe(SEVERITIES.length);
  });

  it('follows the reader’s locale and shows a count when given', async () => {
    setLocale('en', false);
    const w = mount(SeverityBadge, { props: { severity: 'major', count: 1234 }, global: { plugins: [i18n] } });
    expect(w.find('.label').text()).toBe('Major');
    expect(w.find('.count').text()).toBe((1234).toLocaleString());
    setLocale('zh-CN', false);
    await w.vm.$nextTick();
    expect(w.find('.label').text()).toBe('重要');
  });
});

describe('SeverityCounts', () => {
  it('shows every severity worst first with its label, a dash before data, and the unacknowledged share', async () => {
    setLocale('zh-CN', false);
    const w = mount(SeverityCounts, { props: { counts: null, label: 'x' }, global: { plugins: [i18n] } });
    expect(w.findAll('[data-testid^="severity-count-"]').map((e) => e.attributes('data-testid'))).toEqual(SEVERITIES.map((s) => `severity-count-${s}`));
    expect(w.find('[data-testid="severity-count-critical"] .big').text()).toBe('–');
    await w.setProps({ counts: counts({ critical: 3 }), unacknowledged: counts({ critical: 2 }) });
    const critical = w.find('[data-testid="severity-count-critical"]');
    expect(critical.find('.big').text()).toBe('3');
    expect(critical.text()).toContain('紧急');
    expect(critical.find('.sub').text()).toBe('未确认 2');
  });
});
