import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './passwords.js';
import { hashToken, newToken, tokenKindOf } from './tokens.js';

describe('passwords', () => {
  it('verifies the right password only, and never stores it in clear', async () => {
    const stored = await hashPassword('s3cret-密码');
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(stored).not.toContain('s3cret');
    expect(await verifyPassword('s3cret-密码', stored)).toBe(true);
    expect(await verifyPassword('s3cret-密碼', stored)).toBe(false);
    // Same password, different salt.
    expect(await hashPassword('s3cret-密码')).not.toBe(stored);
  });

  it('a malformed or absurd stored hash matches nothing instead of throwing', async () => {
    for (const bad of ['', 'plain', 'scrypt$1$8$1$AA$AA', 'scrypt$1073741824$8$1$AAAA$' + 'A'.repeat(43), 'bcrypt$x$y$z$a$b']) {
      expect(await verifyPassword('x', bad)).toBe(false);
    }
  });
});

describe('tokens', () => {
  it('carry their kind in a prefix and are stored only as a sha256', () => {
    const t = newToken('display');
    expect(t).toMatch(/^sfd_[A-Za-z0-9_-]{43}$/);
    expect(tokenKindOf(t)).toBe('display');
    expect(tokenKindOf(newToken('session'))).toBe('session');
    expect(tokenKindOf(newToken('apikey'))).toBe('apikey');
    expect(tokenKindOf('ghp_abc')).toBeNull();
    expect(hashToken(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(newToken('apikey')).not.toBe(newToken('apikey'));
  });
});
