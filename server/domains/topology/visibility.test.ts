import { describe, expect, it } from 'vitest';
import type { Audience } from '../../core/auth/principal.js';
import { buildStack, edge, node, smallGraph } from './test-support/domain-stack.js';

const billing: Audience = { kind: 'tenants', tenants: ['billing'] };
const channel: Audience = { kind: 'tenants', tenants: ['channel'] };
const both: Audience = { kind: 'tenants', tenants: ['billing', 'channel'] };

function visible(stack: ReturnType<typeof buildStack>, a: Audience): string[] {
  const v = stack.topology.visibility.visibleNodes(a);
  return v === 'all' ? ['*all*'] : [...v].sort();
}

describe('VisibilityIndex', () => {
  it('shows a tenant its own systems, the shared node and their dependency closure, never the other tenant', () => {
    const s = buildStack();
    smallGraph(s);
    expect(visible(s, billing)).toEqual(['b-app', 'b-sys', 'b-vm', 'shared-db', 'srv', 'vm-shared']);
    expect(visible(s, channel)).toEqual(['c-app', 'c-sys', 'c-vm', 'shared-db', 'srv', 'vm-shared']);
    expect(visible(s, both)).toHaveLength(9);
    expect(visible(s, { kind: 'operations' })).toEqual(['*all*']);
    expect(visible(s, { kind: 'nobody' })).toEqual([]);
    const v = s.topology.visibility;
    expect(v.visible('lonely', { kind: 'operations' })).toBe(true);
    expect(v.visible('lonely', billing)).toBe(false);
    expect(v.visible('no-such-node', { kind: 'operations' })).toBe(false);
    expect(v.isEdgeVisible(edge('b-app', 'shared-db'), billing)).toBe(true);
    expect(v.isEdgeVisible(edge('c-app', 'shared-db'), billing)).toBe(false);
  });

  it('never walks through another tenant’s node', () => {
    const s = buildStack();
    smallGraph(s);
    // billing → channel's app → channel's VM: neither channel node may appear for billing.
    s.ingest.port.declare({ nodes: [], edges: [edge('b-sys', 'c-app')] });
    expect(visible(s, billing)).not.toContain('c-app');
    expect(visible(s, billing)).not.toContain('c-vm');
  });

  it('updates the set when an edge is added, bumping only the affected audience’s version', () => {
    const s = buildStack();
    smallGraph(s);
    const v = s.topology.visibility;
    const before = { billing: v.version(billing), channel: v.version(channel), ops: v.version({ kind: 'operations' }) };
    s.ingest.port.declare({ nodes: [], edges: [edge('b-vm', 'lonely', 'stores-on')] });
    expect(visible(s, billing)).toContain('lonely');
    expect(visible(s, channel)).not.toContain('lonely');
    expect(v.version(billing)).toBeGreaterThan(before.billing);
    expect(v.version(channel)).toBe(before.channel);
    expect(v.version({ kind: 'operations' })).toBe(before.ops);
    // A structural change that moves no set moves no version.
    const now = v.version(billing);
    s.ingest.port.declare({ nodes: [], edges: [edge('b-sys', 'shared-db')] });
    expect(v.version(billing)).toBe(now);
    // Removing the edge hides the node again.
    s.ingest.port.remove({ edges: [edge('b-vm', 'lonely', 'stores-on')] });
    expect(visible(s, billing)).not.toContain('lonely');
    expect(v.version(billing)).toBeGreaterThan(now);
  });

  it('follows a node changing tenant', () => {
    const s = buildStack();
    smallGraph(s);
    s.ingest.port.declare({ nodes: [node('vm-shared', 'iaas', 'channel')], edges: [] });
    expect(visible(s, billing)).not.toContain('vm-shared');
    expect(visible(s, channel)).toContain('vm-shared');
  });
});
