import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { withStatementCache } from './sqlite-statement-cache.js';

describe('SQLite statement cache', () => {
  const raw = new BetterSqlite3(':memory:');
  raw.exec('create table t (n integer)');
  raw.exec('insert into t values (1), (2), (3)');

  it('prepares a statement once per SQL text, within its bound', () => {
    const db = withStatementCache(raw, 2);
    const a = db.prepare('select n from t');
    expect(db.prepare('select n from t')).toBe(a);
    db.prepare('select n + 1 from t');
    db.prepare('select n + 2 from t');
    // Three texts through a cache of two: the least recently used went.
    expect(db.prepare('select n from t')).not.toBe(a);
  });

  it('never hands out a statement still busy in an open iterator', () => {
    const db = withStatementCache(raw);
    const a = db.prepare('select n from t order by n');
    const it = a.iterate([]);
    expect(it.next().value).toEqual({ n: 1 });
    const b = db.prepare('select n from t order by n');
    expect(b).not.toBe(a);
    expect(b.all([])).toHaveLength(3);
    it.return?.();
    expect(db.prepare('select n from t order by n')).toBe(a);
  });
});
