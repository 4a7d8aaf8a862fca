// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { i18n, setLocale } from '../../app/i18n';
import { formatDateTime, timelineText } from './timeline-text';

const t = (key: string, params?: Record<string, unknown>) => i18n.global.t(key, params ?? {});
const names: Record<string, string> = { 'phy-array-a1': 'DC-A 磁盘阵列-1' };
const nameOf = (id: string) => names[id] ?? id;

describe('timelineText', () => {
  it('renders each kind in the reader’s locale, with names, tiers and people from the details', () => {
    setLocale('zh-CN', false);
    expect(timelineText(t, { kind: 'opened', by: 'system', details: { resource: 'phy-array-a1' } }, nameOf)).toBe('故障开启，根因：DC-A 磁盘阵列-1');
    expect(timelineText(t, { kind: 'escalated', by: 'escalation', details: { from: 1, to: 2 } }, nameOf)).toBe('自动升级 升级至一线应急');
    expect(timelineText(t, { kind: 're-rooted', by: 'system', details: { from: {}, to: { alarmId: 'a', resource: 'phy-array-a1' } } }, nameOf)).toBe('根因变更为 DC-A 磁盘阵列-1');
    expect(timelineText(t, { kind: 'notified', by: 'escalation', details: { tier: 3, people: ['op3', 'op4'] } }, nameOf)).toBe('已通知二线专家：op3, op4');
    setLocale('en', false);
    expect(timelineText(t, { kind: 'acknowledged', by: 'op1', details: null }, nameOf)).toBe('Acknowledged by op1');
    expect(timelineText(t, { kind: 'assigned', by: 'duty', details: { assignee: 'op3' } }, nameOf)).toBe('Assigned to op3 by duty');
    expect(timelineText(t, { kind: 'merged', by: 'system', details: { from: 'I9', alarms: 3 } }, nameOf)).toBe('Incident I9 merged into this one');
    expect(timelineText(t, { kind: 'merged', by: 'system', details: { into: 'I1' } }, nameOf)).toBe('Merged into incident I1');
    setLocale('zh-CN', false);
  });

  it('shows source time in the reader’s time zone: Asia/Shanghai for zh-CN', () => {
    expect(formatDateTime('2025-01-01T00:00:05.000Z', 'zh-CN')).toContain('08:00:05');
    expect(formatDateTime('not a date', 'en')).toBe('not a date');
  });
});
