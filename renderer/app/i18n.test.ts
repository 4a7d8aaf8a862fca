/// <reference types="node" />
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROLES } from '../../shared/domain/roles';
import { LAYERS, STATUSES } from '../../shared/domain/topology';
import { en } from './locales/en';
import { zhCN } from './locales/zh-CN';

type Tree = { [k: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name: string) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.(ts|vue)$/.test(name) && !name.endsWith('.test.ts') && !p.includes(`${path.sep}locales${path.sep}`) ? [p] : [];
  });
}

const LOCALES = { 'zh-CN': flatten(zhCN as unknown as Tree), en: flatten(en as unknown as Tree) };
const NAMESPACES = Object.keys(zhCN);
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  it('both locales have exactly the same keys, none empty, with the same placeholders', () => {
    const zh = [...LOCALES['zh-CN'].keys()].sort();
    expect([...LOCALES.en.keys()].sort()).toEqual(zh);
    for (const key of zh) {
      for (const [locale, messages] of Object.entries(LOCALES)) expect(messages.get(key)?.trim(), `${locale} ${key}`).toBeTruthy();
      expect(placeholders(LOCALES.en.get(key)!), key).toEqual(placeholders(LOCALES['zh-CN'].get(key)!));
    }
  });

  it('every key the console uses exists in both locales', () => {
    const keyPattern = new RegExp(`['"\`]((?:${NAMESPACES.join('|')})\\.[A-Za-z0-9.-]+)['"\`]`, 'g');
    const used = new Set<string>();
    const files = sources(fileURLToPath(new URL('..', import.meta.url)));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      for (const m of readFileSync(file, 'utf8').matchAll(keyPattern)) used.add(m[1]!);
    }
    // Keys built from domain values (`status.${s}`): every value must have its message.
    for (const s of STATUSES) used.add(`status.${s}`);
    for (const l of LAYERS) used.add(`layer.${l}`);
    for (const r of ROLES) used.add(`role.${r}`);
    for (const r of ['expired', 'revoked', 'signed-out']) used.add(`endReason.${r}`);
    expect(used.size).toBeGreaterThan(40);
    const missing = [...used].filter((k) => !LOCALES['zh-CN'].has(k) || !LOCALES.en.has(k));
    expect(missing).toEqual([]);
  });
});
