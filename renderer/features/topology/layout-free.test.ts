/// <reference types="node" />
// The console never lays out a graph (architecture.md: dagre takes 31 s and elkjs 10 s at 1,000
// nodes; ECharts' force layout is O(n²) and reruns on every update). The server places
// everything; the renderer only maps coordinates. This test keeps it that way: no renderer
// source imports a layout library or asks ECharts for a force/circular layout, and the built
// bundle (when one exists) carries none.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const RENDERER = fileURLToPath(new URL('../..', import.meta.url));
const SELF = fileURLToPath(import.meta.url);

/** Graph layout packages (any of their subpaths). */
const LAYOUT_PACKAGES = [
  'dagre',
  '@dagrejs/',
  'elkjs',
  'cytoscape',
  'd3-force',
  'd3-dag',
  'd3-hierarchy',
  'graphology-layout',
  'webcola',
  'klayjs',
  '@antv/layout',
  '@antv/g6',
  'vis-network',
  'ngraph.forcelayout',
  'sigma',
];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return name === 'node_modules' ? [] : sources(p);
    return /\.(ts|vue)$/.test(name) && p !== SELF ? [p] : [];
  });
}

function importsOf(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g)) out.push(m[1]!);
  return out;
}

const isLayoutPackage = (spec: string) => LAYOUT_PACKAGES.some((p) => (p.endsWith('/') ? spec.startsWith(p) : spec === p || spec.startsWith(`${p}/`)));

describe('the renderer lays nothing out', () => {
  const files = sources(RENDERER);

  it('imports no graph layout library', () => {
    expect(files.length).toBeGreaterThan(20);
    const offenders: string[] = [];
    for (const f of files) for (const spec of importsOf(readFileSync(f, 'utf8'))) if (isLayoutPackage(spec)) offenders.push(`${path.relative(RENDERER, f)}: ${spec}`);
    expect(offenders).toEqual([]);
    // The scanner itself recognises what it must refuse.
    expect(importsOf(`import dagre from '@dagrejs/dagre';\nconst e = await import("elkjs/lib/elk.bundled.js");`).filter(isLayoutPackage)).toHaveLength(2);
  });

  it('never asks ECharts for a layout and registers no graph chart', () => {
    const offenders: string[] = [];
    // Tests may build a counter-example option on purpose; shipped code may not.
    for (const f of files.filter((x) => !x.endsWith('.test.ts'))) {
      const text = readFileSync(f, 'utf8');
      if (/layout\s*:\s*['"](force|circular)['"]/.test(text)) offenders.push(`${path.relative(RENDERER, f)}: layout`);
      if (/\bGraphChart\b/.test(text)) offenders.push(`${path.relative(RENDERER, f)}: GraphChart`);
    }
    expect(offenders).toEqual([]);
  });
  // The built bundle is checked end to end (e2e/topology.spec.ts), after `npm test` has built it.
});
