import { timingSafeEqual } from 'node:crypto';
import type { Principal } from '../../core/auth/principal.js';
import { hashToken, tokenKindOf } from './tokens.js';

/**
 * The desktop shell starts its bundled aggregator with a secret made for this launch only
 * (`SKYFORT_LAUNCH_TOKEN`) and hands it to its wall windows through the preload, so walls on the
 * machine that runs the aggregator need no stored credential and nobody has to sign in. It is a
 * display credential over the whole control room: read-only, never stored, gone when the
 * process ends.
 */
export const LAUNCH_CREDENTIAL_ID = 'desktop-launch';

export function launchAuthenticator(launchToken: string | undefined): (token: string) => Principal | null {
  if (!launchToken) return () => null;
  if (tokenKindOf(launchToken) !== 'display') throw new Error('SKYFORT_LAUNCH_TOKEN must be a display token (sfd_…)');
  // Comparing hashes keeps the comparison constant-time whatever the presented length.
  const expected = Buffer.from(hashToken(launchToken), 'hex');
  return (token) => {
    if (!timingSafeEqual(Buffer.from(hashToken(token), 'hex'), expected)) return null;
    return {
      kind: 'display',
      credentialId: LAUNCH_CREDENTIAL_ID,
      name: 'desktop wall',
      scope: { tenants: null, topics: ['*'], views: ['*'] },
      expiresAt: null,
    };
  };
}
