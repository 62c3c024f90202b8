import { z } from 'zod';
import { idSchema, isoDateTimeSchema } from './common';

export const roles = ['user', 'publisher', 'admin'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

/**
 * What an API key may do. `read` covers queries and subscriptions, `write` covers
 * mutations (running agents, installing), `publish` covers publishing to the marketplace.
 * Account management (keys, sessions) always needs a signed-in session, never a key.
 */
export const apiKeyScopes = ['read', 'write', 'publish'] as const;
export const apiKeyScopeSchema = z.enum(apiKeyScopes);
export type ApiKeyScope = z.infer<typeof apiKeyScopeSchema>;

export const emailSchema = z
  .string()
  .trim()
  .max(254, 'Email must be at most 254 characters')
  .pipe(z.email('Enter a valid email address'))
  .transform((email) => email.toLowerCase());

export const passwordSchema = z
  .string()
  .min(10, 'Password must be at least 10 characters')
  .max(256, 'Password must be at most 256 characters');

export const displayNameSchema = z
  .string()
  .trim()
  .min(1, 'Name is required')
  .max(80, 'Name must be at most 80 characters');

/**
 * How a new session's tokens reach the client: `cookie` (the web app) sets HttpOnly cookies and
 * keeps tokens out of the response body; `bearer` (apps, the CLI) returns them in the body.
 */
export const tokenTransportSchema = z.enum(['cookie', 'bearer']);
export type TokenTransport = z.infer<typeof tokenTransportSchema>;

export const registerInputSchema = z.strictObject({
  email: emailSchema,
  password: passwordSchema,
  displayName: displayNameSchema,
  transport: tokenTransportSchema.default('cookie'),
});
export type RegisterInput = z.input<typeof registerInputSchema>;

export const loginInputSchema = z.strictObject({
  email: emailSchema,
  password: z
    .string()
    .min(1, 'Password is required')
    .max(256, 'Password must be at most 256 characters'),
  transport: tokenTransportSchema.default('cookie'),
});
export type LoginInput = z.input<typeof loginInputSchema>;

/**
 * Refresh and logout input. The web app sends nothing (the refresh token travels in an HttpOnly
 * cookie); apps and the CLI send the refresh token they were given at login.
 */
export const refreshInputSchema = z
  .strictObject({
    refreshToken: z.string().min(1).max(512).optional(),
  })
  .optional();

export const logoutInputSchema = refreshInputSchema;

export const userSchema = z.object({
  id: idSchema,
  email: z.string(),
  displayName: z.string(),
  role: roleSchema,
  createdAt: isoDateTimeSchema,
});
export type User = z.infer<typeof userSchema>;

/**
 * Returned by register, login and refresh. With the `bearer` transport the tokens are in the
 * body; with `cookie` they are only in HttpOnly cookies and the body's token fields are null.
 */
export const sessionResultSchema = z.object({
  user: userSchema,
  transport: tokenTransportSchema,
  accessToken: z.string().nullable(),
  accessTokenExpiresAt: isoDateTimeSchema,
  refreshToken: z.string().nullable(),
  refreshTokenExpiresAt: isoDateTimeSchema,
  /** Send back in the `x-csrf-token` header on cookie-authenticated mutations. */
  csrfToken: z.string().nullable(),
});
export type SessionResult = z.infer<typeof sessionResultSchema>;

export const meResultSchema = z.object({
  user: userSchema,
  /** How this request was authenticated. */
  via: z.enum(['cookie', 'bearer', 'api_key']),
  scopes: z.array(apiKeyScopeSchema),
  accessTokenExpiresAt: isoDateTimeSchema.nullable(),
});
export type MeResult = z.infer<typeof meResultSchema>;

export const apiKeyNameSchema = z
  .string()
  .trim()
  .min(1, 'Name is required')
  .max(80, 'Name must be at most 80 characters');

export const createApiKeyInputSchema = z.strictObject({
  name: apiKeyNameSchema,
  scopes: z
    .array(apiKeyScopeSchema)
    .min(1, 'Choose at least one scope')
    .max(apiKeyScopes.length)
    .refine((scopes) => new Set(scopes).size === scopes.length, 'Scopes must not repeat'),
  /** Days until the key expires; keys never live longer than a year. */
  expiresInDays: z.number().int().min(1).max(365).default(90),
});
export type CreateApiKeyInput = z.input<typeof createApiKeyInputSchema>;

export const apiKeySchema = z.object({
  id: idSchema,
  name: z.string(),
  /** The non-secret start of the key, to recognise it in lists. */
  prefix: z.string(),
  scopes: z.array(apiKeyScopeSchema),
  createdAt: isoDateTimeSchema,
  expiresAt: isoDateTimeSchema,
  lastUsedAt: isoDateTimeSchema.nullable(),
  revokedAt: isoDateTimeSchema.nullable(),
});
export type ApiKey = z.infer<typeof apiKeySchema>;

export const createdApiKeySchema = z.object({
  apiKey: apiKeySchema,
  /** The full secret. Shown once; only its hash is stored. */
  secret: z.string(),
});
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;

export const revokeApiKeyInputSchema = z.strictObject({ id: idSchema });
