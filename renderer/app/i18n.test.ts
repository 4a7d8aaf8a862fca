/// <reference types="node" />
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ALARM_STATES, ALARM_STEP_KINDS, SEVERITIES } from '../../shared/domain/alarms';
import { INCIDENT_STATES, TIMELINE_KINDS } from '../../shared/domain/incidents';
import { ROLES, TIERS } from '../../shared/domain/roles';
import { GROUP_BYS } from '../features/alarms/alarm-grouping';
import { BOARD_ACTIONS, type DisabledReason } from '../features/alarms/alarm-permissions';
import type { SoundState } from '../features/alarms/sound-player';
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
    for (const s of SEVERITIES) used.add(`severity.${s}`);
    for (const tier of TIERS) used.add(`tier.t${tier}`);
    for (const k of TIMELINE_KINDS) used.add(`alarms.timeline.${k}`);
    for (const k of ALARM_STEP_KINDS) used.add(`alarms.step.${k}`);
    for (const s of INCIDENT_STATES) used.add(`alarms.incidentState.${s}`);
    for (const s of ALARM_STATES) used.add(`alarms.alarmState.${s}`);
    for (const s of ['idle', 'locked', 'playing', 'snoozed', 'muted', 'disabled'] satisfies SoundState[]) used.add(`sound.state.${s}`);
    for (const a of BOARD_ACTIONS) used.add(`alarms.action.${a}`), used.add(`alarms.dialog.title.${a}`);
    for (const r of ['display', 'role', 'acknowledged', 'closed', 'top-tier', 'no-incident'] satisfies DisabledReason[]) used.add(`alarms.reason.${r}`);
    for (const g of GROUP_BYS) used.add(`alarms.group.${g}`);
    expect(used.size).toBeGreaterThan(40);
    const missing = [...used].filter((k) => !LOCALES['zh-CN'].has(k) || !LOCALES.en.has(k));
    expect(missing).toEqual([]);
  });
});
