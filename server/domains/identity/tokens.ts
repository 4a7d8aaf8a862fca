import { createHash, randomBytes } from 'node:crypto';

/**
 * Bearer tokens: a prefix that says what the token is (so a leaked one is recognisable in logs
 * and secret scanners) and 32 random bytes. Only the sha256 of a token is stored; the token
 * itself is shown once, when it is issued.
 */
export const TOKEN_PREFIX = {
  session: 'sft_',
  display: 'sfd_',
  apikey: 'sfk_',
} as const;
export type TokenKind = keyof typeof TOKEN_PREFIX;

export function newToken(kind: TokenKind): string {
  return TOKEN_PREFIX[kind] + randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function tokenKindOf(token: string): TokenKind | null {
  for (const [kind, prefix] of Object.entries(TOKEN_PREFIX) as [TokenKind, string][]) {
    if (token.startsWith(prefix)) return kind;
  }
  return null;
}
