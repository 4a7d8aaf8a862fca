import { DEFAULT_ALARM_RULES, type AlarmRule, type RuleSpec } from '../../../shared/domain/alarm-rules.js';
import type { Clock } from '../../core/clock.js';
import { errors } from '../../core/errors.js';
import { decodeCursor, encodeCursor, type Page } from '../../store/cursor.js';
import type { RuleEngine } from './rule-engine.js';
import type { RuleRepository } from './rule-repository.js';

/** Rules at most (a rule is evaluated per changed series: the set must stay small). */
export const MAX_RULES = 500;

/**
 * Rules as data (issue #6): every edit is a new version, old versions stay readable; the
 * current version of each rule lives in memory for the engine. Deleting disables: it writes a
 * new version with `enabled: false` (history kept; a PUT with `enabled: true` brings it back),
 * and the rule's open alarms clear.
 */
export class RuleService {
  private readonly current = new Map<string, AlarmRule>();
  /** The current rules as one array, replaced (a new identity) whenever any rule changes. */
  private snapshot: readonly AlarmRule[] | null = null;

  constructor(
    private readonly deps: { repo: RuleRepository; engine: RuleEngine; wallClock: Clock },
  ) {}

  /** Reads the current rules; seeds DEFAULT_ALARM_RULES into an empty store. */
  async load(): Promise<void> {
    let rules = await this.deps.repo.current();
    if (rules.length === 0) {
      const at = new Date(this.deps.wallClock.now()).toISOString();
      for (const d of DEFAULT_ALARM_RULES) {
        await this.deps.repo.insert({ ...d, version: 1, updatedBy: 'system', updatedAt: at } as AlarmRule);
      }
      rules = await this.deps.repo.current();
    }
    for (const r of rules) this.apply(r);
  }

  list(limit: number, cursor: string | undefined): Page<AlarmRule> {
    const after = cursor ? (decodeCursor(cursor, ['string'])[0] as string) : null;
    const ids = [...this.current.keys()].sort().filter((id) => after === null || id > after);
    const items = ids.slice(0, limit).map((id) => this.current.get(id)!);
    return { items, nextCursor: ids.length > limit ? encodeCursor([items[items.length - 1]!.id]) : null };
  }

  /** Every current rule (disabled ones included); a new array after each change, so readers can compare by identity. */
  all(): readonly AlarmRule[] {
    return (this.snapshot ??= Object.freeze([...this.current.values()]));
  }

  get(id: string): AlarmRule {
    const r = this.current.get(id);
    if (!r) throw errors.notFound('rule');
    return r;
  }

  async versions(id: string, limit: number, cursor: string | undefined): Promise<Page<AlarmRule>> {
    this.get(id);
    const before = cursor ? (decodeCursor(cursor, ['number'])[0] as number) : null;
    const rows = await this.deps.repo.versions(id, limit + 1, before);
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit ? encodeCursor([items[items.length - 1]!.version]) : null };
  }

  async create(id: string, spec: RuleSpec, by: string): Promise<AlarmRule> {
    if (this.current.has(id)) throw errors.conflict(`rule ${id} exists; edit it with PUT`);
    if (this.current.size >= MAX_RULES) throw errors.conflict(`at most ${MAX_RULES} rules`);
    return this.write({ ...spec, id, version: 1, updatedBy: by, updatedAt: this.now() } as AlarmRule);
  }

  async update(id: string, spec: RuleSpec, expectedVersion: number | undefined, by: string): Promise<AlarmRule> {
    const cur = this.get(id);
    if (expectedVersion !== undefined && expectedVersion !== cur.version) {
      throw errors.conflict(`rule ${id} is at version ${cur.version}, not ${expectedVersion}`);
    }
    return this.write({ ...spec, id, version: cur.version + 1, updatedBy: by, updatedAt: this.now() } as AlarmRule);
  }

  async disable(id: string, by: string): Promise<AlarmRule> {
    const cur = this.get(id);
    if (!cur.enabled) throw errors.conflict(`rule ${id} is already disabled`);
    return this.write({ ...cur, enabled: false, version: cur.version + 1, updatedBy: by, updatedAt: this.now() });
  }

  private async write(rule: AlarmRule): Promise<AlarmRule> {
    await this.deps.repo.insert(rule);
    this.apply(rule);
    return rule;
  }

  private apply(rule: AlarmRule): void {
    this.current.set(rule.id, rule);
    this.snapshot = null;
    this.deps.engine.set(rule);
  }

  private now(): string {
    return new Date(this.deps.wallClock.now()).toISOString();
  }
}
