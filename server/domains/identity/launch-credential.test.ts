import { describe, expect, it } from 'vitest';
import { launchAuthenticator, LAUNCH_CREDENTIAL_ID } from './launch-credential.js';
import { newToken } from './tokens.js';
import { can } from '../../core/auth/principal.js';

describe('the desktop launch credential', () => {
  it('is a read-only display over the whole control room for exactly its own token', () => {
    const token = newToken('display');
    const auth = launchAuthenticator(token);
    const p = auth(token);
    expect(p).toMatchObject({ kind: 'display', credentialId: LAUNCH_CREDENTIAL_ID, scope: { tenants: null } });
    expect(p && can(p, 'topology:read')).toBe(true);
    expect(p && can(p, 'demo:control')).toBe(false);
    expect(p && can(p, 'ingest:write')).toBe(false);
    expect(auth(newToken('display'))).toBeNull();
    expect(auth(token.slice(0, -1))).toBeNull();
    expect(auth('')).toBeNull();
  });

  it('accepts nothing when no launch token is configured, and refuses a non-display secret', () => {
    expect(launchAuthenticator(undefined)(newToken('display'))).toBeNull();
    expect(() => launchAuthenticator(newToken('session'))).toThrow(/display token/);
  });
});
