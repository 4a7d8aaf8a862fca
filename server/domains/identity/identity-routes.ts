import type { AnyRoute } from '../../core/http/route.js';
import { authRoutes } from './auth-routes.js';
import { credentialRoutes } from './credential-routes.js';
import { directoryRoutes } from './directory-routes.js';
import type { IdentityService } from './identity-service.js';

/**
 * Every identity route: sign-in and sessions (auth-routes), tenants and users
 * (directory-routes), display credentials and API keys (credential-routes).
 */
export function identityRoutes(service: IdentityService): AnyRoute[] {
  return [...authRoutes(service), ...directoryRoutes(service), ...credentialRoutes(service)];
}
