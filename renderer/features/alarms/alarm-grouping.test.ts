import { describe, expect, it } from 'vitest';
import { buildRows, groupKey, incidentKey, NO_SYSTEM, UNKNOWN_DC, type BoardRow } from './alarm-grouping';
import { alarm, incident } from './alarms-test-fixtures';
import { NodeDirectory } from './node-directory';

const dir = new NodeDirectory(
  [
    { id: 'array', name: 'Disk array A1', dc: 'DC-A', layer: 'physical' },
    { id: 'vol', name: 'Volume', dc: 'DC-A', layer: 'iaas' },
    { id: 'db', name: 'Billing DB', dc: 'DC-A', layer: 'paas' },
    { id: 'billing', name: '融合计费', dc: 'DC-A', layer: 'business' },
    { id: 'crm', name: 'CRM', dc: 'DC-A', layer: 'business' },
    { id: 'sw', name: 'Switch', dc: 'DC-B', layer: 'physical' },
  ],
  [
    { source: 'vol', target: 'array', kind: 'stores-on' },
    { source: 'db', target: 'vol', kind: 'stores-on' },
    { source: 'billing', target: 'db', kind: 'uses' },
    { source: 'crm', target: 'db', kind: 'uses' },
  ],
);

const root = alarm('r', { resource: 'array', severity: 'critical', incidentId: 'I1' });
const sym1 = alarm('s1', { resource: 'vol', severity: 'major', incidentId: 'I1' });
const sym2 = alarm('s2', { resource: 'db', severity: 'critical', incidentId: 'I1' });
const other = alarm('o', { resource: 'sw', severity: 'minor', incidentId: 'I2' });
const lone = alarm('l', { resource: 'sw', severity: 'critical', incidentId: null });
const I1 = incident('I1', { rootAlarmId: 'r', rootResource: 'array', severity: 'critical', alarmCount: 5, openCount: 4 });
const I2 = incident('I2', { rootAlarmId: 'o', rootResource: 'sw', severity: 'minor', openCount: 1 });
const alarms = [sym2, other, lone, sym1, root];
const keys = (rows: BoardRow[]) => rows.map((r) => r.key);

describe('buildRows by incident', () => {
  it('lists each incident once, symptoms folded, worst first, lone alarms interleaved by severity', () => {
    const rows = buildRows({ alarms, incidents: [I2, I1], groupBy: 'incident', toggled: new Set(), directory: dir });
    expect(keys(rows)).toEqual(['i:I1', 'a:l', 'i:I2']);
    expect(rows[0]).toMatchObject({ kind: 'incident', held: 3, expanded: false });
  });

  it('expanded, puts the root cause first and its symptoms under it, then says how many it does not hold', () => {
    const rows = buildRows({ alarms, incidents: [I1, I2], groupBy: 'incident', toggled: new Set([incidentKey('I1')]), directory: dir });
    expect(keys(rows)).toEqual(['i:I1', 'i:I1/a:r', 'i:I1/a:s2', 'i:I1/a:s1', 'i:I1/more', 'a:l', 'i:I2']);
    expect(rows.slice(1, 4).map((r) => (r.kind === 'alarm' ? [r.role, r.depth] : null))).toEqual([
      ['root', 1],
      ['symptom', 1],
      ['symptom', 1],
    ]);
    expect(rows[4]).toMatchObject({ kind: 'more', hidden: 1, incidentId: 'I1' });
    // Every alarm appears exactly once.
    const shown = rows.flatMap((r) => (r.kind === 'alarm' ? [r.alarm.id] : []));
    expect(new Set(shown).size).toBe(shown.length);
  });

  it('an alarm whose incident is not held stands alone rather than vanishing', () => {
    const rows = buildRows({ alarms: [sym1], incidents: [], groupBy: 'incident', toggled: new Set(), directory: dir });
    expect(rows).toEqual([expect.objectContaining({ kind: 'alarm', role: 'alone', depth: 0 })]);
  });
});

describe('buildRows by business system and data center', () => {
  it('groups by the business systems a resource serves, roots first, shared gear under every system it hits', () => {
    const rows = buildRows({ alarms, incidents: [I1, I2], groupBy: 'system', toggled: new Set(), directory: dir });
    const headers = rows.filter((r) => r.kind === 'group');
    expect(headers.map((h) => (h.kind === 'group' ? [h.label, h.total] : null))).toEqual([
      ['CRM', 3],
      ['融合计费', 3],
      [NO_SYSTEM, 2],
    ]);
    expect(keys(rows).slice(0, 4)).toEqual([groupKey('crm'), 'g:crm/a:r', 'g:crm/a:s2', 'g:crm/a:s1']);
    expect(rows[1]).toMatchObject({ role: 'root' });
    expect(headers[0]).toMatchObject({ counts: { critical: 2, major: 1, minor: 0, warning: 0, info: 0 } });
  });

  it('groups by data center, open by default, folded on toggle', () => {
    const open = buildRows({ alarms, incidents: [I1, I2], groupBy: 'dc', toggled: new Set(), directory: dir });
    expect(open.filter((r) => r.kind === 'group').map((r) => r.key)).toEqual(['g:DC-A', 'g:DC-B']);
    const folded = buildRows({ alarms, incidents: [I1, I2], groupBy: 'dc', toggled: new Set(['g:DC-A']), directory: dir });
    expect(keys(folded)).toEqual(['g:DC-A', 'g:DC-B', 'g:DC-B/a:o', 'g:DC-B/a:l']);
    const unknown = buildRows({ alarms: [alarm('x', { resource: 'nowhere' })], incidents: [], groupBy: 'dc', toggled: new Set(), directory: dir });
    expect(unknown[0]).toMatchObject({ kind: 'group', group: UNKNOWN_DC });
  });
});
