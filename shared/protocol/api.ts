import { z } from 'zod';
import { UserSchema } from '../domain/identity.js';

/** REST shapes shared by the aggregator and the console. */
export const API_PREFIX = '/api/v1';

/** Every error answers this body (product.md). */
export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

export const MAX_PAGE = 1000;
export const MAX_BATCH = 1000;

/** `?limit=&cursor=`: lists answer `{items, nextCursor}`; the cursor is opaque. */
export const PageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(100),
  cursor: z.string().min(1).max(200).optional(),
});
export type PageQuery = z.infer<typeof PageQuerySchema>;

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const LoginRequestSchema = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export const SessionResponseSchema = z.object({
  token: z.string(),
  /** UTC ISO 8601; refresh before this. */
  expiresAt: z.string(),
  user: UserSchema,
});
export type SessionResponse = z.infer<typeof SessionResponseSchema>;
