import type { Audience } from '../../core/auth/principal.js';

/**
 * What the metrics domain needs to know about nodes, without depending on topology (which
 * depends on metrics for status). The topology domain implements it with its VisibilityIndex.
 */
export interface NodeAccess {
  /** True only when the node exists and this audience may see it. */
  visible(node: string, audience: Audience): boolean;
  /** Bumps whenever this audience's visible node set changed. */
  version(audience: Audience): number;
}
